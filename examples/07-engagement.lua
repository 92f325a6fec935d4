-- 07 · Engagement priority: the ranking, the breakdown by component, and how it moves when a
-- user changes the weights.
--
--   hemi examples/07-engagement.lua
--
-- Written on the dataset's tables directly, so every step is visible; the end shows the
-- bundled `engagement` plugin's metric engagement_priority, built the same way. Six components, after the
-- four pillars named in the debate (prioritize, invest, message, align), for the 33 sovereign
-- LAC states, each scaled 0-1:
--   trade      US goods trade 2024 (Census), percentile rank
--   migration  CBP encounters FY2024, percentile rank (null where CBP does not name the citizenship)
--   resources  share of world lithium + copper reserves 2024 (USGS) + crude reserves end-2022
--              (OPEC), percentile rank (null where neither source lists the country)
--   china      China's share of the country's goods trade with China + the US, 2023 (Comtrade, as
--              the country reports it; null without a report)
--   democracy  EIU Democracy Index 2024 / 10 (null where the EIU does not score the country)
--   fta        1 with a US free-trade agreement in force, else 0
-- Score = 100 × Σ wᵢ·cᵢ / Σ wᵢ over the components a country has: a missing component is left
-- out and the other weights rescaled, never counted as zero.

local states = {}
for r in hemi.table("countries"):filter("group == 'lac_sovereign'"):rows() do
  states[r.iso3] = { iso3 = r.iso3, name = r.name, fta = r.us_fta and 1 or 0 }
end

-- Raw inputs, keyed by ISO3; a state without a value has none (nil).
local function collect(q, column)
  local out = {}
  for r in q:rows() do if states[r.iso3] and r[column] ~= nil then out[r.iso3] = (out[r.iso3] or 0) + r[column] end end
  return out
end
local raw = {
  trade = collect(hemi.table("us_trade"):filter("year == 2024"):derive{ v = "us_exports_usd_mn + us_imports_usd_mn" }, "v"),
  migration = collect(hemi.table("cbp_encounters"):filter("fiscal_year == 2024"), "encounter_count"),
  resources = collect(hemi.table("minerals"):filter("measure == 'reserves'"), "share_of_world_pct"),
}
for iso3, share in pairs(collect(hemi.table("oil_reserves_opec"):filter("year == 2022"), "share_of_world_pct")) do
  raw.resources[iso3] = (raw.resources[iso3] or 0) + share
end

-- Percentile rank among the states that have a value: 0 = lowest, 1 = highest.
local function percentile(values)
  local sorted = {}
  for _, v in pairs(values) do sorted[#sorted + 1] = v end
  table.sort(sorted)
  local out = {}
  for k, v in pairs(values) do
    local below = 0
    for _, s in ipairs(sorted) do if s < v then below = below + 1 end end
    out[k] = #sorted > 1 and below / (#sorted - 1) or 1
  end
  return out
end
local trade, migration, resources = percentile(raw.trade), percentile(raw.migration), percentile(raw.resources)

local china = {}
local us2023 = collect(hemi.table("us_trade"):filter("year == 2023"):derive{ v = "(us_exports_usd_mn + us_imports_usd_mn) * 1000000" }, "v")
for r in hemi.table("china_trade"):filter("year == 2023 and reporter == iso3 and total_trade_usd is not nil"):rows() do
  if states[r.iso3] then china[r.iso3] = r.total_trade_usd / (r.total_trade_usd + us2023[r.iso3]) end
end
local democracy = {}
for r in hemi.table("governance_eiu"):filter("year == 2024"):rows() do democracy[r.iso3] = r.eiu_democracy_score / 10 end

local COMPONENTS = { "trade", "migration", "resources", "china", "democracy", "fta" }
local components = {}
for iso3, s in pairs(states) do
  components[iso3] = { trade = trade[iso3], migration = migration[iso3], resources = resources[iso3],
                       china = china[iso3], democracy = democracy[iso3], fta = s.fta }
end

-- The index for a set of weights, as a query: one row per state, components and score.
local function ranking(weights)
  local rows = {}
  for iso3, c in pairs(components) do
    local sum, wsum, used = 0, 0, 0
    for _, k in ipairs(COMPONENTS) do
      if c[k] ~= nil then sum = sum + weights[k] * c[k]; wsum = wsum + weights[k]; used = used + 1 end
    end
    local row = { iso3 = iso3, name = states[iso3].name, score = math.floor(1000 * sum / wsum + 0.5) / 10, used = used }
    for _, k in ipairs(COMPONENTS) do row[k] = c[k] and math.floor(100 * c[k] + 0.5) / 100 end
    rows[#rows + 1] = row
  end
  local types = { score = "float", used = "integer" }
  for _, k in ipairs(COMPONENTS) do types[k] = "float" end
  local columns = { "iso3", "name", "score", "used", table.unpack(COMPONENTS) }
  return hemi.from_rows(rows, { columns = columns, types = types }):rank("score desc, name", { as = "rank" })
end

-- Read the ranking with its gaps in mind: CBP names only the largest LAC citizenships, so for
-- the other states migration is unknown, and rescaling the weights can lift a state whose
-- missing component would have been weak.
local default = { trade = 0.25, migration = 0.15, resources = 0.15, china = 0.20, democracy = 0.15, fta = 0.10 }
local base = ranking(default)

print("Engagement priority, default weights (trade .25, china .20, migration .15, resources .15,")
print("democracy .15, fta .10); components 0-1, 'used' = components the state has")
base:sort("rank"):limit(10):select("rank", "name", "score", "used", "trade", "migration", "china", "democracy"):show()

print("Rescaling over missing components can lift states whose unknown components might be weak:")
print("CBP names only the largest LAC citizenships, so most states have no migration component.\n")
print("Breakdown of the top five: each component's contribution to the score (points)")
local top5 = base:sort("rank"):limit(5)
for r in top5:rows() do
  local wsum = 0
  for _, k in ipairs(COMPONENTS) do if r[k] ~= nil then wsum = wsum + default[k] end end
  local parts = {}
  for _, k in ipairs(COMPONENTS) do
    parts[#parts + 1] = r[k] ~= nil and ("%s %.1f"):format(k, 100 * default[k] * r[k] / wsum) or (k .. " n/a")
  end
  print(("  %-18s %5.1f = %s"):format(r.name, r.score, table.concat(parts, " + ")))
end
top5:bar("score", { label = "name", title = "Engagement priority (index 0-100), default weights" })

-- A user who puts security first: migration and democracy count more, trade and China less.
local security = { trade = 0.15, migration = 0.35, resources = 0.10, china = 0.10, democracy = 0.20, fta = 0.10 }
local moved = ranking(security)
  :select{ "iso3", "score", "rank" }
  :derive{ new_score = "score", new_rank = "rank" }
  :select("iso3", "new_score", "new_rank")
  :join(base:select("iso3", "name", "score", "rank"), "iso3")
  :derive{ moved = "rank - new_rank" }
print("\nWith security-first weights (migration .35, democracy .20, trade .15, resources .10, china .10, fta .10)")
moved:sort("new_rank"):limit(10):select("new_rank", "name", "new_score", "rank", "moved"):show()
print("Largest moves (positive = up the list)")
moved:derive{ size = "abs(moved)" }:sort("size desc, name"):limit(5):select("name", "rank", "new_rank", "moved"):show()

-- The bundled `engagement` plugin builds the index the same way (its china component is the
-- china plugin's broader china_exposure score, its resources the resources plugin's score, so
-- the numbers differ). Its weights are parameters a user sets by name:
print("The bundled plugin's engagement_priority, default weights, then with engagement.w_migration = 0.35")
local function plugin_top5()
  return hemi.command("engagement", "5"):derive{ score = "round(engagement_priority, 1)" }:select("name", "score", "components")
end
plugin_top5():show()
hemi.set_param("engagement.w_migration", 0.35)
plugin_top5():show()
