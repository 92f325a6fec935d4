-- The benchmark in Hemi, driven through its Lua API:
--   hemi hemi_bench.lua FLOWS.csv COUNTRIES.csv OUT_DIR REPS
-- Prints "name wall_ms cpu_ms" per timed step and the resident memory after loading and its
-- peak while loading; writes
-- each query's answer to OUT_DIR/qN.csv. CPU: os.clock(), the median of REPS runs after a
-- warm-up (the load: of min(REPS, 3)). Lua has no wall clock finer than a second, so wall
-- time is read from `date +%s%N` around all REPS runs together, less the cost of an empty
-- interval (the smallest of 7 pairs of reads, ~1-2 ms), divided by REPS: a mean, good to a fraction of a
-- millisecond.
local flows_path, countries_path, out, reps = ...
reps = tonumber(reps) or 5

local function median(t)
  table.sort(t)
  local n = #t
  return n % 2 == 1 and t[(n + 1) // 2] or (t[n // 2] + t[n // 2 + 1]) / 2
end

local function now_ns()
  local p = io.popen("date +%s%N")
  local t = math.tointeger(tonumber(p:read("l")))
  p:close()
  return t
end

local empty = {}
for i = 1, 7 do local a = now_ns(); empty[i] = (now_ns() - a) / 1e6 end
local overhead

-- Runs f `times` times; returns the mean wall milliseconds and the median CPU milliseconds.
local function timed(f, times)
  local cpus = {}
  local w0 = now_ns()
  for i = 1, times do
    local c0 = os.clock()
    f()
    cpus[i] = (os.clock() - c0) * 1000
  end
  local w1 = now_ns()
  return math.max(0, (w1 - w0) / 1e6 - overhead) / times, median(cpus)
end

local function rss_kib()
  local f = io.open("/proc/self/status")
  if not f then return nil end
  local s = f:read("a"); f:close()
  return tonumber(s:match("VmRSS:%s*(%d+)")), tonumber(s:match("VmHWM:%s*(%d+)"))
end

-- The fixed cost of two clock reads: their smallest interval (noise only adds to it).
table.sort(empty)
overhead = empty[1]

-- Q1: the load. hs2 keeps its leading zero as a string.
local flows, countries
local rss_before = rss_kib()
local wall, cpu = timed(function()
  flows, countries = nil, nil
  collectgarbage()
  flows = hemi.read_csv(flows_path, { types = { hs2 = "string" } })
  countries = hemi.read_csv(countries_path)
  flows:count(); countries:count()
end, math.min(reps, 3))
print(string.format("q1 %.3f %.3f", wall, cpu))
local rss, peak = rss_kib()
-- Resident after the load, and the high-water mark of the process so far: the load's peak.
if rss and rss_before then print(string.format("rss_kib %d %d %d %d", rss_before, rss, flows:count(), peak or rss)) end

-- The queries (queries.lua, shared with query_steps.lua).
local here = arg[0]:match("^(.*)/") or "."
local queries = dofile(here .. "/queries.lua")(flows, countries)

for _, name in ipairs{ "q2", "q3", "q4", "q5" } do
  local q
  local function run() q = queries[name](); q:count() end   -- count() executes; to_csv reuses the result
  run()                                                       -- warm-up
  collectgarbage()
  local wall, cpu = timed(run, reps)
  print(string.format("%s %.3f %.3f", name, wall, cpu))
  q:to_csv(out .. "/" .. name .. ".csv")
end
