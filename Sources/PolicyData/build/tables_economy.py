"""economy: population, GDP and remittances received by country and year (World Bank WDI,
three files of different vintages; the remittances share of GDP is derived here and says so).
"""

import rawfiles
from rawfiles import col, read_csv

POPULATION = "datahub-population/population.csv"
GDP = "datahub-gdp/gdp.csv"
REMITTANCES = "remittances-wdi/wdi_BX.TRF.PWKR.CD.DT_lac_usa_world.csv"

SOURCES = [
    {"id": "wdi_population", "publisher": "World Bank, World Development Indicators (SP.POP.TOTL), via datahub.io",
     "title": "Population, total", "edition": "datasets/population commit 425fc447a53a26c767a15a7de60c4cc2478a0595 "
                                              "(1960–2024)",
     "license": "ODC-PDDL-1.0 (datapackage); WDI itself CC BY 4.0", "raw_files": [POPULATION],
     "caveats": "WDI vintage of the datahub snapshot (not stated beyond the commit); values to 2024.",
     "redistributable": True},
    {"id": "wdi_gdp", "publisher": "World Bank, World Development Indicators (NY.GDP.MKTP.CD), via datahub.io",
     "title": "GDP (current US$)", "edition": "datasets/gdp commit 822019c80142c162e4ca4eb1a63699ae36075078 (1960–2023)",
     "license": "ODC-PDDL-1.0 (datapackage); WDI itself CC BY 4.0", "raw_files": [GDP],
     "caveats": "Values to 2023; some economies end earlier (Venezuela 2014). Earlier WDI vintage than the "
                "remittances file.",
     "redistributable": True},
    {"id": "wdi_remittances", "publisher": "World Bank, World Development Indicators (BX.TRF.PWKR.CD.DT); IMF balance of "
                                         "payments data and World Bank staff estimates",
     "title": "Personal remittances, received (current US$)",
     "edition": "WDI April 2026 (Last Updated 2026-04-08), copy from nayc-599/FIT2179-DV2 commit "
                "75ddba1b55276958232d263078b4b923713aa7eb",
     "license": "CC BY 4.0 (WDI)", "raw_files": [REMITTANCES],
     "caveats": "Current US$, not % of GDP (BX.TRF.PWKR.DT.GD.ZS was not found). Values to 2024. No values at all for "
                "Cuba, Puerto Rico, St Martin, BVI, USVI; Venezuela ends 2016, Barbados 2017, Turks and Caicos 2018; "
                "Aruba, Curaçao, Sint Maarten and Guyana end 2023; the Bahamas has only 2020–2024.",
     "redistributable": True},
]


def long_file(raw, relpath, countries):
    """{(iso3, year): value} from a datahub long file (Country Code, Year, Value)."""
    out = {}
    for r in read_csv(raw, relpath):
        if r["Country Code"] in countries:
            value = rawfiles.number(r["Value"])
            if value is not None:
                out[(r["Country Code"], int(r["Year"]))] = value
    return out


def wide_file(raw, relpath, countries):
    out = {}
    for r in read_csv(raw, relpath):
        if r["Country Code"] not in countries:
            continue
        for key, text in r.items():
            if key.isdigit():
                value = rawfiles.number(text)
                if value is not None:
                    out[(r["Country Code"], int(key))] = value
    return out


def build(raw):
    countries = rawfiles.COUNTRY_SET
    population = long_file(raw, POPULATION, countries)
    gdp = long_file(raw, GDP, countries)
    remittances = wide_file(raw, REMITTANCES, countries)
    rows = []
    for iso, year in sorted(set(population) | set(gdp) | set(remittances)):
        pop = population.get((iso, year))
        if pop is not None and pop != int(pop):
            raise ValueError(f"{POPULATION}: {iso} {year}: population {pop} is not a whole number")
        g, rem = gdp.get((iso, year)), remittances.get((iso, year))
        rows.append({"iso3": iso, "year": year,
                     "population": int(pop) if pop is not None else None,
                     "gdp_usd": g,
                     "remittances_usd": rem,
                     # Rounded to 4 decimals: enough for a share, and no float noise in the file.
                     "remittances_pct_gdp": round(100 * rem / g, 4) if rem is not None and g else None})
    no_remit = sorted(c for c in countries if not any(k[0] == c for k in remittances))
    no_gdp = sorted(c for c in countries if not any(k[0] == c for k in gdp))
    return [{
        "name": "economy",
        "vintage": "WDI to 2024",
        "description": "Population, GDP (current US$) and personal remittances received (current US$) by country and "
                       "year, World Bank WDI, with remittances as a share of GDP derived here where both exist. The "
                       "three series come from different WDI vintages (population and GDP from datahub snapshots, GDP "
                       "to 2023; remittances WDI April 2026, to 2024).",
        "grain": "country-year",
        "key": ["iso3", "year"],
        "source": "wdi_gdp",
        "columns": [
            col("iso3", "string", None, "ISO 3166-1 alpha-3"),
            col("year", "integer", None, "Calendar year"),
            col("population", "integer", "persons", "Population, total (SP.POP.TOTL)", source="wdi_population"),
            col("gdp_usd", "float", "US$ (current)", "GDP, current US$ (NY.GDP.MKTP.CD)"),
            col("remittances_usd", "float", "US$ (current)", "Personal remittances received, current US$ (BX.TRF.PWKR.CD.DT)", source="wdi_remittances"),
            col("remittances_pct_gdp", "float", "percent of GDP", "100 × remittances_usd / gdp_usd, derived here (not the WDI indicator "
                "BX.TRF.PWKR.DT.GD.ZS) and rounded to 4 decimals; mixes the April 2026 remittances vintage with the "
                "older GDP vintage", source="wdi_remittances"),
        ],
        "rows": rows,
        "gaps": [
            "remittances_pct_gdp is derived from two WDI vintages and is null where either figure is missing — in "
            "particular for 2024 everywhere (GDP ends in 2023) and Venezuela after 2014 (GDP ends in 2014).",
            f"No GDP in the raw file for: {', '.join(no_gdp)}.",
            f"No remittances in the raw file for: {', '.join(no_remit)}; Venezuela ends 2016, Barbados 2017, Turks and "
            "Caicos 2018; Aruba, Curaçao, Sint Maarten and Guyana end 2023; the Bahamas has only 2020–2024.",
            "A country-year appears when at least one of the three figures exists; the others are null, never zero.",
        ],
    }]
