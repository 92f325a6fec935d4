-- 04 · Lithium, copper and oil: who holds the reserves, and the region's share of the world.
--
--   hemi examples/04-resources.lua
--
-- Data: minerals (USGS Mineral Commodity Summaries 2025: reserves 2024, metric tons of
-- content) and oil_reserves_opec (OPEC Annual Statistical Bulletin 2023: proven crude
-- reserves at end-2022, million barrels), with bp's Statistical Review 2021 (end-2020) as a
-- second, separate series. Shares are of each source's own world total; the two oil series
-- differ in definition and are never added or joined.

local lac = hemi.table("countries"):filter("is_lac"):select("iso3", "name")

-- 30000000 -> "30,000,000" (for the sentences; tables group digits themselves).
local function grouped(x)
  local s = ("%.0f"):format(x)
  return (s:reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", ""))
end

-- Minerals: the LAC countries USGS lists by name. Countries inside USGS's "Other countries"
-- row are not in the dataset, so the regional share is a lower bound.
for _, commodity in ipairs{ "lithium", "copper" } do
  local holders = hemi.table("minerals")
    :filter(("commodity == '%s' and measure == 'reserves'"):format(commodity))
    :join(lac, "iso3")
    :derive{ share_pct = "round(share_of_world_pct, 1)" }
    :sort("value_tonnes desc")
  local total = holders:agg{ lac = "sum(value_tonnes)", world = "max(world_total_tonnes)" }
  print(("%s reserves, 2024 (metric tons of content)"):format(commodity:gsub("^%l", string.upper)))
  holders:select("name", "value_tonnes", "share_pct"):show()
  print(("LAC holds %.1f%% of the world's %s t (USGS world total).\n"):format(
    100 * total:value("lac") / total:value("world"), grouped(total:value("world"))))
end
print("Bolivia is not listed with lithium reserves in MCS 2025; Mexico's are inside 'Other countries'.\n")

-- Oil: OPEC at end-2022. Guyana, Peru, Bolivia and Trinidad and Tobago are not broken out;
-- OPEC gives them together as "Others (Latin America)".
local oil = hemi.table("oil_reserves_opec")
  :filter("year == 2022")
  :join(lac, "iso3")
  :derive{ share_pct = "round(share_of_world_pct, 2)" }
  :sort("proven_crude_reserves_mb desc")
local others = hemi.table("oil_reserves_opec_regions")
  :filter("year == 2022 and region == 'Others (Latin America)'")
  :value("proven_crude_reserves_mb")
local sums = oil:agg{ lac = "sum(proven_crude_reserves_mb)", world = "max(world_proven_crude_reserves_mb)" }
print("Proven crude oil reserves, end-2022 (OPEC ASB 2023, million barrels)")
oil:select("name", "proven_crude_reserves_mb", "share_pct"):show()
print(("With 'Others (Latin America)' (%s mb), LAC holds %.1f%% of OPEC's world total.\n"):format(
  grouped(others), 100 * (sums:value("lac") + others) / sums:value("world")))
oil:bar("share_pct", { label = "name", title = "Share of world proven crude reserves, end-2022", unit = "percent" })

-- bp's own series, end-2020: South and Central America plus Mexico (bp files Mexico under
-- North America), over bp's world total.
local bp = hemi.table("oil_reserves_bp_regions"):filter("year == 2020")
local sca = bp:filter("region == 'Total S. & Cent. America'"):value("oil_reserves_bn_barrels")
local world = bp:filter("region == 'Total World'"):value("oil_reserves_bn_barrels")
local mexico = hemi.table("oil_reserves_bp"):filter("year == 2020 and iso3 == 'MEX'"):value("oil_reserves_bn_barrels")
print(("\nbp Statistical Review 2021, end-2020: LAC holds %.1f%% of the world's proved oil"):format(100 * (sca + mexico) / world))
print(("(%.1f of %.1f thousand million barrels).\n"):format(sca + mexico, world))

-- How the largest holders got there (OPEC, 1990-2022; each line on its own scale).
hemi.table("oil_reserves_opec")
  :filter("year >= 1990 and iso3 in ('VEN', 'BRA', 'MEX', 'ECU', 'ARG', 'COL')")
  :sparklines("proven_crude_reserves_mb", { by = "iso3", title = "Proven crude reserves, 1990-2022" })
