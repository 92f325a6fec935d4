-- 03 · Chinese official finance against US trade, country by country; Belt and Road members
-- over time.
--
--   hemi examples/03-china.lua
--
-- Written with the dataset's tables directly, so every step is visible (the bundled `china`
-- plugin offers metrics for the same questions, e.g. china_share_of_us_china_trade_pct and
-- china_finance_per_capita_usd; see hemi.metrics()): china_finance_totals (AidData GCDF
-- 3.0, commitments 2000-2021, constant 2021 US$ billions), china_trade (UN Comtrade, as each
-- LAC country reports its trade with China, current US$), us_trade (Census, US$ millions) and
-- countries.bri_joined / bri_exited (Green Finance & Development Center, May 2025).
-- Units and vintages differ and are kept in the column names; nothing is added across them.

local lac = hemi.table("countries"):filter("group == 'lac_sovereign'"):select("iso3", "name")

-- 1. Finance: twenty-two years of Chinese commitments beside one year of US trade.
local finance = hemi.table("china_finance_totals")
  :join(lac, "iso3")
  :derive{ china_finance_bn_2021usd = "round(commitments_usd_bn_const2021, 1)" }
local us = hemi.table("us_trade")
  :filter("year == 2021")
  :derive{ us_trade_2021_bn = "round((us_exports_usd_mn + us_imports_usd_mn) / 1000, 1)" }
  :select("iso3", "us_trade_2021_bn")
print("Chinese official finance committed 2000-2021 (constant 2021 US$ bn) and US goods trade in 2021 (US$ bn)")
finance:join(us, "iso3")
  :derive{ finance_per_us_trade = "round(china_finance_bn_2021usd / us_trade_2021_bn, 2)" }
  :sort("china_finance_bn_2021usd desc")
  :limit(10)
  :select("name", "china_finance_bn_2021usd", "us_trade_2021_bn", "finance_per_us_trade")
  :show()
local by_year = hemi.table("china_finance"):filter("iso3 == 'ARG'"):agg{ s = "sum(commitments_usd_const2021)" }:value("s")
print(("Argentina's total (Teal Insights' aggregation) is far above the sum of AidData's country-year rows"))
print(("(%.1f vs %.1f bn): the two upstream builds differ and the cause is not documented.\n"):format(
  finance:filter("iso3 == 'ARG'"):value("china_finance_bn_2021usd"), by_year / 1e9))

-- 2. Trade: China's share of each country's goods trade with China and the US together, 2023.
--    China-side figures as the LAC country reports them; Haiti and Venezuela never report.
local with_china = hemi.table("china_trade")
  :filter("year == 2023 and reporter == iso3")
  :select("iso3", "total_trade_usd")
local both = hemi.table("us_trade")
  :filter("year == 2023")
  :derive{ us_trade_usd = "(us_exports_usd_mn + us_imports_usd_mn) * 1000000" }
  :join(with_china, "iso3")
  :join(lac, "iso3")
  :derive{ china_share_pct = "round(100 * total_trade_usd / (total_trade_usd + us_trade_usd), 1)" }
  :sort("china_share_pct desc")
print("China's share of goods trade with China + the US, 2023 (percent; China side as reported by the LAC country)")
both:select("name", "china_share_pct"):show(12)
print("NULL: the country's 2023 report lacks one of the two flows; states with no 2023 report have no row.\n")
both:bar("china_share_pct", { label = "name", title = "China's share of trade with China + US, 2023", unit = "percent" })

-- 3. Belt and Road: who signed, and when. Panama left in 2025; Colombia joined in 2025.
local bri = hemi.table("countries")
  :filter("group == 'lac_sovereign' and bri_joined is not nil")
  :derive{ joined = "year(bri_joined)", exited = "year(bri_exited)" }
local per_year = bri:derive{ year = "joined" }:group("year"):agg{ joined_that_year = "count()" }
  :cumsum("joined_that_year", { order = "year", as = "members_signed" })
  :sort("year")
print("\nLAC states that signed a Belt and Road memorandum, by year")
per_year:select("year", "joined_that_year", "members_signed"):show()
for r in bri:filter("exited is not nil"):rows() do
  print(("%s exited in %d (%s)."):format(r.name, r.exited, r.bri_exited))
end
local members = bri:filter("exited is nil"):count()
print(("%d of the 33 states are members as of May 2025; not signed: %s."):format(members,
  table.concat(hemi.table("countries"):filter("group == 'lac_sovereign' and bri_joined is nil"):sort("name"):column("name"), ", ")))
