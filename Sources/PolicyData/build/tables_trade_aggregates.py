"""us_trade_aggregates (group-year), us_trade_aggregates_monthly (group-month) and us_trade_groups
(one row per Census aggregate: what it is and when it exists), from Census's monthly lines.

A group's membership is stated only where a raw file gives it and the build checks it month by
month (CAFTA-DR, North America, South and Central America); for the others the raw files carry
only the name, and the definition says so.
"""

import datetime

import census_monthly
from rawfiles import col, number, read_csv
from tables_trade import ANNUAL, CODES, money_columns

SOURCES = []

LAC_EXCEPT_MEXICO = "the LAC partners of us_trade other than Mexico, plus Bermuda"
# Members stated in data/raw/SOURCES.md section 1 and checked here every month (tolerance:
# the largest gap Census rounding leaves, from SOURCES.md, plus 0.1).
CHECKED = {
    "0017": (["CRI", "DOM", "GTM", "HND", "NIC", "SLV"], 0.3,
             "CAFTA-DR: Costa Rica, the Dominican Republic, El Salvador, Guatemala, Honduras and Nicaragua"),
    "0010": (["CAN", "MEX"], 0.2, "North America: Canada and Mexico"),
    "0009": (None, 0.7, "South and Central America: " + LAC_EXCEPT_MEXICO),
}
CONSUMPTION = {"0005": "MEX", "0006": "CAN", "0021": "MEX", "0022": "CAN"}
PARTNER_NAMES = {"MEX": "Mexico", "CAN": "Canada"}


def build(raw):
    lines = census_monthly.read(raw)
    names = {r["census_code"]: r["name"] for r in read_csv(raw, CODES) if r["group"] == "aggregate"}
    last_year, last_month = census_monthly.latest_month(lines)
    last_full_year = last_year if last_month == 12 else last_year - 1
    aggs = [r for r in lines if r["code"].startswith("AGG_")]

    annual, monthly, spans = [], [], {}
    for r in aggs:
        code = r["code"][4:]
        if code not in names:
            raise ValueError(f"{census_monthly.MONTHLY_DIR}/{r['year']}.jsonl: aggregate {r['code']} has no name in {CODES}")
        base = {"census_code": code, "year": r["year"], "aggregate": names[code]}
        if r["year"] <= last_full_year:
            annual.append({**base, "months_covered": len(r["months"]), "us_exports_usd_mn": r["exports_year"],
                           "us_imports_usd_mn": r["imports_year"], "us_balance_usd_mn": r["balance_year"]})
        for month, ex, im in r["months"]:
            monthly.append({**base, "month": month, "date": datetime.date(r["year"], month, 1),
                            "us_exports_usd_mn": ex, "us_imports_usd_mn": im, "us_balance_usd_mn": round(ex - im, 1)})
            first, last = spans.get(code, ((r["year"], month), (r["year"], month)))
            spans[code] = (min(first, (r["year"], month)), max(last, (r["year"], month)))
    check_members(lines)
    check_against_transcription(raw, annual)

    groups = []
    for code in sorted(spans):
        (fy, fm), (ly, lm) = spans[code]
        members = CHECKED.get(code, (None,))[0]
        groups.append({"census_code": code, "aggregate": names[code], "definition": definition(code, lines),
                       "members": "; ".join(members) if members else None,
                       "first_month": datetime.date(fy, fm, 1), "last_month": datetime.date(ly, lm, 1),
                       "first_year": fy, "last_year": ly})

    first_year = min(r["year"] for r in annual)
    latest = f"{last_year}-{last_month:02d}"
    key_cols = [col("census_code", "string", None, "Census aggregate code (e.g. 0017 = CAFTA-DR; see us_trade_groups)"),
                col("year", "integer", None, "Calendar year")]
    aggregates = {
        "name": "us_trade_aggregates",
        "description": f"Census aggregate rows of US goods trade by year, {first_year}–{last_full_year}: CAFTA-DR, "
                       f"South and Central America, North America, the EU, other regions, NAFTA and USMCA "
                       f"consumption groups, Advanced Technology Products (US$ millions, nominal). What each group "
                       f"is, and when it exists, is in us_trade_groups.",
        "grain": "aggregate-year",
        "key": ["census_code", "year"],
        "source": "census_trade",
        "columns": key_cols + [
            col("aggregate", "string", None, "Aggregate name as published by Census"),
            col("months_covered", "integer", "months", "Months of the year the group exists (6 for the NAFTA and USMCA "
                                                       "groups in 2020)"),
        ] + money_columns("Exports − imports as published; positive = US surplus"),
        "rows": annual,
        "gaps": gap_texts(spans, last_year),
    }
    aggregates_monthly = {
        "name": "us_trade_aggregates_monthly",
        "description": f"Census aggregate rows of US goods trade by month, January {first_year} to {latest}, for the "
                       f"months each group exists (US$ millions, nominal, not seasonally adjusted).",
        "grain": "aggregate-month",
        "key": ["census_code", "year", "month"],
        "source": "census_trade",
        "columns": key_cols + [
            col("month", "integer", None, "Month, 1–12"),
            col("date", "date", None, "First day of the month"),
            col("aggregate", "string", None, "Aggregate name as published by Census"),
        ] + money_columns("Exports − imports of the month; positive = US surplus"),
        "rows": monthly,
        "gaps": gap_texts(spans, last_year) + [f"Months after {latest} are not yet published and have no rows."],
    }
    groups_table = {
        "name": "us_trade_groups",
        "description": "One row per Census aggregate of us_trade_aggregates: its definition as far as the raw files "
                       "state it, its members where they are known and checked, and the first and last month it "
                       "exists in the data.",
        "grain": "aggregate",
        "key": ["census_code"],
        "source": "census_trade",
        "columns": [
            col("census_code", "string", None, "Census aggregate code"),
            col("aggregate", "string", None, "Aggregate name as published by Census"),
            col("definition", "string", None, "What the group is, from the raw files, and how the build checked it"),
            col("members", "string", None, "ISO3 codes of the members, separated by '; ', where a raw file states "
                                           "them and every month is checked against them; null otherwise"),
            col("first_month", "date", None, "First month the group has figures"),
            col("last_month", "date", None, "Last month the group has figures"),
            col("first_year", "integer", None, "Year of first_month"),
            col("last_year", "integer", None, "Year of last_month"),
        ],
        "rows": groups,
        "gaps": ["Census's own member lists of the regional groups (EU, Europe, Asia, Pacific Rim, Africa, Sub Saharan "
                 "Africa, Australia and Oceania) and of Advanced Technology Products are not in the raw files; "
                 "members is null for them."],
    }
    return [aggregates, aggregates_monthly, groups_table]


def gap_texts(spans, last_year):
    def span(code):
        (fy, fm), (ly, lm) = spans[code]
        return f"{fy}-{fm:02d} to {ly}-{lm:02d}"
    late = sorted(c for c in spans if spans[c][0][0] > census_monthly.FIRST_YEAR)
    return [
        "Groups exist only part of the period, as Census publishes them: " + "; ".join(f"{c} {span(c)}" for c in late)
        + ". A group has no row outside its span.",
        "NAFTA-with-Mexico (0005) and USMCA-with-Mexico (0021) exports are 0 in every month as published.",
        "The 'South and Central America' aggregate (0009) includes Bermuda, which is not in us_trade.",
    ]


def monthly_values(lines):
    out = {}
    for r in lines:
        for month, ex, im in r["months"]:
            out.setdefault((r["year"], month), {})[r["code"]] = (ex, im)
    return out


def check_members(lines):
    """Every month a checked group exists, its members sum to it (exports and imports)."""
    lac_other = {r["code"] for r in lines if not r["code"].startswith("AGG_")} - {"MEX", "CAN", "CHN", "GRL"}
    for (year, month), values in sorted(monthly_values(lines).items()):
        for code, (members, tolerance, _) in CHECKED.items():
            agg = values.get("AGG_" + code)
            if agg is None:
                continue
            codes = members or lac_other
            for k, flow in ((0, "exports"), (1, "imports")):
                s = sum(values[c][k] for c in codes if c in values)
                if abs(s - agg[k]) > tolerance:
                    raise ValueError(f"{census_monthly.MONTHLY_DIR}/{year}.jsonl: {year}-{month:02d} {flow}: the members "
                                     f"of {code} sum to {s:.1f}, the aggregate is {agg[k]}")


def definition(code, lines):
    if code in CHECKED:
        members, tolerance, text = CHECKED[code]
        return (f"{text} (data/raw/SOURCES.md); the build checks every month that the members' exports and imports "
                f"sum to the group within {tolerance}")
    if code in CONSUMPTION:
        partner = CONSUMPTION[code]
        zero = " Its exports are 0 in every month as published." if partner == "MEX" else ""
        return (f"A Census group of imports for consumption from {PARTNER_NAMES[partner]} (as its name says); the raw "
                f"files define it no further. Its imports were {consumption_share(code, partner, lines)} of general "
                f"imports from {PARTNER_NAMES[partner]}.{zero}")
    return "A Census group as published; its member list is not in the raw files"


def consumption_share(code, partner, lines):
    """The group's imports over the partner's general imports, in its first and last full year."""
    by = {(r["code"], r["year"]): r for r in lines}
    years = sorted(y for (c, y), r in by.items() if c == "AGG_" + code and len(r["months"]) == 12)
    parts = []
    for y in (years[0], years[-1]):
        share = 100 * by[("AGG_" + code, y)]["imports_year"] / by[(partner, y)]["imports_year"]
        parts.append(f"{share:.1f}% in {y}")
    return parts[0] + " (its first full year) and " + parts[1] + " (its last)"


def check_against_transcription(raw, annual):
    """2015–2024 aggregate rows equal the earlier transcription exactly."""
    by_key = {(r["census_code"], r["year"]): r for r in annual}
    old = [r for r in read_csv(raw, ANNUAL) if r["group"] == "aggregate"]
    for r in old:
        key = (r["census_code"], int(r["year"]))
        new = by_key.get(key)
        if new is None:
            raise ValueError(f"{ANNUAL}: aggregate {key} has no row in the monthly files")
        for c in ("us_exports_usd_mn", "us_imports_usd_mn", "us_balance_usd_mn"):
            if number(r[c]) != new[c]:
                raise ValueError(f"{ANNUAL}: aggregate {key} {c} {r[c]} differs from the monthly files' {new[c]}")
    years = {int(r["year"]) for r in old}
    if sum(1 for k in by_key if k[1] in years) != len(old):
        raise ValueError(f"{ANNUAL}: the monthly files have aggregates in 2015–2024 that it lacks")
