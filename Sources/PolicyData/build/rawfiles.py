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


# Short human names for chart legends and axes, by column name: a name means the same in
# every table that has it. A module may still pass its own label.
LABELS = {
    "us_exports_usd_mn": "US exports", "us_imports_usd_mn": "US imports",
    "us_balance_usd_mn": "US balance (exports − imports)",
    "partner_imports_from_china_usd": "Imports from China", "partner_exports_to_china_usd": "Exports to China",
    "total_trade_usd": "Trade with China", "partner_balance_usd": "Balance with China (exports − imports)",
    "china_reported_exports_usd": "China's exports (China's report)",
    "china_reported_imports_usd": "China's imports (China's report)",
    "partner_reported_imports_from_china_usd": "Imports from China (partners' reports)",
    "partner_reported_exports_to_china_usd": "Exports to China (partners' reports)",
    "projects": "Projects", "commitments_usd_const2021": "Commitments (2021 US$)",
    "commitments_usd_bn_const2021": "Commitments (2021 US$ bn)",
    "weighted_interest_rate_pct": "Weighted interest rate", "amount_usd_mn": "Amount",
    "population": "Population", "gdp_usd": "GDP", "remittances_usd": "Remittances",
    "remittances_pct_gdp": "Remittances, % of GDP", "eiu_democracy_score": "EIU Democracy Index",
    "vdem_electoral_democracy": "V-Dem electoral democracy", "encounter_count": "Encounters",
    "value_tonnes": "Tonnes", "world_total_tonnes": "World total (tonnes)",
    "other_countries_tonnes": "USGS 'Other countries' (tonnes)", "share_of_world_pct": "Share of world",
    "proven_crude_reserves_mb": "Proven crude reserves", "world_proven_crude_reserves_mb": "World proven crude reserves",
    "oil_reserves_bn_barrels": "Oil reserves", "gas_reserves_tcm": "Gas reserves",
    "oil_production_kbd": "Oil production", "world_oil_reserves_bn_barrels": "World oil reserves",
    "months_covered": "Months covered", "claimed_value": "Claimed value",
}


def col(name, type_, unit, description, source=None, label=None):
    """A catalog column dict (the one column helper of the table modules): `unit` None when the
    column has none; `source` only when it differs from the table's; `label` a short human
    name for chart legends and axes (by default LABELS[name], if any)."""
    c = {"name": name, "type": type_, "unit": unit, "description": description}
    if source is not None:
        c["source"] = source
    label = label or LABELS.get(name)
    if label is not None:
        c["label"] = label
    return c


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
