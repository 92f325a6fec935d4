"""Small readers shared by the tables_*.py modules (standard library only).

Not a table module (its name does not start with tables_), so build_dataset.py does not
collect it; modules import it as `import rawfiles`.
"""

import csv
import math
import re

# The 33 sovereign states of Latin America and the Caribbean, as listed in data/raw/SOURCES.md.
LAC_SOVEREIGN = (
    "ATG ARG BHS BRB BLZ BOL BRA CHL COL CRI CUB DMA DOM ECU SLV GRD GTM GUY HTI HND JAM MEX "
    "NIC PAN PRY PER KNA LCA VCT SUR TTO URY VEN"
).split()
# Territories the Census trade file covers (SOURCES.md section 1) ...
CENSUS_TERRITORIES = "ABW AIA CUW CYM FLK GLP GUF MSR MTQ SXM TCA VGB".split()
# ... plus the LAC territories that only the WDI remittances file lists (section 3), so that
# its rows resolve to a country too.
WDI_ONLY_TERRITORIES = "MAF PRI VIR".split()
CONTEXT = ["USA", "CAN", "CHN"]
# Every iso3 of the countries table; other tables may only use these.
COUNTRY_SET = frozenset(LAC_SOVEREIGN + CENSUS_TERRITORIES + WDI_ONLY_TERRITORIES + CONTEXT)


def read_csv(raw, relpath, delimiter=","):
    """Rows of a raw CSV file as dicts; the file must exist (a missing file is a build error)."""
    path = raw / relpath
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def number(text):
    """A float from a raw cell, or None for an empty cell. Anything else is a build error."""
    if text is None:
        return None
    text = text.strip()
    if text == "":
        return None
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"non-finite number {text!r}")
    return value


def integer(text):
    value = number(text)
    if value is None:
        return None
    if value != int(value):
        raise ValueError(f"expected an integer, found {text!r}")
    return int(value)


def column(name, type_, description, unit=None, source=None):
    """A catalog column dict; `source` only when it differs from the table's."""
    c = {"name": name, "type": type_, "unit": unit, "description": description}
    if source is not None:
        c["source"] = source
    return c


def col(name, type_, unit, description, source=None):
    """column() with the unit before the description, the order the table modules write."""
    return column(name, type_, description, unit, source)


# country_converter's published regular expressions (a raw file): no name list is typed in by hand.
COUNTRY_DATA_FILE = "country-converter/country_data.tsv"


def name_to_iso3(raw):
    """A lookup from a country name in any raw file's spelling (CBP's "CHINA, PEOPLES REPUBLIC
    OF", USGS's "Congo (Kinshasa)") to its ISO3, by country_converter's regular expressions;
    None when no pattern or more than one matches (CBP's OTHER, ambiguous names)."""
    patterns = [(re.compile(r["regex"], re.I), r["ISO3"]) for r in read_csv(raw, COUNTRY_DATA_FILE, "\t")]

    def lookup(name):
        hits = {iso for rx, iso in patterns if rx.search(name)}
        return hits.pop() if len(hits) == 1 else None
    return lookup
