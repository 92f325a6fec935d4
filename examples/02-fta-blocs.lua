-- 02 · How US goods trade with the CAFTA-DR members, the bilateral FTA partners and the
-- countries without an FTA changed from 2018 to 2024.
--
--   hemi examples/02-fta-blocs.lua [from_year] [to_year]
--
-- Data: us_trade (Census, US$ millions, nominal) and countries.us_fta_agreement (USTR's list).
-- Scope: the 33 sovereign LAC states; Mexico (USMCA) kept as its own bloc, since it alone
-- outweighs the rest.

local from, to = tonumber(arg and arg[1]) or 2018, tonumber(arg and arg[2]) or 2024

-- Each state's bloc: "CAFTA-DR", "USMCA", "bilateral" (the agreements with Chile, Colombia,
-- Panama and Peru are labelled "bilateral (US-Chile)" ...) or "no FTA" (null agreement).
local blocs = hemi.table("countries")
  :filter("group == 'lac_sovereign'")
  :derive{ bloc = "coalesce(substr(us_fta_agreement, 1, 9), 'no FTA')" }
  :select("iso3", "bloc")

local by_bloc = hemi.table("us_trade")
  :filter(("year >= %d and year <= %d"):format(from, to))
  :join(blocs, "iso3")
  :group("bloc", "year"):agg{
    partners = "count()",
    exports_usd_mn = "sum(us_exports_usd_mn)",
    imports_usd_mn = "sum(us_imports_usd_mn)",
    total_usd_mn = "sum(us_exports_usd_mn + us_imports_usd_mn)",
  }

-- The first and last year side by side (lag takes each bloc's earlier row), and the change.
local change = by_bloc
  :filter(("year == %d or year == %d"):format(from, to))
  :derive{ balance_usd_mn = "exports_usd_mn - imports_usd_mn" }
  :lag("total_usd_mn", { by = "bloc", order = "year", as = "total_from" })
  :lag("exports_usd_mn", { by = "bloc", order = "year", as = "exports_from" })
  :lag("imports_usd_mn", { by = "bloc", order = "year", as = "imports_from" })
  :lag("balance_usd_mn", { by = "bloc", order = "year", as = "balance_from" })
  :filter(("year == %d"):format(to))
  :derive{
    ["total_" .. from] = "total_from",
    ["total_" .. to] = "total_usd_mn",
    change_pct = "round(100 * (total_usd_mn / total_from - 1), 1)",
    exports_change_pct = "round(100 * (exports_usd_mn / exports_from - 1), 1)",
    imports_change_pct = "round(100 * (imports_usd_mn / imports_from - 1), 1)",
    ["balance_" .. from] = "balance_from",
    ["balance_" .. to] = "balance_usd_mn",
  }
  :sort("total_usd_mn desc")

print(("US exports + imports by agreement bloc, %d and %d (US$ millions; change in percent)"):format(from, to))
change:select("bloc", "partners", "total_" .. from, "total_" .. to, "change_pct"):show()

print("Exports and imports apart, and the US balance (positive = US surplus; US$ millions)")
change:select("bloc", "exports_change_pct", "imports_change_pct", "balance_" .. from, "balance_" .. to):show()

-- Every year between, one line per bloc.
by_bloc:sparklines("total_usd_mn", { by = "bloc", title = "US exports + imports by bloc" })

-- A check on the grouping: the six CAFTA-DR members add up to Census's own CAFTA-DR row.
local members = by_bloc:filter(("bloc == 'CAFTA-DR' and year == %d"):format(to)):value("total_usd_mn")
local census = hemi.table("us_trade_aggregates")
  :filter(("aggregate == 'CAFTA-DR' and year == %d"):format(to))
  :derive{ total = "us_exports_usd_mn + us_imports_usd_mn" }
  :value("total")
print(("\nCAFTA-DR %d: members sum to %.1f, Census's aggregate row says %.1f (US$ millions)."):format(to, members, census))
