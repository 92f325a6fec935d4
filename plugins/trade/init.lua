-- trade: US goods trade with each partner (table us_trade, Census basis, US$ millions,
-- nominal). Sign conventions: us_trade_balance = US exports − US imports, positive = US
-- surplus; trade_surplus = the partner's surplus with the US = −us_trade_balance.

local SOURCE = "U.S. Census Bureau, U.S. Trade in Goods by Country (Census basis, 2015–2024), table us_trade"

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
      name = "us_trade_total_yoy_pct", unit = "percent", grain = "partner-year", key = { "iso3", "year" },
      description = "Year-on-year change of US goods trade with the partner (exports + imports), percent; null in the first year",
      inputs = { "us_exports_usd_mn", "us_imports_usd_mn", "year" },
      formula = "100 × (total[year] − total[previous year]) / total[previous year], total = exports + imports",
      sources = { SOURCE },
      notes = "The previous year is the partner's previous row in us_trade (every partner has 2015–2024).",
      compute = function()
        return hemi.table("us_trade")
          :derive{ total = "us_exports_usd_mn + us_imports_usd_mn" }
          :pct_change("total", { by = "iso3", order = "year", as = "us_trade_total_yoy_pct" })
      end,
    }
    api.metric{
      name = "us_lac_trade_share_pct", unit = "percent", grain = "partner-year", key = { "iso3", "year" },
      description = "The partner's share of US goods trade (exports + imports) with all of Latin America and the Caribbean that year, percent; null for Canada and China (not LAC)",
      inputs = { "us_exports_usd_mn", "us_imports_usd_mn", "group", "year" },
      formula = "100 × total(partner, year) / Σ total(all LAC partners, year); LAC = the 33 sovereign states and 12 territories of us_trade (group ≠ 'context')",
      sources = { SOURCE },
      compute = function()
        return hemi.table("us_trade"):filter("group ~= 'context'")
          :derive({ us_lac_trade_share_pct = "100 * (us_exports_usd_mn + us_imports_usd_mn) / sum(us_exports_usd_mn + us_imports_usd_mn)" },
                  { by = "year" })
      end,
    }
    api.command{
      name = "us_trade", usage = "[year]",
      description = "US goods trade with LAC partners in a year (default 2024), largest first: total, balance (+ = US surplus), share of US–LAC trade",
      run = function(args)
        local year = tonumber(args and args:match("%d+")) or 2024
        return hemi.table("us_trade"):filter("year == :y and group ~= 'context'", { y = year })
          :derive{ total = "us_trade_total", balance = "us_trade_balance", share_pct = "us_lac_trade_share_pct" }
          :select("iso3", "partner_name", "total", "balance", "share_pct")
          :sort("total desc")
      end,
    }
  end,
}
