-- Claims about the region's natural resources (whyedu2024) and Chinese investment (pivot2023),
-- checked on `minerals` (USGS MCS 2025), `oil_reserves_bp` / `oil_reserves_bp_regions`
-- (bp Statistical Review 2021) with `oil_reserves_opec` (OPEC ASB 2023) as a cross-check,
-- and `china_investment` (AEI, South America).

local claims = ...
local define, util = claims.define, claims.util
local hemi = hemi

-- Share of USGS's world reserves held by the LAC countries USGS lists by name (the lower
-- bound: countries inside USGS's "Other countries" row are not broken out) and, as the upper
-- bound, that share plus all of "Other countries" (as if every unlisted holder were LAC).
local function reserves_share(claim, commodity, element)
  local lac = hemi.table("countries"):filter("is_lac"):select("iso3", "name")
  local rows = hemi.table("minerals")
    :filter(("commodity == '%s' and measure == 'reserves' and year == %d"):format(commodity, claim.year))
    :join(lac, "iso3")
    :select{ "iso3", "name", "value_tonnes", "world_total_tonnes", "other_countries_tonnes", "share_of_world_pct" }
    :sort("value_tonnes desc")
  local sums = rows:agg{ lac = "sum(value_tonnes)", world = "max(world_total_tonnes)", other = "max(other_countries_tonnes)" }
  local lac_t, world_t, other_t = sums:value("lac"), sums:value("world"), sums:value("other")
  local low, high = 100 * lac_t / world_t, 100 * (lac_t + other_t) / world_t
  return {
    computed = low, bounds = { low, high },
    text = ("%s hold %s of the world's %s t of %s reserves (%s%%); USGS's 'Other countries' hold %s t (%s%% if all of it were LAC)"):format(
      table.concat(rows:column("iso3"), ", "), util.num(lac_t), util.num(world_t), element,
      util.num(low, 1), util.num(other_t), util.num(high, 1)),
    method = ("minerals, %s reserves %d (USGS MCS 2025): LAC countries of the countries table over the USGS world total (lower bound), "
      .. "plus USGS's 'Other countries' (upper bound)"):format(commodity, claim.year),
    rows = rows,
  }
end

-- The LAC share of world mine production in a year, for comparison with a reserves claim.
local function production_share(commodity, year)
  local lac = hemi.table("countries"):filter("is_lac"):select("iso3")
  local p = hemi.table("minerals")
    :filter(("commodity == '%s' and measure == 'mine_production' and year == %d"):format(commodity, year))
    :join(lac, "iso3"):agg{ lac = "sum(value_tonnes)", world = "max(world_total_tonnes)" }
  return p:value("lac"), p:value("world")
end

define("lithium_share", function(claim)
  local r = reserves_share(claim, "lithium", "lithium content")
  r.reason = ("the claim likely cites identified resources, a wider measure that the bundled USGS file does not "
    .. "carry, while reserves give %s%%: %s; Bolivia is not listed with reserves and Mexico's are inside "
    .. "'Other countries'"):format(util.num(r.computed, 1), r.text)
  return r
end)

define("copper_share", function(claim)
  local r = reserves_share(claim, "copper", "recoverable copper")
  local lac_p, world_p = production_share("copper", claim.year)
  r.reason = r.text .. (". Other LAC holders, if any, are inside 'Other countries', so %s%% is a lower bound and "
    .. "cannot refute the claim. The claimed %s%% equals LAC's share of %d world mine production (%s of %s kt, %s%%)"):format(
    util.num(r.computed, 1), util.num(claim.claimed_value), claim.year, util.num(lac_p / 1000), util.num(world_p / 1000), util.num(100 * lac_p / world_p, 1))
  r.method = r.method .. ("; minerals, copper mine_production %d, for the production share"):format(claim.year)
  return r
end)

-- bp counts Mexico in North America: LAC = bp's South and Central America total (which
-- includes its 'Other S. & Cent. America') plus Mexico.
define("oil_share", function(claim)
  local y = claim.year
  local regions = hemi.table("oil_reserves_bp_regions")
    :filter(("year == %d and region in ('Total S. & Cent. America', 'Total World')"):format(y))
    :select("region", "year", "oil_reserves_bn_barrels")
  local mexico = hemi.table("oil_reserves_bp"):filter(("year == %d and iso3 == 'MEX'"):format(y))
  local sca = regions:filter("region == 'Total S. & Cent. America'"):value("oil_reserves_bn_barrels")
  local world = regions:filter("region == 'Total World'"):value("oil_reserves_bn_barrels")
  local mex = mexico:value("oil_reserves_bn_barrels")
  local share = 100 * (sca + mex) / world
  -- Cross-check with OPEC's later, differently defined series: its Latin America block
  -- plus the two LAC countries it files under OECD Americas (Chile, Mexico).
  local opec = hemi.table("oil_reserves_opec"):filter("year == 2022 and (opec_block == 'Latin America' or iso3 in ('CHL', 'MEX'))")
    :agg{ lac = "sum(proven_crude_reserves_mb)", world = "max(world_proven_crude_reserves_mb)" }
  local others = hemi.table("oil_reserves_opec_regions"):filter("year == 2022 and region == 'Others (Latin America)'")
    :value("proven_crude_reserves_mb")
  local opec_share = 100 * (opec:value("lac") + others) / opec:value("world")
  return {
    computed = share,
    reason = ("by bp's figures for end-%d, South and Central America %s plus Mexico %s of %s thousand million barrels (%s%%); "
      .. "OPEC ASB 2023 gives %s%% for end-2022 (crude only, a different definition)"):format(
      y, util.num(sca, 1), util.num(mex, 1), util.num(world, 1), util.num(share, 1), util.num(opec_share, 1)),
    method = ("oil_reserves_bp_regions and oil_reserves_bp %d (bp Statistical Review 2021): (Total S. & Cent. America + Mexico) / Total World"):format(y),
    -- The two bp totals, with their provenance; Mexico's figure is in the reason.
    rows = regions,
  }
end)

define("china_investment_2022", function(claim)
  local rows = hemi.table("china_investment"):group("iso3"):agg{
    deals = "count()", amount_usd_mn = "sum(amount_usd_mn)", first_year = "min(year)", last_year = "max(year)" }
    :sort("amount_usd_mn desc")
  local total = rows:agg{ t = "sum(amount_usd_mn)" }:value("t") / 1000
  return {
    computed = nil,
    reason = ("the dataset's Chinese investment deals (AEI) cover South America only, deals of US$100 million or more, "
      .. "2005-2021: they sum to %s US$ billion; nothing for Mexico, Central America, the Caribbean or %d"):format(
      util.num(total, 1), claim.year),
    method = "china_investment (AEI China Global Investment Tracker, South America subset), all deals",
    rows = rows,
  }
end)

define("forest_share", function(claim)
  return {
    computed = nil,
    reason = "the dataset has no forest data",
    method = "no table covers forests",
    rows = nil,
  }
end)
