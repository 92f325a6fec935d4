-- hemi query_steps.lua FLOWS.csv COUNTRIES.csv MODE REPS: load (as hemi_bench.lua does), then run
-- query MODE (q2..q5, "all", or "load" for none) REPS times; prints each query's median CPU ms
-- (os.clock) and a checksum of its answer. For profiles and instruction counts of one query.
local flows_path, countries_path, which, reps = ...
reps = tonumber(reps)
local flows = hemi.read_csv(flows_path, { types = { hs2 = "string" } })
local countries = hemi.read_csv(countries_path)
-- The queries (queries.lua, shared with hemi_bench.lua).
local here = arg[0]:match("^(.*)/") or "."
local queries = dofile(here .. "/queries.lua")(flows, countries)
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
