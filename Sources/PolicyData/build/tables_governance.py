"""Governance tables: EIU Democracy Index and V-Dem indices by country and year.

Each index keeps its own table and version: the OWID V-Dem v13 series and the third-party
V-Dem extract (version unstated, to 2024) disagree slightly for the same years, so they are
never merged. Freedom House scores are deliberately absent: their terms are non-commercial
(DESIGN.md), so they are not shipped.
"""
import rawfiles
from rawfiles import col, read_csv

EIU_FILE = "owid-eiu-democracy/democracy-index-eiu.csv"
VDEM_FILE = "owid-vdem/electoral-democracy-index.csv"
EXTRACT_FILE = "vdem-student-extract/vdem_v2x_indices_lac_usa_1960_2024.csv"

EIU_VERSION = "EIU Democracy Index, 2006–2024 editions, via Our World in Data"
VDEM_VERSION = "V-Dem v13 (v2x_polyarchy), via Our World in Data (electdem_vdem_owid)"
EXTRACT_VERSION = "V-Dem, version not stated upstream (2023–2024 values imply v14 or v15)"
EXTRACT_PROVENANCE = ("third-party extract: university course project ES-1085/f2025-ds1-project-f4 "
                      "(data/vdem3.csv), not an official V-Dem release")

SOURCES = [
    {"id": "owid_eiu_democracy",
     "publisher": "Economist Intelligence Unit (Democracy Index), processed by Our World in Data",
     "title": "Democracy Index (OWID grapher export democracy-index-eiu.csv)",
     "edition": "2006–2024 (the file has 2006, 2008 and every year 2010–2024)",
     "license": "OWID processing CC BY 4.0; the EIU retains rights in the index",
     "raw_files": [EIU_FILE],
     "caveats": "Copied unchanged from Thooms-coder/Democracy_Index (commit b691ce89). Score 0–10. 167 countries; "
                "no 2007 or 2009 editions.",
     "redistributable": True},
    {"id": "owid_vdem_v13",
     "publisher": "V-Dem Institute (Varieties of Democracy), processed by Our World in Data",
     "title": "Electoral democracy index (v2x_polyarchy), OWID grapher export electoral-democracy-index.csv",
     "edition": "V-Dem v13 (1789–2022)",
     "license": "V-Dem data CC BY-SA 4.0; OWID processing CC BY 4.0",
     "raw_files": [VDEM_FILE],
     "caveats": "Copied unchanged from agstephens/msc-mod-prog-dsets (commit 337c2d4d). Index 0–1. Ends in 2022.",
     "redistributable": True},
    {"id": "vdem_student_extract",
     "publisher": "V-Dem Institute (Varieties of Democracy), via a third-party course-project extract",
     "title": "V-Dem v2x indices for LAC and the USA, 1960–2024 (ES-1085/f2025-ds1-project-f4, data/vdem3.csv)",
     "edition": "version not stated upstream (2023–2024 values imply v14 or v15)",
     "license": "V-Dem data CC BY-SA 4.0; the extracting repository states no license",
     "raw_files": [EXTRACT_FILE],
     "caveats": "Third-party extract from a university course project (commit f4e1a8e3) that merged V-Dem with World "
                "Bank data; duplicate country-years were dropped when it was copied. Values differ slightly from "
                "OWID v13 for the same years (expected across V-Dem versions). Use for 2023–2024 only with that caveat.",
     "redistributable": True},
]


def _scope():
    # iso3 -> kind for every country of the countries table (rawfiles, shared with
    # tables_countries.py). Other countries are not rows here.
    scope = {iso: "lac_territory" for iso in rawfiles.COUNTRY_SET}
    scope.update({iso: "lac_sovereign" for iso in rawfiles.LAC_SOVEREIGN})
    scope.update({iso: "context" for iso in rawfiles.CONTEXT})
    return scope


def _number(text, where):
    text = text.strip()
    if text in ("", "NA"):
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{where}: expected a number or NA, got {text!r}")


def _coverage_gaps(scope, rows, label):
    # Name the sovereign LAC states and context countries with no figure at all; territories
    # are not scored by these indices, which one sentence says.
    have = {r["iso3"] for r in rows}
    missing = sorted(iso for iso, kind in scope.items() if kind != "lac_territory" and iso not in have)
    gaps = []
    if missing:
        gaps.append(f"No {label} figures for: {', '.join(missing)} (not in the source file): no rows.")
    gaps.append(f"Territories (e.g. ABW, CYM) have no {label} figures.")
    return gaps


def _eiu(raw, scope):
    rows = []
    for i, r in enumerate(read_csv(raw, EIU_FILE), start=2):
        if r["Code"] not in scope:
            continue
        rows.append({"iso3": r["Code"], "year": int(r["Year"]), "country_name": r["Entity"],
                     "eiu_democracy_score": _number(r["Democracy score"], f"{EIU_FILE} line {i}"),
                     "version": EIU_VERSION})
    rows.sort(key=lambda r: (r["iso3"], r["year"]))
    return {
        "name": "governance_eiu",
        "description": "EIU Democracy Index overall score (0–10) by country and year, 2006–2024, via Our World in Data.",
        "grain": "country-year",
        "key": ["iso3", "year"],
        "source": "owid_eiu_democracy",
        "columns": [col("iso3", "string", None, "ISO 3166-1 alpha-3"),
                    col("year", "integer", None, "Year the score refers to"),
                    col("country_name", "string", None, "Entity name as published by OWID"),
                    col("eiu_democracy_score", "float", "index 0-10", "EIU Democracy Index overall score (10 = most democratic)"),
                    col("version", "string", None, "Index edition and distributor")],
        "rows": rows,
        "gaps": ["No 2007 or 2009 figures in the file: null years are simply absent."] + _coverage_gaps(scope, rows, "EIU"),
    }


def _vdem(raw, scope):
    rows = []
    for i, r in enumerate(read_csv(raw, VDEM_FILE), start=2):
        if r["Code"] not in scope:
            continue
        rows.append({"iso3": r["Code"], "year": int(r["Year"]), "country_name": r["Entity"],
                     "vdem_electoral_democracy": _number(r["electdem_vdem_owid"], f"{VDEM_FILE} line {i}"),
                     "version": VDEM_VERSION})
    rows.sort(key=lambda r: (r["iso3"], r["year"]))
    return {
        "name": "governance_vdem",
        "description": "V-Dem electoral democracy index (v2x_polyarchy, 0–1) by country and year to 2022, V-Dem v13 "
                       "via Our World in Data.",
        "grain": "country-year",
        "key": ["iso3", "year"],
        "source": "owid_vdem_v13",
        "columns": [col("iso3", "string", None, "ISO 3166-1 alpha-3"),
                    col("year", "integer", None, "Year the index refers to"),
                    col("country_name", "string", None, "Entity name as published by OWID"),
                    col("vdem_electoral_democracy", "float", "index 0-1", "V-Dem electoral democracy index (v2x_polyarchy)"),
                    col("version", "string", None, "V-Dem version and distributor")],
        "rows": rows,
        "gaps": ["No figures after 2022 in V-Dem v13; later years exist only in the third-party extract "
                 "(governance_vdem_extract)."] + _coverage_gaps(scope, rows, "V-Dem v13"),
    }


_EXTRACT_INDICES = [
    ("v2x_polyarchy", "Electoral democracy index"),
    ("v2x_libdem", "Liberal democracy index"),
    ("v2x_partipdem", "Participatory democracy index"),
    ("v2x_delibdem", "Deliberative democracy index"),
    ("v2x_egaldem", "Egalitarian democracy index"),
]


def _extract(raw, scope):
    rows = []
    for i, r in enumerate(read_csv(raw, EXTRACT_FILE), start=2):
        where = f"{EXTRACT_FILE} line {i}"
        values = {name: _number(r[name], f"{where} {name}") for name, _ in _EXTRACT_INDICES}
        if all(v is None for v in values.values()):
            continue  # countries V-Dem does not code appear with every index NA: nothing to keep
        iso3 = r["country_text_id"]
        if iso3 not in scope:
            raise ValueError(f"{where}: ISO3 {iso3!r} has figures but is not in the countries table")
        rows.append({"iso3": iso3, "year": int(r["year"]), "country_name": r["country_name"], **values,
                     "version": EXTRACT_VERSION, "provenance": EXTRACT_PROVENANCE})
    rows.sort(key=lambda r: (r["iso3"], r["year"]))
    return {
        "name": "governance_vdem_extract",
        "description": "Five V-Dem high-level democracy indices (0–1) for LAC states and the USA, 1960–2024, from a "
                       "third-party course-project extract (version not stated). Not an official V-Dem release; "
                       "values differ slightly from governance_vdem (v13) for the same years.",
        "grain": "country-year",
        "key": ["iso3", "year"],
        "source": "vdem_student_extract",
        "columns": [col("iso3", "string", None, "ISO 3166-1 alpha-3 (V-Dem country_text_id)"),
                    col("year", "integer", None, "Year the indices refer to"),
                    col("country_name", "string", None, "Country name as in the extract"),
                    *[col(name, "float", "index 0-1", f"V-Dem {label} ({name})") for name, label in _EXTRACT_INDICES],
                    col("version", "string", None, "V-Dem version (as far as known)"),
                    col("provenance", "string", None, "Where the extract comes from; flags it as third-party")],
        "rows": rows,
        "gaps": ["Rows where every index is NA in the extract (countries V-Dem does not code: small Caribbean states "
                 "and territories) are dropped."] + _coverage_gaps(scope, rows, "V-Dem extract"),
    }


def build(raw):
    scope = _scope()
    return [_eiu(raw, scope), _vdem(raw, scope), _extract(raw, scope)]
