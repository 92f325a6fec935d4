"""countries and income_groups: who is who (names, aliases, regions, memberships).

Rows: the 33 sovereign LAC states, the LAC territories covered by the Census trade file and
the WDI remittances file, and the United States, Canada and China for context.
"""

import re

import rawfiles
from rawfiles import col, read_csv

CODES = "datahub-country-codes/country-codes.csv"
CC_TSV = "country-converter/country_data.tsv"
CC_MEMBERS = "country-converter/memberships_lac_usa.csv"
INCOME = "owid-wb-income-groups/world-bank-income-groups.csv"
FACTS = "membership-facts/lac_us_fta_and_taiwan_recognition.csv"
BRI = "gfdc-bri-countries/bri_countries_2025-05.csv"
CENSUS_CODES = "census-trade-by-country/census_partner_codes_lac.csv"

TAIWAN_AS_OF = "2023-03-26"

SOURCES = [
    {"id": "datahub_country_codes", "publisher": "ISO 3166 / UN M49 (UN Statistics Division), compiled by datahub.io",
     "title": "Comprehensive country codes (datasets/country-codes)",
     "edition": "datasets/country-codes commit caa72d1e0e5af8876c170bb36a9e4d64a01bba88",
     "license": "ODC-PDDL-1.0", "raw_files": [CODES],
     "caveats": "Names in English, Spanish, French and Chinese only; no Portuguese or Dutch names. "
                "UN M49 intermediate regions give Caribbean / Central America / South America.",
     "redistributable": True},
    {"id": "country_converter", "publisher": "IndEcol, country_converter (PyPI package 1.3.2)",
     "title": "country_converter country_data.tsv (names, regex, memberships)",
     "edition": "1.3.2", "license": "GPL-3.0",
     "raw_files": [CC_TSV, CC_MEMBERS],
     "caveats": "Membership columns as published in the package: in LAC, APEC = Chile, Mexico, Peru; "
                "G20 = Argentina, Brazil, Mexico; OECD = Chile (2010), Colombia (2020), Costa Rica (2021), "
                "Mexico (1994). Not checked against the organisations' own lists.",
     "redistributable": True},
    {"id": "owid_wb_income", "publisher": "World Bank (OGHIST country income classifications), processed by Our World in Data",
     "title": "World Bank income groups (grapher export world-bank-income-groups.csv)",
     "edition": "1987–2024 GNI reference years (Year 2024 = classification released July 2025, FY2026); "
                "copy from Harry9087655/ST115-group-project commit f0e73df392667444298962e5d730431953686fbf",
     "license": "CC BY 4.0 (OWID and World Bank)", "raw_files": [INCOME],
     "caveats": "Year is the GNI reference year, not the fiscal year of the classification (Year 2023 = "
                "released July 2024, FY2025). Venezuela is unclassified in recent years in the source itself.",
     "redistributable": True},
    {"id": "membership_facts", "publisher": "Compiled for this dataset from USTR (ustr.gov/trade-agreements) and Reuters",
     "title": "US free-trade agreement partners in LAC and recognition of the Republic of China (Taiwan)",
     "edition": "FTA list per USTR; Taiwan allies per Reuters factbox 'And then there were 13', 2023-03-26",
     "license": "Facts compiled from public pages", "raw_files": [FACTS],
     "caveats": "Compiled by hand, not downloaded. The Taiwan column is dated 2023-03-26; later changes were not "
                "checked. Both columns should be re-verified against ustr.gov and Taiwan MOFA before publication.",
     "redistributable": True},
    {"id": "gfdc_bri", "publisher": "Nedopil, Christoph (2025), Green Finance & Development Center, FISF Fudan University",
     "title": "Countries of the Belt and Road Initiative",
     "edition": "May 2025 (25_05_BRI-countries-public.xlsx, sheet 'BRI countries'), copy from "
                "esabin756/bri-education-project commit 4c3ee479f0dc4b686fdaed96616eb8ac7c97c09c",
     "license": "No licence stated; the workbook asks to be cited (citation in sheet 'copyright')",
     "raw_files": [BRI, "gfdc-bri-countries/25_05_BRI-countries-public.xlsx"],
     "caveats": "152 countries that signed a BRI memorandum of understanding; dates are the compiler's "
                "'likely date of joining' and 'likely date of exit' (e.g. Panama exit 2025-05-04, Colombia "
                "joining 2025-05-14).",
     "redistributable": True},
]

# UNTERM short names carry the article in parentheses: "Brasil (el)", "Mexico" -> strip it.
ARTICLE = re.compile(r"\s*\((the|el|la|los|las|le|la|les|l')\)$")
# Name columns of datahub by language, for the local name.
LOCAL_NAME_COLUMN = {"en": "official_name_en", "es": "official_name_es", "fr": "official_name_fr",
                     "zh": "official_name_cn", "ru": "official_name_ru", "ar": "official_name_ar"}


def country_set():
    groups = {}
    for iso in rawfiles.LAC_SOVEREIGN:
        groups[iso] = "lac_sovereign"
    for iso in rawfiles.CENSUS_TERRITORIES + rawfiles.WDI_ONLY_TERRITORIES:
        groups[iso] = "lac_territory"
    for iso in rawfiles.CONTEXT:
        groups[iso] = "context"
    return groups


def local_language(codes_row):
    """The national language: the first language tag whose region is the country itself
    (es-MX, fr-HT, pt-BR), else the first tag listed."""
    tags = [t.strip() for t in codes_row["Languages"].split(",") if t.strip()]
    iso2 = codes_row["ISO3166-1-Alpha-2"]
    for t in tags:
        if "-" in t and t.split("-")[1] == iso2:
            return t.split("-")[0]
    return tags[0].split("-")[0] if tags else None


def aliases_for(name, candidates):
    seen = {name.casefold()}
    out = []
    for c in candidates:
        c = ARTICLE.sub("", (c or "").strip())
        if c and c.casefold() not in seen:
            if ";" in c:
                raise ValueError(f"alias {c!r} contains the separator ';'")
            seen.add(c.casefold())
            out.append(c)
    return "; ".join(out) if out else None


def yes_no(text, where):
    if text == "yes":
        return True
    if text == "no":
        return False
    raise ValueError(f"{where}: expected yes/no, found {text!r}")


def build(raw):
    groups = country_set()
    codes = {r["ISO3166-1-Alpha-3"]: r for r in read_csv(raw, CODES) if r["ISO3166-1-Alpha-3"] in groups}
    cc = {r["ISO3"]: r for r in read_csv(raw, CC_TSV, delimiter="\t") if r["ISO3"] in groups}
    members = {r["ISO3"]: r for r in read_csv(raw, CC_MEMBERS)}
    facts = {r["iso3"]: r for r in read_csv(raw, FACTS)}
    bri = {r["Country Code"]: r for r in read_csv(raw, BRI)}
    census = {r["country_code"]: r for r in read_csv(raw, CENSUS_CODES)}
    income_rows = [r for r in read_csv(raw, INCOME) if r["Code"] in groups]
    latest_year = max(int(r["Year"]) for r in read_csv(raw, INCOME))
    latest_income = {r["Code"]: r["World Bank's income classification"] for r in income_rows
                     if int(r["Year"]) == latest_year}

    for iso in groups:
        for what, table in (("datahub country-codes", codes), ("country_converter", cc), ("memberships_lac_usa", members)):
            if iso not in table:
                raise ValueError(f"countries: {iso} missing from {what}")

    rows = []
    no_local = []
    no_income = []
    for iso, group in groups.items():
        c, k, m = codes[iso], cc[iso], members[iso]
        name = k["name_short"]
        lang = local_language(c)
        local = c.get(LOCAL_NAME_COLUMN.get(lang, ""), "") or None
        if local is None:
            no_local.append(f"{iso} ({lang})")
        subregion = c["Intermediate Region Name"] or c["Sub-region Name"]
        f = facts.get(iso)
        b = bri.get(iso)
        oecd_year = rawfiles.integer(m["OECD"])
        income = latest_income.get(iso)
        if income is None:
            no_income.append(iso)
        rows.append({
            "iso3": iso,
            "iso2": c["ISO3166-1-Alpha-2"],
            "m49": rawfiles.integer(c["M49"]),
            "name": name,
            "name_official": k["name_official"],
            "local_name": local,
            "local_name_lang": lang,
            "aliases": aliases_for(name, [
                c["official_name_en"], c["UNTERM English Short"], c["CLDR display name"],
                k["name_official"], census.get(iso, {}).get("name"), f and f["name"],
                c["official_name_es"], c["UNTERM Spanish Short"], c["official_name_fr"],
                c["UNTERM French Short"], local]),
            "group": group,
            "is_lac": group != "context",
            "is_territory": group == "lac_territory",
            "territory_status": c["is_independent"] if group == "lac_territory" else None,
            "un_region": c["Region Name"],
            "un_subregion": subregion,
            "income_group": income,
            "un_member_year": rawfiles.integer(m["UNmember"]),
            "oecd_member": oecd_year is not None,
            "oecd_accession_year": oecd_year,
            "apec_member": m["APEC"] == "APEC",
            "g20_member": m["G20"] == "G20",
            "us_fta": yes_no(f["us_fta_partner"], f"{FACTS} {iso}") if f else None,
            "us_fta_agreement": (f["us_fta_agreement"] or None) if f else None,
            "recognizes_taiwan": yes_no(f["recognizes_roc_taiwan_as_of_2023_03_26"], f"{FACTS} {iso}") if f else None,
            "taiwan_recognition_as_of": TAIWAN_AS_OF if f else None,
            "bri_member": b is not None,
            "bri_joined": (b["Likely date of joining"] or None) if b else None,
            "bri_exited": (b["Likely date of exit"] or None) if b else None,
        })

    countries = {
        "name": "countries",
        "description": "One row per country: the 33 sovereign states of Latin America and the Caribbean, the LAC "
                       "territories covered by the Census trade file (and Puerto Rico, US Virgin Islands and Saint "
                       "Martin, which appear in the WDI remittances file), and the United States, Canada and China "
                       "for context. Names, aliases for search, UN subregion, latest World Bank income group, "
                       "memberships, US free-trade agreements, recognition of Taiwan and Belt and Road membership.",
        "grain": "country",
        "key": ["iso3"],
        "source": "datahub_country_codes",
        "columns": [
            col("iso3", "string", None, "ISO 3166-1 alpha-3 code"),
            col("iso2", "string", None, "ISO 3166-1 alpha-2 code"),
            col("m49", "integer", None, "UN M49 numeric code"),
            col("name", "string", None, "Short English name (country_converter name_short)", source="country_converter"),
            col("name_official", "string", None, "Official English name (country_converter name_official)", source="country_converter"),
            col("local_name", "string", None, "Official name in the national language (first language tag of the country's own "
                "region in datahub Languages), when datahub carries a name in that language (en, es, fr, zh)"),
            col("local_name_lang", "string", None, "ISO 639-1 code of the national language used for local_name"),
            col("aliases", "string", None, "Other names for search, separated by '; ': official and UNTERM names in English, "
                "Spanish and French, CLDR display name, country_converter official name, Census partner name"),
            col("group", "string", None, "lac_sovereign | lac_territory | context (USA, CAN, CHN)"),
            col("is_lac", "boolean", None, "In Latin America and the Caribbean (sovereign state or territory)"),
            col("is_territory", "boolean", None, "A dependent territory, not a sovereign state"),
            col("territory_status", "string", None, "For territories: datahub is_independent text (e.g. 'Part of NL', 'Territory of GB')"),
            col("un_region", "string", None, "UN M49 region (Americas, Asia)"),
            col("un_subregion", "string", None, "UN M49 intermediate region for LAC (Caribbean, Central America, South America), "
                "else the M49 sub-region (Northern America, Eastern Asia)"),
            col("income_group", "string", None, f"World Bank income classification for GNI reference year {latest_year} "
                f"(the latest in the source), as published by OWID", source="owid_wb_income"),
            col("un_member_year", "integer", None, "Year of UN membership (country_converter UNmember)", source="country_converter"),
            col("oecd_member", "boolean", None, "OECD member per country_converter", source="country_converter"),
            col("oecd_accession_year", "integer", None, "OECD accession year per country_converter", source="country_converter"),
            col("apec_member", "boolean", None, "APEC member economy per country_converter", source="country_converter"),
            col("g20_member", "boolean", None, "G20 member per country_converter", source="country_converter"),
            col("us_fta", "boolean", None, "Has a comprehensive free-trade agreement in force with the United States (USTR list)", source="membership_facts"),
            col("us_fta_agreement", "string", None, "Which agreement: USMCA, CAFTA-DR or bilateral (US-Chile, ...)", source="membership_facts"),
            col("recognizes_taiwan", "boolean", None, "Recognises the Republic of China (Taiwan) diplomatically, as of taiwan_recognition_as_of", source="membership_facts"),
            col("taiwan_recognition_as_of", "date", None, "Date at which recognizes_taiwan was recorded (Reuters factbox)", source="membership_facts"),
            col("bri_member", "boolean", None, "Listed by GFDC (May 2025) as having signed a Belt and Road MoU (including "
                "countries that later exited)", source="gfdc_bri"),
            col("bri_joined", "date", None, "GFDC 'likely date of joining' the BRI", source="gfdc_bri"),
            col("bri_exited", "date", None, "GFDC 'likely date of exit' from the BRI", source="gfdc_bri"),
        ],
        "rows": rows,
        "gaps": [
            f"local_name is null where the raw files carry no name in the national language: {', '.join(sorted(no_local))} "
            "(datahub has no Portuguese, Dutch or Haitian Creole names; the Spanish name, e.g. 'Brasil', is among the aliases).",
            f"income_group is null where the World Bank gives no classification for GNI year {latest_year}: "
            f"{', '.join(sorted(no_income))}. Venezuela is unclassified in the source itself (last classified for GNI "
            "year 2019, see income_groups); territories that the World Bank does not classify have no row.",
            "us_fta, us_fta_agreement, recognizes_taiwan and taiwan_recognition_as_of are null for territories and for "
            "USA, CAN, CHN: the compiled membership file covers the 33 sovereign LAC states only (Canada's USMCA "
            "membership is therefore not recorded here; see the agreements tables).",
            "Taiwan recognition is as of 2023-03-26 (after Honduras switched); later changes were not checked.",
            "APEC/G20/OECD membership comes from the country_converter package, not from the organisations; it was not "
            "re-verified.",
            "BRI: China itself is listed by GFDC (joining date 2013-12-01) and is kept as published.",
        ],
    }

    history = []
    for r in income_rows:
        history.append({"iso3": r["Code"], "year": int(r["Year"]), "income_group": r["World Bank's income classification"]})
    income_groups = {
        "name": "income_groups",
        "description": "World Bank income classification by country and GNI reference year (OGHIST via Our World in "
                       "Data), for the countries in `countries`. Year is the GNI reference year: the classification "
                       "based on year Y is released in July of Y+1 (fiscal year Y+2).",
        "grain": "country-year",
        "key": ["iso3", "year"],
        "source": "owid_wb_income",
        "columns": [
            col("iso3", "string", None, "ISO 3166-1 alpha-3 code"),
            col("year", "integer", None, "GNI reference year of the classification"),
            col("income_group", "string", None, "World Bank income classification as published by OWID "
                "(Low-, Lower-middle-, Upper-middle-, High-income countries)"),
        ],
        "rows": history,
        "gaps": [
            "A country-year without a classification has no row (Venezuela after GNI year 2019; territories the "
            "World Bank does not classify).",
        ],
    }
    return [countries, income_groups, m49_lac(raw, groups)]


M49_LAC = "Latin America and the Caribbean"


def m49_lac(raw, groups):
    """Every area the UN M49 list (as compiled by datahub) puts in Latin America and the
    Caribbean, sovereign or not: the list that says how many "countries and territories" the
    region has under that definition, including those the countries table leaves out."""
    rows = []
    for r in read_csv(raw, CODES):
        if r["Sub-region Name"] != M49_LAC:
            continue
        iso = r["ISO3166-1-Alpha-3"]
        rows.append({"iso3": iso, "m49": rawfiles.integer(r["M49"]), "name": r["CLDR display name"] or r["official_name_en"],
                     "status": r["is_independent"], "sovereign": r["is_independent"] == "Yes",
                     "un_subregion": r["Intermediate Region Name"] or r["Sub-region Name"],
                     "in_countries": iso in groups})
    return {
        "name": "m49_lac_areas",
        "description": f"One row per area of the UN M49 region '{M49_LAC}' (datahub country-codes): sovereign states "
                       f"and territories, with their status as datahub publishes it and whether the countries table "
                       f"has them.",
        "grain": "area",
        "key": ["iso3"],
        "source": "datahub_country_codes",
        "columns": [
            col("iso3", "string", None, "ISO 3166-1 alpha-3 code"),
            col("m49", "integer", None, "UN M49 numeric code"),
            col("name", "string", None, "Short English name (CLDR display name)"),
            col("status", "string", None, "datahub is_independent as published: Yes, or the territory's status "
                                       "(e.g. 'Territory of GB', 'Part of FR')"),
            col("sovereign", "boolean", None, "Whether status is Yes (a sovereign state)"),
            col("un_subregion", "string", None, "UN M49 intermediate region (Caribbean, Central America, South America)"),
            col("in_countries", "boolean", None, "Whether the countries table has a row for it (it keeps only the "
                                              "territories a trade or remittance file covers)"),
        ],
        "rows": rows,
        "gaps": [],
    }
