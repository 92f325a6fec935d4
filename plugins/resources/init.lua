-- resources: each country's share of world reserves of lithium and copper (USGS Mineral
-- Commodity Summaries 2025, reserves 2024, table minerals) and of crude oil (OPEC Annual
-- Statistical Bulletin 2023, year-end 2022, table oil_reserves_opec), and a
-- strategic-resources score built from the three.

local USGS = "U.S. Geological Survey, Mineral Commodity Summaries 2025, reserves 2024 (table minerals)"
local OPEC = "OPEC, Annual Statistical Bulletin 2023, proven crude oil reserves at year-end 2022 (table oil_reserves_opec)"
local OIL_YEAR = 2022

local function mineral_share(commodity, name)
  return function()
    return hemi.table("minerals")
      :filter("commodity == :c and measure == 'reserves' and year == 2024", { c = commodity })
      :select{ "iso3", [name] = "share_of_world_pct" }
  end
end

return {
  name = "resources",
  version = "1.0.0",
  api_version = 1,
  description = "Shares of world reserves of lithium, copper and oil, and a strategic-resources score",
  author = "Hemi contributors",
  license = "MIT",

  register = function(api)
    api.metric{
      name = "lithium_reserves_share_pct", unit = "percent of world", grain = "country", key = { "iso3" },
      description = "The country's share of world lithium reserves (lithium content, 2024), percent of USGS's rounded world total; null where USGS does not list the country (Bolivia, Mexico: see README)",
      inputs = { "minerals.share_of_world_pct" },
      formula = "value_tonnes / world_total_tonnes × 100 (commodity lithium, measure reserves, year 2024)",
      sources = { USGS },
      compute = mineral_share("lithium", "lithium_reserves_share_pct"),
    }
    api.metric{
      name = "copper_reserves_share_pct", unit = "percent of world", grain = "country", key = { "iso3" },
      description = "The country's share of world copper reserves (recoverable Cu, 2024), percent of USGS's rounded world total; null where USGS does not list the country",
      inputs = { "minerals.share_of_world_pct" },
      formula = "value_tonnes / world_total_tonnes × 100 (commodity copper, measure reserves, year 2024)",
      sources = { USGS },
      compute = mineral_share("copper", "copper_reserves_share_pct"),
    }
    api.metric{
      name = "oil_reserves_share_pct", unit = "percent of world", grain = "country", key = { "iso3" },
      description = "The country's share of world proven crude oil reserves at end-2022 (OPEC ASB 2023), percent of OPEC's world total; null where OPEC does not break the country out (Guyana, Peru, Bolivia, Trinidad and Tobago and smaller producers)",
      inputs = { "oil_reserves_opec.share_of_world_pct" },
      formula = "proven_crude_reserves_mb / world_proven_crude_reserves_mb × 100, year " .. OIL_YEAR,
      sources = { OPEC },
      notes = "Canada's OPEC figure excludes oil sands. bp's series (oil_reserves_bp, to 2020) is a different definition and is not mixed in.",
      compute = function()
        return hemi.table("oil_reserves_opec"):filter("year == :y", { y = OIL_YEAR })
          :select{ "iso3", oil_reserves_share_pct = "share_of_world_pct" }
      end,
    }
    api.metric{
      name = "strategic_resources", unit = "percent of world (sum of three shares)", grain = "country", key = { "iso3" },
      description = "Strategic-resources score: the sum of the country's shares of world reserves of lithium, copper and crude oil, in percentage points (0–300); null when none of the three is listed for the country",
      inputs = { "lithium_reserves_share_pct", "copper_reserves_share_pct", "oil_reserves_share_pct" },
      formula = "lithium_reserves_share_pct + copper_reserves_share_pct + oil_reserves_share_pct, over the shares that exist; the command .resources shows which exist",
      sources = { USGS, OPEC },
      notes = "A country absent from a USGS/OPEC list has either negligible reserves or reserves inside 'Other countries' — unknown either way, so it adds nothing here but is not recorded as zero: the count of listed commodities is in .resources.",
      compute = function()
        local q = hemi.table("countries"):select("iso3", "name")
          :derive{ lithium = "lithium_reserves_share_pct", copper = "copper_reserves_share_pct", oil = "oil_reserves_share_pct" }
          :derive{ strategic_resources = "coalesce(lithium, 0) + coalesce(copper, 0) + coalesce(oil, 0)" }
        local rows = {}
        for r in q:rows() do
          local listed = (r.lithium and 1 or 0) + (r.copper and 1 or 0) + (r.oil and 1 or 0)
          if listed == 0 then r.strategic_resources = nil end
          r.listed = listed
          rows[#rows + 1] = r
        end
        return hemi.from_rows(rows, { columns = { "iso3", "name", "strategic_resources", "listed", "lithium", "copper", "oil" },
          types = { strategic_resources = "float", lithium = "float", copper = "float", oil = "float" } })
      end,
    }
    api.command{
      name = "resources", usage = "",
      description = "Countries with listed reserves: shares of world lithium, copper and oil reserves and the strategic-resources score",
      run = function(args)
        if args and args:match("%S") then error("resources: takes no arguments, got '" .. args .. "'", 0) end
        return hemi.table("countries"):select("iso3", "name")
          :derive{ lithium = "lithium_reserves_share_pct", copper = "copper_reserves_share_pct", oil = "oil_reserves_share_pct",
                   score = "strategic_resources" }
          :filter("score is not nil"):sort("score desc")
      end,
    }
  end,
}
