-- trade: US goods trade with each partner (tables us_trade, by year, and us_trade_monthly, by
-- month; Census basis, US$ millions, nominal). Sign conventions: us_trade_balance = US exports
-- − US imports, positive = US surplus; trade_surplus = the partner's surplus with the US =
-- −us_trade_balance.

local SOURCE = "U.S. Census Bureau, U.S. Trade in Goods by Country (Census basis, 1991–2025, monthly to 2026-08), tables us_trade and us_trade_monthly"

-- Exports + imports of each partner and the same figure a year earlier, on `key` (iso3, year
-- for us_trade; iso3, year, month for us_trade_monthly: the same month a year earlier, as the
-- monthly figures are not seasonally adjusted). A year that is not a full year of the partner
-- (the Netherlands Antilles, Curaçao and Sint Maarten in 2011: months_covered < 12) has no
-- total, so neither it nor the year after gets a change.
-- The newest published month of us_trade_monthly, as year, month.
local function latest_month()
  local r = hemi.table("us_trade_monthly"):sort("date desc"):limit(1)
  return r:value("year"), r:value("month")
end

-- Year to date: January to `month` of `year` against the same months of the year before, per
-- partner, in columns named after the years (exports_2026, exports_2025, ...). A partner that
-- does not have all those months in a year (it did not exist yet, or they are not published)
-- has nulls for that year, never a partial sum.
local function year_to_date(year, month)
  local ly, lm = latest_month()
  if year > ly or (year == ly and month > lm) then
    error(("us_trade_ytd: %d-%02d is not published; us_trade_monthly ends in %d-%02d"):format(year, month, ly, lm), 0)
  end
  local function sums(y)
    local out = {}
    out["exports_" .. y] = "sum(us_exports_usd_mn)"
    out["imports_" .. y] = "sum(us_imports_usd_mn)"
    out["months_" .. y] = "count()"
    return hemi.table("us_trade_monthly"):filter("year == :y and month <= :m", { y = y, m = month })
      :group("iso3"):agg(out):filter(("months_%d == :m"):format(y), { m = month })
  end
  local p = year - 1
  local function f(text) return (text:gsub("Y", tostring(year)):gsub("P", tostring(p))) end
  return hemi.table("us_trade_monthly"):filter("year == :y", { y = year })
    :select("iso3", "partner_name", "group"):distinct()
    :left_join(sums(year), "iso3"):left_join(sums(p), "iso3")
    :derive{ [f "total_Y"] = f "exports_Y + imports_Y", [f "total_P"] = f "exports_P + imports_P",
             [f "balance_Y"] = f "exports_Y - imports_Y", [f "balance_P"] = f "exports_P - imports_P" }
    :derive{ change_pct = f "100 * (total_Y - total_P) / total_P" }
    :select{ "iso3", "partner_name", "group", f "exports_Y", f "imports_Y", f "total_Y", f "balance_Y",
             f "exports_P", f "imports_P", f "total_P", f "balance_P", "change_pct" }
    :sort(f "total_Y desc")
end

-- The first and last year of a table (for errors that say which years exist).
local function years_of(name)
  local r = hemi.table(name):agg{ first = "min(year)", last = "max(year)" }
  return r:value("first"), r:value("last")
end

local function totals_and_previous(key)
  local monthly = key[#key] == "month"
  local base = hemi.table(monthly and "us_trade_monthly" or "us_trade")
  local full = monthly and base or base:filter("months_covered == 12")
  local current = { "iso3", "year", total = "us_exports_usd_mn + us_imports_usd_mn" }
  local previous = { "iso3", year = "year + 1", previous_total = "us_exports_usd_mn + us_imports_usd_mn" }
  if monthly then current[#current + 1] = "month"; previous[#previous + 1] = "month" end
  return base:select(key):left_join(full:select(current), key):left_join(full:select(previous), key)
end

return {
  name = "trade",
  version = "1.0.0",
  api_version = 1,
  description = "US goods trade with each partner: total, balance, partner surplus, growth, share of US–LAC trade",
  author = "Hemi contributors",
  license = "MIT",

  register = function(api)
    api.metric{
      name = "us_trade_total", unit = "US$ millions", table = "us_trade",
      description = "US goods trade with the partner: US exports + US imports (US$ millions, nominal)",
      inputs = { "us_exports_usd_mn", "us_imports_usd_mn" },
      expr = "us_exports_usd_mn + us_imports_usd_mn",
      sources = { SOURCE },
    }
    api.metric{
      name = "us_trade_balance", unit = "US$ millions", table = "us_trade",
      description = "US goods trade balance with the partner: US exports − US imports; positive = US surplus, negative = US deficit",
      inputs = { "us_exports_usd_mn", "us_imports_usd_mn" },
      expr = "us_exports_usd_mn - us_imports_usd_mn",
      sources = { SOURCE },
      notes = "Equals the published us_balance_usd_mn within rounding (0.1).",
    }
    api.metric{
      name = "trade_surplus", unit = "US$ millions", table = "us_trade",
      description = "The partner's goods surplus with the US: US imports − US exports = −us_trade_balance; positive = the partner sells the US more than it buys",
      inputs = { "us_exports_usd_mn", "us_imports_usd_mn" },
      expr = "us_imports_usd_mn - us_exports_usd_mn",
      sources = { SOURCE },
    }
    api.metric{
      name = "us_trade_total_yoy_pct", unit = "percent", grain = "partner-year or partner-month",
      key = { { "iso3", "year", "month" }, { "iso3", "year" } },
      description = "Change of US goods trade with the partner (exports + imports) from a year earlier, percent: on us_trade the previous year, on us_trade_monthly the same month of the previous year; null without a figure a year earlier",
      inputs = { "us_exports_usd_mn", "us_imports_usd_mn", "year" },
      formula = "100 × (total − total a year earlier) / total a year earlier, total = exports + imports; per iso3, year (us_trade) or iso3, year, month (us_trade_monthly)",
      sources = { SOURCE },
      notes = "A year earlier means year − 1 exactly, not the partner's previous row: null in a partner's first year (1991, or 1992 for the partners Census first lists then), after a year Census does not report (the Falklands in 1994), and around the partial years of 2011 (Netherlands Antilles, Curaçao, Sint Maarten); null also when the earlier total is 0.",
      compute = function(key)
        return totals_and_previous(key)
          :derive{ us_trade_total_yoy_pct = "100 * (total - previous_total) / previous_total" }
      end,
    }
    api.metric{
      name = "us_lac_trade_share_pct", unit = "percent", grain = "partner-year or partner-month",
      key = { { "iso3", "year", "month" }, { "iso3", "year" } },
      description = "The partner's share of US goods trade (exports + imports) with all of Latin America and the Caribbean that year (on us_trade) or month (on us_trade_monthly), percent; null for Canada and China (not LAC)",
      inputs = { "us_exports_usd_mn", "us_imports_usd_mn", "group", "year" },
      formula = "100 × total(partner, period) / Σ total(all LAC partners, period), period = year or month; LAC = the sovereign states and territories of us_trade (group ≠ 'context'; the Netherlands Antilles until April 2011, Curaçao and Sint Maarten from May 2011)",
      sources = { SOURCE },
      compute = function(key)
        local monthly = key[#key] == "month"
        return hemi.table(monthly and "us_trade_monthly" or "us_trade"):filter("group ~= 'context'")
          :derive({ us_lac_trade_share_pct = "100 * (us_exports_usd_mn + us_imports_usd_mn) / sum(us_exports_usd_mn + us_imports_usd_mn)" },
                  { by = monthly and { "year", "month" } or "year" })
      end,
    }
    api.command{
      name = "us_trade_ytd", usage = "[year [month]]",
      description = "Year to date: US goods trade with every partner from January to a month (default: the newest published; 2026 8 = January–August 2026) against the same months a year earlier, columns named by year (total_2026, total_2025); US$ millions, change_pct in percent",
      run = function(args)
        local y, m = (args or ""):match("^%s*(%d+)%s*(%d*)%s*$")
        if args and args:match("%S") and not y then
          error("us_trade_ytd: expected a year and optionally a month (e.g. '2026 8'), got '" .. args .. "'", 0)
        end
        local ly, lm = latest_month()
        if y and not (math.tointeger(tonumber(y)) and math.tointeger(tonumber(m ~= "" and m or "1"))) then
          error("us_trade_ytd: expected a year and optionally a month (e.g. '2026 8'), got '" .. args .. "'", 0)
        end
        y = math.tointeger(tonumber(y)) or ly
        m = math.tointeger(tonumber(m)) or (y == ly and lm or 12)
        if m < 1 or m > 12 then error("us_trade_ytd: month must be 1–12, got " .. m, 0) end
        local first = years_of("us_trade_monthly")
        if y < first then
          error(("us_trade_ytd: no data for %d; us_trade_monthly runs from %d-01 to %d-%02d"):format(y, first, ly, lm), 0)
        end
        return year_to_date(y, m)
      end,
    }
    api.command{
      name = "us_trade", usage = "[year]",
      description = "US goods trade with LAC partners in a year (default: the latest full year), largest first: total, balance (+ = US surplus), share of US–LAC trade",
      run = function(args)
        local text, year = args or "", nil
        if text:match("%S") then
          year = math.tointeger(tonumber(text:match("^%s*(%d+)%s*$")))
          if not year then error("us_trade: expected a year such as 2023, got '" .. text .. "'", 0) end
        end
        local first, last = years_of("us_trade")
        year = year or last
        if year < first or year > last then
          error(("us_trade: no data for %d; us_trade has the years %d–%d"):format(year, first, last), 0)
        end
        return hemi.table("us_trade"):filter("year == :y and group ~= 'context'", { y = year })
          :derive{ total = "us_trade_total", balance = "us_trade_balance", share_pct = "us_lac_trade_share_pct" }
          :select("iso3", "partner_name", "total", "balance", "share_pct")
          :sort("total desc")
      end,
    }
  end,
}
