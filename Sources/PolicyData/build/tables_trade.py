"""us_trade (partner-year) and us_trade_aggregates (Census aggregate rows), 2015–2024."""

import rawfiles
from rawfiles import column, read_csv

TRADE = "census-trade-by-country/us_goods_trade_by_partner_annual.csv"
CODES = "census-trade-by-country/census_partner_codes_lac.csv"

SOURCES = [
    {"id": "census_trade", "publisher": "U.S. Census Bureau, Foreign Trade Division",
     "title": "U.S. Trade in Goods by Country (country.xlsx; Census basis, goods, not seasonally adjusted)",
     "edition": "Latest revision at fetch (2026) of 2015–2024, via corbett-hobbs/congress-ideology commit "
                "31caa71f316e15a560aa25459ad00849328f1e02",
     "license": "Public domain (US federal government work)",
     "raw_files": [TRADE, CODES],
     "caveats": "US$ millions, nominal. Exports = total exports (EYR); imports = general imports (IYR); "
                "balance = exports − imports. Census revises history each June. Annual values were transcribed "
                "from the upstream per-year JSON files; checked: exports − imports = balance within 0.1, the six "
                "CAFTA-DR members sum to the CAFTA-DR aggregate within 0.3, Canada + Mexico = North America within "
                "0.1. World totals are not in the copied files. USMCA aggregates start in 2020 (Jul–Dec); NAFTA "
                "aggregates cover 2015–2020 (2020 Jan–Jun); NAFTA-with-Mexico exports are 0 as published.",
     "redistributable": True},
]

MONEY = "US$ millions"


def money_columns():
    return [
        column("us_exports_usd_mn", "float", "US total exports of goods to the partner (Census EYR)", unit=MONEY),
        column("us_imports_usd_mn", "float", "US general imports of goods from the partner (Census IYR)", unit=MONEY),
        column("us_balance_usd_mn", "float", "Exports − imports; positive = US surplus", unit=MONEY),
    ]


def money(r):
    return {
        "us_exports_usd_mn": rawfiles.number(r["us_exports_usd_mn"]),
        "us_imports_usd_mn": rawfiles.number(r["us_imports_usd_mn"]),
        "us_balance_usd_mn": rawfiles.number(r["us_balance_usd_mn"]),
    }


def build(raw):
    partners, aggregates = [], []
    for r in read_csv(raw, TRADE):
        base = {"census_code": r["census_code"], "year": int(r["year"])}
        if r["group"] == "aggregate":
            aggregates.append({**base, "aggregate": r["partner_name"], **money(r)})
        else:
            partners.append({"iso3": r["country_code"], **base, "partner_name": r["partner_name"],
                             "group": r["group"], **money(r)})
    if any(not p["iso3"].isalpha() or len(p["iso3"]) != 3 for p in partners):
        raise ValueError(f"{TRADE}: a non-aggregate row has no ISO3 code")

    us_trade = {
        "name": "us_trade",
        "vintage": "Census 2015–2024",
        "description": "US goods trade with each Latin American and Caribbean partner (33 sovereign states and 12 "
                       "territories) and with Canada and China for context, by year, 2015–2024 (Census basis, "
                       "US$ millions, nominal). Balance is positive when the US has a surplus.",
        "grain": "partner-year",
        "key": ["iso3", "year"],
        "source": "census_trade",
        "columns": [
            column("iso3", "string", "Partner, ISO 3166-1 alpha-3"),
            column("year", "integer", "Calendar year"),
            column("census_code", "string", "Census Schedule C country code"),
            column("partner_name", "string", "Partner name as published by Census"),
            column("group", "string", "lac_sovereign | lac_territory | context (Canada, China)"),
        ] + money_columns(),
        "rows": partners,
        "gaps": [
            "Census World totals (codes 0004/0015) are not in the raw files, so no partner share of total US trade "
            "can be computed from this table alone.",
            "Bermuda and Greenland (Census 'context' codes) were not transcribed.",
        ],
    }
    us_trade_aggregates = {
        "name": "us_trade_aggregates",
        "description": "Census aggregate rows of US goods trade by year, 2015–2024: CAFTA-DR, South and Central "
                       "America, North America, the EU, other regions, NAFTA and USMCA consumption groups, Advanced "
                       "Technology Products (US$ millions, nominal).",
        "grain": "aggregate-year",
        "key": ["census_code", "year"],
        "source": "census_trade",
        "columns": [
            column("census_code", "string", "Census aggregate code (e.g. 0017 = CAFTA-DR)"),
            column("year", "integer", "Calendar year"),
            column("aggregate", "string", "Aggregate name as published by Census"),
        ] + money_columns(),
        "rows": aggregates,
        "gaps": [
            "USMCA aggregates (0021, 0022) exist from 2020 only (July–December 2020); NAFTA aggregates (0005, 0006) "
            "cover 2015–2020 (2020 January–June). NAFTA-with-Mexico exports are 0 in every year as published.",
            "The 'South and Central America' aggregate (0009) includes Bermuda, which is not in us_trade.",
        ],
    }
    return [us_trade, us_trade_aggregates]
