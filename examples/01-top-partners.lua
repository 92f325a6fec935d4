-- 01 · The ten largest US trading partners in Latin America in 2023, with the balance,
-- and which of them run a surplus with the US.
--
--   hemi examples/01-top-partners.lua [year]
--
-- Data: us_trade (Census, US goods trade by partner, US$ millions, nominal). Scope: the 33
-- sovereign states of Latin America and the Caribbean (territories left out).
-- Sign: us_balance_usd_mn = US exports − US imports, so a negative balance is the partner's
-- surplus with the US.

local year = tonumber(arg and arg[1]) or 2023

local top = hemi.table("us_trade")
  :filter(("year == %d and group == 'lac_sovereign'"):format(year))
  :derive{ total_usd_mn = "us_exports_usd_mn + us_imports_usd_mn" }
  :sort("total_usd_mn desc")
  :limit(10)
  :select("partner_name", "us_exports_usd_mn", "us_imports_usd_mn", "us_balance_usd_mn", "total_usd_mn")

print(("The ten largest US goods-trade partners in Latin America and the Caribbean, %d (US$ millions)"):format(year))
top:show()

-- The partners that sell more to the US than they buy from it.
local surplus = top:filter("us_balance_usd_mn < 0"):column("partner_name")
print(("%d of the ten run a surplus with the US: %s."):format(#surplus, table.concat(surplus, ", ")))
print("(An article in the debate says four: see hemi.check(\"top10_surplus\") and example 06.)")

-- Their share of the region's trade with the US.
local region = hemi.table("us_trade")
  :filter(("year == %d and group == 'lac_sovereign'"):format(year))
  :agg{ total = "sum(us_exports_usd_mn + us_imports_usd_mn)" }
  :value("total")
local ten = top:agg{ total = "sum(total_usd_mn)" }:value("total")
print(("Together they carry %.1f%% of US goods trade with the 33 states.\n"):format(100 * ten / region))

-- The balance drawn both sides of the axis: left of it, the partner's surplus.
top:bar("us_balance_usd_mn", { label = "partner_name", title = ("US goods trade balance, %d"):format(year) })
