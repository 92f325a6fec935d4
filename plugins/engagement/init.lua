-- engagement: engagement_priority, a composite index of where US engagement in Latin America
-- and the Caribbean matters most, after the Atlantic Council's four pillars (prioritize,
-- invest, message, align). Six components, each a percentile rank across the 33 LAC
-- sovereign states (or 0/1), weighted by user-overridable parameters; a missing component is
-- left out and the weights of the others are rescaled, never counted as zero.

local COMPONENTS = {
  { key = "trade",     pillar = "prioritize", param = "w_trade",     default = 0.25,
    what = "US goods trade with the country (exports + imports, Census, year engagement.year)" },
  { key = "migration", pillar = "prioritize", param = "w_migration", default = 0.15,
    what = "CBP encounters of the country's citizens (all border regions, fiscal year engagement.year)" },
  { key = "resources", pillar = "invest",     param = "w_resources", default = 0.15,
    what = "strategic_resources (resources plugin): shares of world lithium, copper and oil reserves" },
  { key = "china",     pillar = "invest",     param = "w_china",     default = 0.20,
    what = "china_exposure (china plugin) / 100: Chinese trade share, finance and Belt and Road" },
  { key = "democracy", pillar = "message",    param = "w_democracy", default = 0.15,
    what = "EIU Democracy Index, latest year ≤ engagement.year (democratic alignment)" },
  { key = "fta",       pillar = "align",      param = "w_fta",       default = 0.10,
    what = "a US free-trade agreement in force (countries.us_fta): 1 or 0" },
}

-- The china plugin's percentile rank (plugins/china/percentile.lua), the one china_exposure
-- uses, so both rank the same way.
local percentile = require("china.percentile")

return {
  name = "engagement",
  version = "1.0.0",
  api_version = 1,
  description = "engagement_priority: a weighted, documented composite of trade, migration, resources, China's presence, democracy and FTAs",
  author = "Hemi contributors",
  license = "MIT",
  -- china_exposure and its percentile rank come from the china plugin, strategic_resources
  -- from the resources plugin: both register first.
  requires = { hemi = ">=0.1", china = "^1.0", resources = "^1.0" },

  register = function(api)
    local weight = {}
    for _, c in ipairs(COMPONENTS) do
      weight[c.key] = api.param{ name = c.param, default = c.default,
        description = "weight of the " .. c.key .. " component (" .. c.pillar .. " pillar): " .. c.what }
    end
    local year = api.param{ name = "year", default = 2024,
      description = "reference year: US trade (calendar year), CBP encounters (fiscal year), latest EIU score up to it" }

    -- One row per LAC sovereign state: raw inputs, components (0–1 or nil), score.
    local function breakdown()
      local y = math.tointeger(year()) or year()
      local raw = { trade = {}, migration = {}, resources = {}, china = {}, democracy = {}, fta = {} }
      for r in hemi.table("us_trade"):filter("year == :y", { y = y })
          :select{ "iso3", total = "us_exports_usd_mn + us_imports_usd_mn" }:rows() do
        raw.trade[r.iso3] = r.total
      end
      for r in hemi.table("cbp_encounters"):filter("fiscal_year == :y and iso3 is not nil", { y = y })
          :group("iso3"):agg{ n = "sum(encounter_count)" }:rows() do
        raw.migration[r.iso3] = r.n
      end
      for r in hemi.table("governance_eiu"):filter("year <= :y", { y = y }):sort("year"):rows() do
        raw.democracy[r.iso3] = r.eiu_democracy_score   -- the latest year wins
      end
      local states = {}
      for r in hemi.table("countries"):filter("group == 'lac_sovereign'")
          :select("iso3", "name", "us_fta")
          :derive{ resources = "strategic_resources", china = "china_exposure" }:rows() do
        states[#states + 1] = r
        raw.resources[r.iso3] = r.resources
        raw.china[r.iso3] = r.china
        if r.us_fta ~= nil then raw.fta[r.iso3] = r.us_fta and 1 or 0 end
      end
      -- Rank only among the LAC states.
      local norm = {}
      for _, c in ipairs(COMPONENTS) do
        local values = {}
        for _, s in ipairs(states) do values[s.iso3] = raw[c.key][s.iso3] end
        if c.key == "fta" then norm[c.key] = values
        elseif c.key == "china" then
          norm[c.key] = {}
          for k, v in pairs(values) do norm[c.key][k] = v / 100 end
        else norm[c.key] = percentile(values) end
      end
      local rows = {}
      for _, s in ipairs(states) do
        local row = { iso3 = s.iso3, name = s.name }
        local sum, wsum, used = 0, 0, 0
        for _, c in ipairs(COMPONENTS) do
          local v = norm[c.key][s.iso3]
          row[c.key] = v
          if v ~= nil then
            local w = weight[c.key]()
            sum, wsum, used = sum + w * v, wsum + w, used + 1
          end
        end
        row.engagement_priority = wsum > 0 and 100 * sum / wsum or nil
        row.components = used
        rows[#rows + 1] = row
      end
      local columns = { "iso3", "name", "engagement_priority", "components" }
      local types = { engagement_priority = "float", components = "integer" }
      for _, c in ipairs(COMPONENTS) do columns[#columns + 1] = c.key; types[c.key] = "float" end
      return hemi.from_rows(rows, { columns = columns, types = types })
    end

    local formula = { "100 × Σ wᵢ·cᵢ / Σ wᵢ over the components cᵢ the country has (weights rescaled, a missing component is not a zero):" }
    for _, c in ipairs(COMPONENTS) do
      formula[#formula + 1] = string.format("  %-9s (%s, weight engagement.%s, default %.2f): %s%s", c.key, c.pillar, c.param, c.default, c.what,
        (c.key == "fta" or c.key == "china") and "" or "; percentile rank across the 33 LAC states")
    end
    api.metric{
      name = "engagement_priority", unit = "index 0-100", grain = "country", key = { "iso3" },
      description = "Where US engagement in LAC matters most: a weighted composite of US trade, migration, strategic resources, China's presence, democratic alignment and FTAs, 0–100, for the 33 LAC sovereign states (null elsewhere)",
      inputs = { "us_trade", "cbp_encounters", "strategic_resources", "china_exposure", "governance_eiu", "countries.us_fta" },
      formula = table.concat(formula, "\n"),
      sources = {
        "U.S. Census Bureau, U.S. Trade in Goods by Country (us_trade)",
        "U.S. Customs and Border Protection, nationwide encounters (cbp_encounters)",
        "USGS Mineral Commodity Summaries 2025; OPEC ASB 2023 (via the resources plugin)",
        "UN Comtrade, AidData GCDF 3.0, World Bank WDI, GFDC Belt and Road list (via the china plugin)",
        "Economist Intelligence Unit Democracy Index via Our World in Data (governance_eiu)",
        "USTR list of free-trade agreements in force (countries.us_fta)",
        "Pillars: Atlantic Council, as named in the public debate on US policy toward the region (prioritize, invest, message, align)",
      },
      notes = "The breakdown per country: .engagement (or hemi.command('engagement')). Change a weight: hemi.set_param('engagement.w_trade', 0.4).",
      compute = breakdown,
    }
    api.command{
      name = "engagement", usage = "[n]",
      description = "engagement_priority of the LAC states with each component (0–1) and the number of components used, highest first",
      run = function(args)
        local text, n = args or "", nil
        if text:match("%S") then
          n = math.tointeger(tonumber(text:match("^%s*(%d+)%s*$")))
          if not n or n < 1 then
            error("engagement: expected how many countries to show (a whole number, 1 or more), got '" .. text .. "'", 0)
          end
        end
        local q = breakdown():sort("engagement_priority desc")
        if n then q = q:limit(n) end
        return q
      end,
    }
  end,
}
