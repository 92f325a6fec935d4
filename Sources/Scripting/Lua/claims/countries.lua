-- Claims about the countries of the region, their income groups and US trade agreements
-- (ferrero2024), checked on `countries`, `income_groups`, `agreements` and `agreement_members`.

local claims = ...
local define, util = claims.define, claims.util
local hemi = hemi
local SOVEREIGN = "group == 'lac_sovereign'"

-- Which territories belong to "Latin America and the Caribbean" is a definition the
-- article does not give. The UN M49 list (m49_lac_areas, from the datahub country-codes
-- file) is the fullest the data have: the reason counts it, but 47 is not one of its
-- counts, so the claim's own list cannot be rebuilt.
define("countries_47", function(claim)
  local rows = hemi.table("m49_lac_areas"):group("sovereign"):agg{ areas = "count()" }:sort("sovereign desc")
  local n = {}
  for r in rows:rows() do n[r.sovereign] = r.areas end
  local all = n[true] + n[false]
  return {
    computed = nil,
    reason = ("the UN M49 list (datahub country-codes) has %d areas in Latin America and the Caribbean, %d sovereign "
      .. "states and %d territories; the article does not say which %d of the territories its %s counts, so its "
      .. "list cannot be rebuilt"):format(all, n[true], n[false], claim.claimed_value - n[true], util.num(claim.claimed_value)),
    method = "m49_lac_areas (UN M49 region 'Latin America and the Caribbean'), by sovereign",
    rows = hemi.table("m49_lac_areas"):group("status"):agg{ areas = "count()" }:sort("areas desc, status"),
  }
end)

-- One GNI year for the check and for countries.income_group: the latest the data have
-- (the income_groups year countries.income_group is taken from), named in the reason.
define("middle_income_28", function(claim)
  local ref = hemi.table("income_groups"):agg{ y = "max(year)" }:value("y")
  local rows = hemi.table("countries"):filter(SOVEREIGN):select("iso3", "name", "income_group"):sort("income_group, iso3")
  local by_group = {}
  for r in rows:rows() do
    local g = r.income_group or "unclassified"
    by_group[g] = by_group[g] or {}
    table.insert(by_group[g], r.iso3)
  end
  local function n(g) return by_group[g] and #by_group[g] or 0 end
  local upper, lower = n("Upper-middle-income countries"), n("Lower-middle-income countries")
  return {
    computed = upper + lower,
    reason = ("World Bank classification for GNI year %d (released July %d; the year of countries.income_group): "
      .. "%d upper-middle and %d lower-middle income, %d high income, %d low income, unclassified: %s"):format(ref, ref + 1,
      upper, lower, n("High-income countries"), n("Low-income countries"), table.concat(by_group.unclassified or { "none" }, ", ")),
    method = ("countries.income_group (World Bank, GNI reference year %d) of the 33 sovereign LAC states"):format(ref),
    rows = rows,
  }
end)

-- "Ten existing trade agreements with Latin American democracies": the ten are the
-- democracies the agreements are with, i.e. partner states, not agreements (six, two of
-- them regional). A democracy here: not an authoritarian regime on the EIU Democracy Index
-- (score 4 or more) in the year before the article; V-Dem's electoral democracy index
-- (latest year bundled) is shown beside it.
define("fta_network_10", function(claim)
  local eiu_year = claim.year - 1
  local vdem_year = hemi.table("governance_vdem"):agg{ y = "max(year)" }:value("y")
  local in_force = hemi.table("agreements"):filter("status == 'in_force'"):select("agreement_id", "name")
  local memberships = hemi.table("agreement_members"):filter("role == 'partner'"):select("agreement_id", "iso3")
    :join(in_force, "agreement_id")
    :join(hemi.table("countries"):filter(SOVEREIGN):select("iso3", "name"), "iso3", { suffix = "_country" })
  local rows = memberships:group("iso3", "name_country"):agg{ agreements = "count()" }
    :left_join(hemi.table("governance_eiu"):filter(("year == %d"):format(eiu_year)):select("iso3", "eiu_democracy_score"), "iso3")
    :left_join(hemi.table("governance_vdem"):filter(("year == %d"):format(vdem_year)):select("iso3", "vdem_electoral_democracy"), "iso3")
    :sort("eiu_democracy_score desc")
  local states, democracies, others = rows:count(), {}, {}
  for r in rows:rows() do
    if r.eiu_democracy_score ~= nil and r.eiu_democracy_score >= 4 then democracies[#democracies + 1] = r.iso3
    else others[#others + 1] = ("%s (EIU %s, V-Dem %s)"):format(r.name_country,
      r.eiu_democracy_score and util.num(r.eiu_democracy_score, 2) or "no score",
      r.vdem_electoral_democracy and util.num(r.vdem_electoral_democracy, 3) or "no score") end
  end
  local lowest_vdem = rows:sort("vdem_electoral_democracy"):limit(1):value("name_country")
  local agreements = in_force:count()
  return {
    computed = #democracies,
    reading = "the democracies among the LAC states with a US free-trade agreement in force (the wording counts "
      .. "agreements 'with Latin American democracies', i.e. partners)",
    reason = ("%d of the %d partner states score 4 or more on the EIU Democracy Index %d (%s); not a democracy: %s; "
      .. "V-Dem's electoral democracy index %d also puts %s lowest"):format(#democracies, states, eiu_year,
      table.concat(democracies, ", "), table.concat(others, ", "), vdem_year, lowest_vdem),
    others = {
      { reading = ("agreements in force (%s)"):format(table.concat(in_force:sort("agreement_id"):column("agreement_id"), ", ")), computed = agreements },
      { reading = "partner states", computed = states },
    },
    method = ("agreements in force and their partners among the 33 sovereign LAC states (agreement_members), with "
      .. "governance_eiu %d and governance_vdem %d; a democracy = EIU score >= 4 (not an authoritarian regime)"):format(eiu_year, vdem_year),
    rows = rows,
  }
end)
