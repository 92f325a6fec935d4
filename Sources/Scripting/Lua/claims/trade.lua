-- Claims about US goods trade with Latin America (ferrero2024), checked on `us_trade`
-- (Census, US$ millions, nominal) over the 33 sovereign LAC states.

local claims = ...
local define, util = claims.define, claims.util
local hemi = hemi
local SOVEREIGN = "group == 'lac_sovereign'"

-- The ten largest partners by exports + imports; a partner runs a surplus with the US when
-- the US balance (exports - imports) is negative.
define("top10_surplus", function(claim)
  local top = hemi.table("us_trade")
    :filter(("year == %d and %s"):format(claim.year, SOVEREIGN))
    :derive{ total_usd_mn = "us_exports_usd_mn + us_imports_usd_mn" }
    :sort("total_usd_mn desc"):limit(10)
    :select{ "partner_name", "us_exports_usd_mn", "us_imports_usd_mn", "us_balance_usd_mn", "total_usd_mn" }
  local surplus = top:filter("us_balance_usd_mn < 0"):column("partner_name")
  return {
    computed = surplus.n,
    reason = ("%d of the ten largest partners export more to the US than they buy from it: %s"):format(
      surplus.n, table.concat(surplus, ", ")),
    method = ("us_trade %d, 33 sovereign LAC states ranked by US exports + imports; surplus = us_balance_usd_mn < 0"):format(claim.year),
    rows = top,
  }
end)

local function totals_by_year(years)
  return hemi.table("us_trade")
    :filter(("%s and year in (%s)"):format(SOVEREIGN, table.concat(years, ", ")))
    :group("year"):agg{
      partners = "count()",
      exports_usd_mn = "sum(us_exports_usd_mn)",
      imports_usd_mn = "sum(us_imports_usd_mn)",
      total_usd_mn = "sum(us_exports_usd_mn + us_imports_usd_mn)",
    }
    :sort("year")
end

define("trade_change_2023", function(claim)
  local rows = totals_by_year{ claim.year - 1, claim.year }
  local total, partners = rows:column("total_usd_mn"), rows:column("partners")
  assert(partners[1] == 33 and partners[2] == 33, "us_trade lacks a sovereign state in one of the years")
  local change = 100 * (total[2] / total[1] - 1)
  return {
    computed = change,
    reason = ("US exports + imports with the 33 states: %s (%d) to %s US$ million (%d), %s%%"):format(
      util.num(total[1], 1), claim.year - 1, util.num(total[2], 1), claim.year, util.num(change, 2)),
    method = ("us_trade %d and %d, sum over the 33 sovereign LAC states of us_exports_usd_mn + us_imports_usd_mn"):format(
      claim.year - 1, claim.year),
    rows = rows,
  }
end)

-- The article does not say whether its figure is exports or total trade: the check reads
-- it as exports (the figure it matches) and states the total beside it.
define("trade_value_2023", function(claim)
  local rows = totals_by_year{ claim.year }
  local exports = rows:value("exports_usd_mn") / 1000
  local total = rows:value("total_usd_mn") / 1000
  return {
    computed = exports,
    reason = ("read as US exports, the figure it matches: %s US$ billion; exports + imports were %s US$ billion"):format(
      util.num(exports, 1), util.num(total, 1)),
    method = ("us_trade %d, sum over the 33 sovereign LAC states of us_exports_usd_mn, in US$ billions"):format(claim.year),
    rows = rows,
  }
end)
