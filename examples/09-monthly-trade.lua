-- 09 · US trade with Mexico, Canada and China month by month, 1991–2026, and this year so far
--      against last year's same months, by Latin American and Caribbean partner.
--
--   hemi examples/09-monthly-trade.lua                                          (in the terminal)
--   hemi report examples/09-monthly-trade.lua -o examples/output/monthly-trade-report.md   (as a report)
--
-- Data: us_trade_monthly (U.S. Census Bureau, US goods trade by partner and month, January
-- 1991 to the newest published month, US$ millions, nominal, not seasonally adjusted); the
-- trade plugin's us_trade_ytd command for the year to date. Not seasonally adjusted figures
-- are compared with the same months of the year before, never with the month before.

local MARKS = {
  { x = "1994-01-01", label = "NAFTA in force (1994-01-01)" },
  { x = "2020-07-01", label = "USMCA in force (2020-07-01)" },
}
local PARTNERS = "iso3 in ('MEX', 'CAN', 'CHN')"

local newest = hemi.table("us_trade_monthly"):sort("date desc"):limit(1)
local year, month = newest:value("year"), newest:value("month")
local MONTHS = { "January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December" }
local span = ("January–%s"):format(MONTHS[month])

print("# US trade with Mexico, Canada and China, month by month\n")
print(("Census publishes US goods trade by partner every month; the bundled figures run from January"))
print(("1991 to %s %d. NAFTA entered into force on 1 January 1994 and USMCA replaced it on 1 July"):format(MONTHS[month], year))
print("2020; both dates are marked on the charts.\n")

local monthly = hemi.table("us_trade_monthly"):filter(PARTNERS)
  :derive{ total = "us_exports_usd_mn + us_imports_usd_mn" }
monthly:line("total", { by = "partner_name", x = "date", marks = MARKS, unit = "US$ millions",
  title = ("US goods trade (exports + imports) with Mexico, Canada and China, monthly, January 1991 – %s %d"):format(MONTHS[month], year) })

print("\nImports alone, where the 2025–2026 shift shows most:\n")
monthly:line("us_imports_usd_mn", { by = "partner_name", x = "date", marks = MARKS,
  title = ("US goods imports from Mexico, Canada and China, monthly, January 1991 – %s %d"):format(MONTHS[month], year) })

-- Who was the largest of the three, month by month: the number of months each led.
local leaders = monthly:top(1, "total desc", { by = "date" })
print("\nMonths in which each was the largest of the three (by exports + imports):\n")
leaders:group("partner_name"):agg{ months = "count()", first = "min(date)", last = "max(date)" }:sort("months desc"):show()

print(("\n## %s %d against %s %d\n"):format(span, year, span, year - 1))
print(("US goods trade with each partner from January to %s, against the same months of %d"):format(MONTHS[month], year - 1))
print("(US$ millions; change in percent). Balance = US exports − US imports: negative when the")
print("partner sells the US more than it buys from it.\n")

local ytd = hemi.command("us_trade_ytd", ("%d %d"):format(year, month))
local total_y, total_p = ("total_%d"):format(year), ("total_%d"):format(year - 1)
local balance_y = ("balance_%d"):format(year)
ytd:filter(PARTNERS):derive{ change_pct = "round(change_pct, 1)" }
  :select("partner_name", total_y, total_p, "change_pct", balance_y):show()

print(("\nThe 33 sovereign states of Latin America and the Caribbean, largest first:\n"))
local lac = ytd:filter("group == 'lac_sovereign'")
lac:derive{ change_pct = "round(change_pct, 1)" }:select("partner_name", total_y, total_p, "change_pct", balance_y)
  :show(40)

-- 1234567.8 -> "1,234,567.8"
local function grouped(x)
  local int, frac = ("%.1f"):format(x):match("^(%d+)(%.%d)$")
  return int:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "") .. frac
end
local sums = lac:agg{ y = ("sum(%s)"):format(total_y), p = ("sum(%s)"):format(total_p), n = "count()" }
local y, p = sums:value("y"), sums:value("p")
print(("\nAll %d together: %s against %s US$ million, %+.1f%%."):format(sums:value("n"), grouped(y), grouped(p),
  100 * (y - p) / p))

print()
lac:limit(10):bar("change_pct", { label = "partner_name",
  title = ("Change in US goods trade, %s %d against %d, the ten largest LAC partners (percent)"):format(span, year, year - 1) })
