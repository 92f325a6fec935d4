"""Reads Census's monthly trade-by-country lines (data/raw/census-trade-by-country/monthly/<year>.jsonl)
into partner-year records with their published months, for tables_trade*.py.

Not a table module (its name does not start with tables_). What it decides, and why:
- A month is published when its export and import values are not null; 2026 holds January to
  August, so the later months are absent, never zero.
- Partners that begin or end inside a year are explicit (SUCCESSION): the Netherlands Antilles'
  line for 2011 carries January-April and zeros after; Curacao's and Sint Maarten's carry zeros
  for January-April. Those zeros mean "not a partner yet / any more", not "no trade", so those
  months are left out; the build fails if one of them is not zero.
- Groups that begin or end inside a year (PERIODS) likewise: the NAFTA consumption groups end
  in June 2020, the USMCA ones begin in July 2020, each with zeros for the other half.
Every rule is checked against the file it reads; a file that breaks one is a build error.
"""

import json

MONTHLY_DIR = "census-trade-by-country/monthly"
FIRST_YEAR = 1991
# The newest file; a newer one fails the build until this (and the tables' texts) move on.
LAST_YEAR = 2026
FILES = [f"{MONTHLY_DIR}/{y}.jsonl" for y in range(FIRST_YEAR, LAST_YEAR + 1)]

# (iso3) -> (first published month, last published month) as (year, month); None = open end.
SUCCESSION = {
    "ANT": (None, (2011, 4)),
    "CUW": ((2011, 5), None),
    "SXM": ((2011, 5), None),
}
PERIODS = {
    "AGG_0005": (None, (2020, 6)),
    "AGG_0006": (None, (2020, 6)),
    "AGG_0021": ((2020, 7), None),
    "AGG_0022": ((2020, 7), None),
}
# Lines copied for a check only (Bermuda is inside the South and Central America aggregate);
# they are not LAC partners and not Canada or China, so no table carries them.
CHECK_ONLY = {"BMU", "GRL"}
# Census rounding: the months of a line sum to its annual column within this (SOURCES.md).
MONTH_SUM_TOLERANCE = 0.6
BALANCE_TOLERANCE = 0.11


def read(raw):
    """Every line of every year as a dict with the months it publishes:
    {code, year, months: [(month, exports, imports)], exports_year, imports_year, balance_year}. Fails naming file and line on anything unexpected."""
    out = []
    present = sorted(str(p.relative_to(raw)) for p in (raw / MONTHLY_DIR).glob("*.jsonl"))
    if present != FILES:
        raise ValueError(f"{MONTHLY_DIR}: expected the files {FIRST_YEAR}.jsonl to {LAST_YEAR}.jsonl, found "
                         f"{', '.join(p.rsplit('/', 1)[1] for p in present)} (a new year: update LAST_YEAR)")
    for year, rel in enumerate(FILES, FIRST_YEAR):
        seen = set()
        with open(raw / rel, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                where = f"{rel} line {n}"
                d = json.loads(line)
                code = d["country_code"]
                if d["year"] != year:
                    raise ValueError(f"{where}: year {d['year']} in the file of {year}")
                if code in seen:
                    raise ValueError(f"{where}: {code} appears twice in {year}")
                seen.add(code)
                out.append(parse_line(d, code, year, where))
    return out


def parse_line(d, code, year, where):
    ex, im = d["exports"], d["imports"]
    if len(ex) != 12 or len(im) != 12:
        raise ValueError(f"{where}: expected 12 monthly exports and imports")
    months = []
    for i in range(12):
        if (ex[i] is None) != (im[i] is None):
            raise ValueError(f"{where}: month {i + 1} has exports or imports but not both")
        if ex[i] is not None:
            if i > 0 and ex[i - 1] is None:
                raise ValueError(f"{where}: month {i + 1} is published after an unpublished month")
            months.append((i + 1, float(ex[i]), float(im[i])))
    for flow, values, total in (("exports", ex, d["exports_year"]), ("imports", im, d["imports_year"])):
        s = sum(v for v in values if v is not None)
        if abs(s - total) > MONTH_SUM_TOLERANCE:
            raise ValueError(f"{where}: {flow} months sum to {s:.1f}, the annual column says {total}")
    if abs(d["exports_year"] - d["imports_year"] - d["balance_year"]) > BALANCE_TOLERANCE:
        raise ValueError(f"{where}: exports_year - imports_year differs from balance_year")
    months = [m for m in months if inside(code, year, m[0], where, m)]
    return {"code": code, "year": year, "months": months,
            "exports_year": float(d["exports_year"]), "imports_year": float(d["imports_year"]),
            "balance_year": float(d["balance_year"])}


def inside(code, year, month, where, values):
    """Whether (year, month) is inside the code's period; months outside must be zero."""
    first, last = SUCCESSION.get(code) or PERIODS.get(code) or (None, None)
    ok = (first is None or (year, month) >= first) and (last is None or (year, month) <= last)
    if not ok and (values[1] != 0 or values[2] != 0):
        raise ValueError(f"{where}: {code} {year}-{month:02d} is outside its period {first}-{last} but not zero")
    return ok


def period_text(code):
    first, last = SUCCESSION.get(code) or PERIODS.get(code)
    a = f"{first[0]}-{first[1]:02d}" if first else f"{FIRST_YEAR}-01"
    b = f"{last[0]}-{last[1]:02d}" if last else "the latest month"
    return f"{a} to {b}"


def latest_month(lines):
    """(year, month) of the newest published month, the same for every line of the newest year."""
    year = max(r["year"] for r in lines)
    ends = {r["months"][-1][0] for r in lines if r["year"] == year and r["months"]}
    if len(ends) != 1:
        raise ValueError(f"{MONTHLY_DIR}/{year}.jsonl: lines end in different months {sorted(ends)}")
    return year, ends.pop()
