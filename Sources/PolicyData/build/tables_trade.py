"""us_trade (partner-year, 1991 to the last complete year) and us_trade_monthly (partner-month,
January 1991 to the newest published month), from Census's monthly trade-by-country lines."""

import datetime

import census_monthly
import rawfiles
from rawfiles import col, read_csv

ANNUAL = "census-trade-by-country/us_goods_trade_by_partner_annual.csv"
CODES = "census-trade-by-country/census_partner_codes_lac.csv"
CC = rawfiles.COUNTRY_DATA_FILE

SOURCES = [
    {"id": "census_trade", "publisher": "U.S. Census Bureau, Foreign Trade Division",
     "title": "U.S. Trade in Goods by Country (country.xlsx; Census basis, goods, not seasonally adjusted)",
     "edition": "Census 1991–2025, monthly to 2026-08: 1991–2025 as revised at fetch (2026), via "
                "corbett-hobbs/congress-ideology commit 31caa71f316e15a560aa25459ad00849328f1e02; January–August "
                "2026 via its commit ada6e805d0e359db339b6203b01c051f646192d5",
     "license": "Public domain (US federal government work)",
     "raw_files": census_monthly.FILES + [ANNUAL, CODES],
     "caveats": "US$ millions, nominal, not seasonally adjusted. Exports = total exports (EYR); imports = general "
                "imports (IYR); balance = exports − imports. Census revises history each June. Annual figures are "
                "Census's annual columns; monthly balances are exports − imports of the month. Checked at every "
                "build: the months sum to the annual column within 0.6 (Census rounding); exports − imports = the "
                "published balance within 0.11; 2015–2024 annual figures equal the earlier transcription "
                "(us_goods_trade_by_partner_annual.csv) exactly; every month, the six CAFTA-DR members sum to the "
                "CAFTA-DR row within 0.3, Canada + Mexico to North America within 0.2, and the LAC partners other "
                "than Mexico plus Bermuda to South and Central America within 0.7. World totals are not in the "
                "copied files.",
     "redistributable": True},
]

MONEY = "US$ millions"


def money_columns(balance_text):
    return [
        col("us_exports_usd_mn", "float", MONEY, "US total exports of goods to the partner (Census EYR)"),
        col("us_imports_usd_mn", "float", MONEY, "US general imports of goods from the partner (Census IYR)"),
        col("us_balance_usd_mn", "float", MONEY, balance_text),
    ]


def partner_info(raw):
    """iso3 -> (census code, Census name, group) for the partners kept: the codes file, plus the
    Netherlands Antilles, which it lacks (its name from country_converter, no Census code)."""
    info = {r["country_code"]: (r["census_code"], r["name"], r["group"]) for r in read_csv(raw, CODES)
            if r["group"] != "aggregate" and r["country_code"] not in census_monthly.CHECK_ONLY}
    antilles = [r for r in read_csv(raw, CC, "\t") if r["ISO3"] == "ANT"]
    if len(antilles) != 1:
        raise ValueError(f"{CC}: expected one row for ANT (Netherlands Antilles)")
    info["ANT"] = (None, antilles[0]["name_short"], "lac_territory")
    return info


def month_date(year, month):
    return datetime.date(year, month, 1)


def build(raw):
    lines = census_monthly.read(raw)
    info = partner_info(raw)
    last_year, last_month = census_monthly.latest_month(lines)
    last_full_year = last_year if last_month == 12 else last_year - 1
    partners = [r for r in lines if not r["code"].startswith("AGG_") and r["code"] not in census_monthly.CHECK_ONLY]
    for r in partners:
        if r["code"] not in info:
            raise ValueError(f"{census_monthly.MONTHLY_DIR}/{r['year']}.jsonl: partner {r['code']} has no name in {CODES}")

    annual, monthly = [], []
    for r in partners:
        census_code, name, group = info[r["code"]]
        base = {"iso3": r["code"], "year": r["year"], "partner_name": name, "group": group}
        if r["year"] <= last_full_year:
            annual.append({**base, "census_code": census_code, "months_covered": len(r["months"]),
                           "us_exports_usd_mn": r["exports_year"], "us_imports_usd_mn": r["imports_year"],
                           "us_balance_usd_mn": r["balance_year"]})
        for month, ex, im in r["months"]:
            monthly.append({**base, "month": month, "date": month_date(r["year"], month),
                            "us_exports_usd_mn": ex, "us_imports_usd_mn": im,
                            "us_balance_usd_mn": round(ex - im, 1)})
    check_against_transcription(raw, annual)

    years_of = {}
    for r in annual:
        years_of.setdefault(r["iso3"], set()).add(r["year"])
    absent = absent_years(years_of, last_full_year)
    first_year = min(r["year"] for r in annual)
    latest = f"{last_year}-{last_month:02d}"
    partial = "; ".join(f"{info[c][1]} ({c}) {census_monthly.period_text(c)}" for c in sorted(census_monthly.SUCCESSION))
    us_trade = {
        "name": "us_trade",
        "vintage": f"Census {first_year}–{last_full_year}, monthly to {latest}",
        "description": f"US goods trade with each Latin American and Caribbean partner Census reports (33 sovereign "
                       f"states, 12 territories and, until 2011, the Netherlands Antilles) and with Canada and China "
                       f"for context, by year, {first_year}–{last_full_year}, complete years only (Census basis, US$ "
                       f"millions, nominal). Balance is positive when the US has a surplus.",
        "grain": "partner-year",
        "key": ["iso3", "year"],
        "source": "census_trade",
        "columns": [
            col("iso3", "string", None, "Partner, ISO 3166-1 alpha-3 (ANT: the Netherlands Antilles, a code "
                                        "country_converter marks obsolete since 2010)"),
            col("year", "integer", None, "Calendar year"),
            col("census_code", "string", None, "Census Schedule C country code (null for the Netherlands Antilles, "
                                               "whose code is not in the raw code list)"),
            col("partner_name", "string", None, "Partner name as published by Census (the Netherlands Antilles: "
                                                "country_converter's name)"),
            col("group", "string", None, "lac_sovereign | lac_territory | context (Canada, China)"),
            col("months_covered", "integer", "months", "Months of the year the partner existed as a Census partner: "
                                                       "12, except the Netherlands Antilles (4) and Curaçao and Sint "
                                                       "Maarten (8) in 2011"),
        ] + money_columns("Exports − imports as published; positive = US surplus"),
        "rows": annual,
        "gaps": [
            f"Years run {first_year}–{last_full_year}; {last_year} is in us_trade_monthly only (January–"
            f"{datetime.date(last_year, last_month, 1).strftime('%B')}), as a partial year never appears as a year.",
            "A partner Census does not report in a year has no row that year: " + absent + ".",
            f"Census reports the Netherlands Antilles until April 2011 (its 2011 line carries zeros from May) and "
            f"Curaçao and Sint Maarten from May 2011 (zeros before): the 2011 rows cover January–April and May–"
            f"December respectively (months_covered says so). Published months: {partial}.",
            "Census World totals (codes 0004/0015) are not in the raw files, so no partner share of total US trade "
            "can be computed from this table alone.",
            "Bermuda and Greenland are in the raw files (Bermuda is inside the South and Central America aggregate) "
            "but are neither LAC nor context partners, so they have no rows.",
        ],
    }
    us_trade_monthly = {
        "name": "us_trade_monthly",
        "description": f"US goods trade with the partners of us_trade by month, January {first_year} to {latest} "
                       f"(the newest month Census had published), Census basis, US$ millions, nominal, not seasonally "
                       f"adjusted. Unpublished months are absent, never zero.",
        "grain": "partner-month",
        "key": ["iso3", "year", "month"],
        "source": "census_trade",
        "columns": [
            col("iso3", "string", None, "Partner, ISO 3166-1 alpha-3 (ANT: the Netherlands Antilles)"),
            col("year", "integer", None, "Calendar year"),
            col("month", "integer", None, "Month, 1–12"),
            col("date", "date", None, "First day of the month"),
            col("partner_name", "string", None, "Partner name as in us_trade"),
            col("group", "string", None, "lac_sovereign | lac_territory | context (Canada, China)"),
        ] + money_columns("Exports − imports of the month (Census publishes no monthly balance); positive = US "
                          "surplus"),
        "rows": monthly,
        "gaps": [
            f"Months after {latest} are not yet published and have no rows.",
            "The partners absent from us_trade in a year have no months that year (" + absent + ").",
            f"Published months of the partners that changed in 2011: {partial}; the zeros Census's lines carry "
            f"outside those months are left out.",
            "Not seasonally adjusted: compare a month with the same month of another year.",
        ],
    }
    return [us_trade, us_trade_monthly]


def absent_years(years_of, last_full_year):
    """Partners missing from some years between 1991 and the last full year, as text."""
    parts = []
    for iso in sorted(years_of):
        years = years_of[iso]
        first, last = min(years), max(years)
        missing = [y for y in range(census_monthly.FIRST_YEAR, last_full_year + 1)
                   if y not in years and not (iso in census_monthly.SUCCESSION and (y > last or y < first))]
        if missing:
            parts.append((iso, missing))
    grouped = {}
    for iso, missing in parts:
        grouped.setdefault(tuple(missing), []).append(iso)
    out = []
    for missing, codes in sorted(grouped.items(), key=lambda kv: (kv[0], kv[1])):
        out.append(f"{', '.join(codes)} in {span_text(missing)}")
    return "; ".join(out) if out else "none"


def span_text(years):
    years = list(years)
    spans, start = [], years[0]
    for a, b in zip(years, years[1:] + [None]):
        if b != a + 1:
            spans.append(str(start) if start == a else f"{start}–{a}")
            start = b
    return ", ".join(spans)


def check_against_transcription(raw, annual):
    """2015–2024 annual figures equal the earlier transcription (today's us_trade before the
    monthly files) exactly, row for row."""
    by_key = {(r["iso3"], r["year"]): r for r in annual}
    old = [r for r in read_csv(raw, ANNUAL) if r["group"] != "aggregate"]
    for r in old:
        key = (r["country_code"], int(r["year"]))
        new = by_key.get(key)
        if new is None:
            raise ValueError(f"{ANNUAL}: {key} has no row in the monthly files")
        for c in ("us_exports_usd_mn", "us_imports_usd_mn", "us_balance_usd_mn"):
            if rawfiles.number(r[c]) != new[c]:
                raise ValueError(f"{ANNUAL}: {key} {c} {r[c]} differs from the monthly files' {new[c]}")
        if r["census_code"] != new["census_code"] or r["partner_name"] != new["partner_name"]:
            raise ValueError(f"{ANNUAL}: {key} code or name differs from {CODES}")
    years = {int(r["year"]) for r in old}
    extra = [k for k in by_key if k[1] in years and k not in {(r["country_code"], int(r["year"])) for r in old}]
    if extra:
        raise ValueError(f"{ANNUAL}: the monthly files have partners it lacks: {sorted(extra)}")
