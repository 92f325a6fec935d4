-- String sort and comparison over a column of distinct strings:
--   hemi strings_bench.lua STRINGS.csv REPS
-- Prints "step cpu_ms" (os.clock(), the median of REPS runs after a warm-up) and a checksum
-- of each answer, so that two builds can be seen to agree.
local path, reps = ...
reps = tonumber(reps) or 5

local function median(t)
  table.sort(t)
  local n = #t
  return n % 2 == 1 and t[(n + 1) // 2] or (t[n // 2] + t[n // 2 + 1]) / 2
end

local t = hemi.read_csv(path)
local steps = {
  {"sort by name", function() local s = t:sort("name") return s:column("id")[1] + s:column("id")[t:count()] end},
  {"sort by name desc, top 10", function() return t:sort("name desc"):limit(10):column("id")[1] end},
  {"filter name < 'M'", function() return t:filter("name < 'M'"):count() end},
  {"filter name >= 'm' and name < 'q'", function() return t:filter("name >= 'm' and name < 'q'"):count() end},
  {"min and max of name", function() local g = t:agg{lo = "min(name)", hi = "max(name)"} return #g:column("lo")[1] + #g:column("hi")[1] end},
}
for _, s in ipairs(steps) do
  local name, f = s[1], s[2]
  local answer = f()
  local cpus = {}
  for i = 1, reps do
    local c0 = os.clock()
    f()
    cpus[i] = (os.clock() - c0) * 1000
  end
  print(string.format("%-36s %9.1f ms   answer %s", name, median(cpus), tostring(answer)))
end
