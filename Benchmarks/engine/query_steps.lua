-- hemi query_steps.lua FLOWS.csv COUNTRIES.csv MODE REPS: load (as hemi_bench.lua does), then run
-- query MODE (q2..q5, "all", or "load" for none) REPS times; prints each query's median CPU ms
-- (os.clock) and a checksum of its answer. For profiles and instruction counts of one query.
local flows_path, countries_path, which, reps = ...
reps = tonumber(reps)
local flows = hemi.read_csv(flows_path, { types = { hs2 = "string" } })
local countries = hemi.read_csv(countries_path)
local queries = {
  q2 = function()
    return flows:filter("year == 2023"):group("partner")
      :agg{ exports = "sum(exports_usd)", imports = "sum(imports_usd)" }
      :derive{ balance = "imports - exports" }
      :sort("exports + imports desc"):limit(10)
      :select("partner", "exports", "imports", "balance")
  end,
  q3 = function()
    return flows:join(countries, { partner = "iso3" }):group("subregion", "year")
      :agg{ exports = "sum(exports_usd)", imports = "sum(imports_usd)", n = "count()" }
      :sort("subregion, year")
      :select("subregion", "year", "exports", "imports", "n")
  end,
  q4 = function()
    return flows:filter("imports_usd > exports_usd * 1.5"):group("hs2"):agg{ n = "count()" }:sort("hs2")
  end,
  q5 = function()
    return flows:group("reporter", "partner"):agg{ total = "sum(exports_usd + imports_usd)" }
      :row_number("total desc, partner", { by = "reporter", as = "rk" })
      :filter("rk <= 3"):sort("reporter, rk")
      :select("reporter", "rk", "partner", "total")
  end,
}
if which == "load" then return end
local function run(name)
  local cpus = {}
  local q
  for i = 1, reps do
    local c0 = os.clock()
    q = queries[name]()
    q:count()
    cpus[i] = (os.clock() - c0) * 1000
  end
  table.sort(cpus)
  local sum = 0
  for _, v in ipairs(q:column(q:columns()[#q:columns()])) do sum = sum + (tonumber(v) or 0) end
  print(string.format("%s median CPU %.1f ms over %d, answer rows %d, checksum %.6g", name, cpus[(reps + 1) // 2], reps, q:count(), sum))
end
if which == "all" then for _, n in ipairs{"q2", "q3", "q4", "q5"} do run(n) end else run(which) end
