-- china: China's presence in each Latin American and Caribbean country, beside the United
-- States. Trade figures: china_trade rows reported by the LAC country itself (UN Comtrade,
-- reporter = iso3), converted from US$ to US$ millions; US figures: us_trade (Census). The
-- two come from different reporters (see README.md): compare, do not add across sources.

local COMTRADE = "UN Comtrade, LAC-reported goods trade with China (table china_trade, reporter = the LAC country)"
local CENSUS = "U.S. Census Bureau, U.S. Trade in Goods by Country (table us_trade)"
local AIDDATA = "AidData, Global Chinese Development Finance 3.0, 2000–2021, constant 2021 US$ (table china_finance)"
local WDI = "World Bank WDI population (SP.POP.TOTL) and GDP (NY.GDP.MKTP.CD), table economy"
local GFDC = "Nedopil (2025), Countries of the Belt and Road Initiative, GFDC (countries.bri_joined / bri_exited)"

-- Percentile rank in [0, 1] of each value among the values (percentile.lua, shared with the
-- engagement plugin).
local percentile = require("percentile")

local function bri_status(row, date)
  if row.bri_member == nil then return nil end
  if not row.bri_member or row.bri_joined == nil or row.bri_joined > date then return "not a member" end
  if row.bri_exited ~= nil and row.bri_exited <= date then return "exited" end
  return "member"
end

return {
  name = "china",
  version = "1.0.0",
  api_version = 1,
  description = "China beside the US: trade share, official finance per capita and per GDP, Belt and Road status, China-exposure score",
  author = "Hemi contributors",
  license = "MIT",

  register = function(api)
    local bri_date = api.param{ name = "bri_date", default = "2025-06-30",
      description = "Date (YYYY-MM-DD) at which bri_status and china_exposure read Belt and Road membership" }
    local finance_year = 2021   -- last year of GCDF 3.0; population and GDP are taken in the same year

    -- Goods trade with China and with the US side by side, per country and year.
    local function china_us()
      local cn = hemi.table("china_trade"):filter("reporter == iso3 and total_trade_usd is not nil")
        :select{ "iso3", "year", china_trade_usd_mn = "total_trade_usd / 1000000" }
      local us = hemi.table("us_trade"):select{ "iso3", "year", us_trade_usd_mn = "us_exports_usd_mn + us_imports_usd_mn" }
      return cn:join(us, { "iso3", "year" })
        :derive{ china_share_of_us_china_trade_pct = "100 * china_trade_usd_mn / (china_trade_usd_mn + us_trade_usd_mn)" }
    end

    api.metric{
      name = "china_trade_usd_mn", unit = "US$ millions", grain = "country-year", key = { "iso3", "year" },
      description = "Goods trade (exports + imports) between the country and China as the country reports it to UN Comtrade, US$ millions (current); null where the country did not report that year",
      inputs = { "china_trade.total_trade_usd", "china_trade.reporter" },
      formula = "total_trade_usd / 10^6 on the row with reporter = iso3",
      sources = { COMTRADE },
      compute = function()
        return hemi.table("china_trade"):filter("reporter == iso3")
          :select{ "iso3", "year", china_trade_usd_mn = "total_trade_usd / 1000000" }
      end,
    }
    api.metric{
      name = "china_share_of_us_china_trade_pct", unit = "percent", grain = "country-year", key = { "iso3", "year" },
      description = "China's share of the country's goods trade with China and the US together: 100 × China / (China + US); above 50 = more trade with China than with the US. Null where either side is missing",
      inputs = { "china_trade.total_trade_usd", "us_trade.us_exports_usd_mn", "us_trade.us_imports_usd_mn" },
      formula = "100 × C / (C + U); C = LAC-reported trade with China (US$ mn), U = US-reported (Census) trade with the country (US$ mn), same year",
      sources = { COMTRADE, CENSUS },
      notes = "C and U come from different reporters (the LAC country for China, the US Census for the US); valuation differs (imports CIF vs. Census general imports), so shares are indicative to about a point.",
      compute = function() return china_us():select("iso3", "year", "china_share_of_us_china_trade_pct") end,
    }
    api.metric{
      name = "china_share_change_pp", unit = "percentage points", grain = "country-year", key = { "iso3", "year" },
      description = "Change of china_share_of_us_china_trade_pct since the country's previous year with data, in percentage points; positive = China gaining on the US",
      inputs = { "china_share_of_us_china_trade_pct" },
      formula = "share[year] − share[previous year with data]",
      sources = { COMTRADE, CENSUS },
      compute = function()
        return china_us():change("china_share_of_us_china_trade_pct", { by = "iso3", order = "year", as = "china_share_change_pp" })
      end,
    }
    api.metric{
      name = "china_finance_cumulative_usd_mn", unit = "US$ millions (constant 2021)", grain = "country-year", key = { "iso3", "year" },
      description = "Chinese official-sector development finance committed to the country from 2000 up to and including the year, US$ millions (constant 2021); only years with a commitment have a row (AidData)",
      inputs = { "china_finance.commitments_usd_const2021" },
      formula = "Σ commitments_usd_const2021 over 2000..year / 10^6",
      sources = { AIDDATA },
      compute = function()
        return hemi.table("china_finance")
          :cumsum("commitments_usd_const2021", { by = "iso3", order = "year", as = "cum" })
          :select{ "iso3", "year", china_finance_cumulative_usd_mn = "cum / 1000000" }
      end,
    }
    local function finance()
      local total = hemi.table("china_finance"):group("iso3"):agg{ committed_usd = "sum(commitments_usd_const2021)" }
      local econ = hemi.table("economy"):filter("year == :y", { y = finance_year }):select("iso3", "population", "gdp_usd")
      return total:left_join(econ, "iso3")
        :derive{ china_finance_per_capita_usd = "committed_usd / population",
                 china_finance_pct_gdp = "100 * committed_usd / gdp_usd" }
    end
    api.metric{
      name = "china_finance_per_capita_usd", unit = "US$ per person (constant 2021)", grain = "country", key = { "iso3" },
      description = "Chinese official finance committed 2000–2021 per inhabitant (2021 population), US$; null for countries with no recorded projects (AidData lists none: BLZ, GTM, KNA, VCT)",
      inputs = { "china_finance.commitments_usd_const2021", "economy.population" },
      formula = "Σ commitments 2000–2021 (constant 2021 US$) / population in 2021",
      sources = { AIDDATA, WDI },
      compute = function() return finance():select("iso3", "china_finance_per_capita_usd") end,
    }
    api.metric{
      name = "china_finance_pct_gdp", unit = "percent of GDP", grain = "country", key = { "iso3" },
      description = "Chinese official finance committed 2000–2021 as a share of the country's 2021 GDP (current US$), percent",
      inputs = { "china_finance.commitments_usd_const2021", "economy.gdp_usd" },
      formula = "100 × Σ commitments 2000–2021 (constant 2021 US$) / GDP 2021 (current US$; the same year, so the price bases agree)",
      sources = { AIDDATA, WDI },
      compute = function() return finance():select("iso3", "china_finance_pct_gdp") end,
    }
    api.metric{
      name = "bri_status", unit = "category", grain = "country", key = { "iso3" },
      description = "Belt and Road status at the date of parameter china.bri_date: 'member', 'exited' or 'not a member'; null where the source has no record",
      inputs = { "countries.bri_member", "countries.bri_joined", "countries.bri_exited" },
      formula = "member if bri_joined ≤ date and (bri_exited is null or bri_exited > date)",
      sources = { GFDC },
      compute = function()
        local date = bri_date()
        local rows = {}
        for row in hemi.table("countries"):select("iso3", "bri_member", "bri_joined", "bri_exited"):rows() do
          rows[#rows + 1] = { iso3 = row.iso3, bri_status = bri_status(row, date) }
        end
        return hemi.from_rows(rows, { columns = { "iso3", "bri_status" }, types = { bri_status = "string" } })
      end,
    }
    -- The China-exposure score with its components, one row per LAC sovereign state.
    local function exposure()
        local rows = {}
        local latest = {}
        for r in china_us():sort("year"):rows() do latest[r.iso3] = r end
        local fin = {}
        for r in finance():rows() do fin[r.iso3] = r.china_finance_pct_gdp end
        local date = bri_date()
        local states, trade, money = {}, {}, {}
        for r in hemi.table("countries"):filter("group == 'lac_sovereign'"):rows() do
          states[#states + 1] = r
          trade[r.iso3] = latest[r.iso3] and latest[r.iso3].china_share_of_us_china_trade_pct
          money[r.iso3] = fin[r.iso3]
        end
        local pt, pm = percentile(trade), percentile(money)
        for _, r in ipairs(states) do
          local status = bri_status(r, date)
          local parts = { pt[r.iso3], pm[r.iso3], status and (status == "member" and 1 or 0) or nil }
          local sum, n = 0, 0
          for i = 1, 3 do if parts[i] ~= nil then sum = sum + parts[i]; n = n + 1 end end
          rows[#rows + 1] = {
            iso3 = r.iso3, china_exposure = n > 0 and 100 * sum / n or nil,
            trade_share_pct = trade[r.iso3], trade_year = latest[r.iso3] and latest[r.iso3].year,
            finance_pct_gdp = money[r.iso3], bri = status, components = n,
          }
        end
        return hemi.from_rows(rows, { columns = { "iso3", "china_exposure", "components", "trade_share_pct", "trade_year", "finance_pct_gdp", "bri" },
          types = { china_exposure = "float", trade_share_pct = "float", finance_pct_gdp = "float", trade_year = "integer", bri = "string" } })
    end
    api.metric{
      name = "china_exposure", unit = "index 0-100", grain = "country", key = { "iso3" },
      description = "China-exposure score of each LAC sovereign state, 0–100: the mean of its percentile ranks across LAC on China's trade share, Chinese finance per GDP and Belt and Road membership, over the components it has",
      inputs = { "china_share_of_us_china_trade_pct", "china_finance_pct_gdp", "bri_status" },
      formula = "100 × mean(available of: pct_rank(trade share, latest year with data ≤ 2024), pct_rank(finance % GDP), BRI member at china.bri_date ? 1 : 0); pct_rank = share of the other LAC states with a lower value; null when no component is available",
      sources = { COMTRADE, CENSUS, AIDDATA, WDI, GFDC },
      notes = "A missing component is left out of the mean, never counted as zero; the command .china_exposure shows the components each country has.",
      compute = function()
        return exposure()
      end,
    }
    api.command{
      name = "china_exposure", usage = "",
      description = "China-exposure score of each LAC state with its components (trade share and its year, finance % GDP, BRI status)",
      run = function(args)
        if args and args:match("%S") then error("china_exposure: takes no arguments, got '" .. args .. "'", 0) end
        return exposure():join(hemi.table("countries"):select("iso3", "name"), "iso3"):sort("china_exposure desc")
      end,
    }
    api.command{
      name = "china_vs_us", usage = "<country>",
      description = "A country's goods trade with China and with the US by year, and China's share of the two",
      run = function(args)
        if not (args and args:match("%S")) then
          error("china_vs_us: expected a country, by name or ISO code (e.g. .china_vs_us BRA)", 0)
        end
        local c = hemi.country(args)
        if not c then error("china_vs_us: no country '" .. args .. "' (try an ISO code such as BRA)", 0) end
        local q = china_us():filter("iso3 == :c", { c = c.iso3 }):sort("year")
        if q:count() == 0 then
          local with = {}
          for r in china_us():select("iso3"):distinct():sort("iso3"):rows() do with[#with + 1] = r.iso3 end
          error(("china_vs_us: no data for %s (%s): no year with both its reported trade with China and US trade; countries with data: %s")
            :format(c.name, c.iso3, table.concat(with, ", ")), 0)
        end
        return q
      end,
    }
  end,
}
