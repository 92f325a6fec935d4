-- hemi_rowfunc.lua's four filters in its order, every run's CPU ns per row printed (one line
-- per filter) with the page faults of the whole process after it: the medians hide a run-
-- to-run jump, as when dropped results piled up and each run wrote fresh pages (README).
--   hemi each_run.lua N REPS
local n, reps = tonumber(arg[1]) or 1000000, tonumber(arg[2]) or 7
local function faults()
  local f = io.open("/proc/self/stat")
  if not f then return 0 end
  local s = f:read("a"); f:close()
  return tonumber(s:match("^.-%) %S+" .. (" %S+"):rep(6) .. " (%d+)")) or 0
end
local here = arg[0]:match("^(.*)/") or "."
local t = dofile(here .. "/table.lua")(n)

-- The times are kept in a preallocated table and printed at the end, so the measuring
-- itself makes no Lua garbage between runs (which would change when the collector runs).
local out = {}
local function each(name, f)
  local ts = {}
  for r = 1, reps do ts[r] = 0 end
  for r = 1, reps do
    local c = os.clock(); f(); ts[r] = (os.clock() - c) / n * 1e9
  end
  out[#out + 1] = { name, ts, faults() }
end
each("filter(function(row) return row.x > 100 end)", function() t:filter(function(row) return row.x > 100 end):count() end)
each('filter("x > 100")', function() t:filter("x > 100"):count() end)
each("filter(function(row) return row.y > 1.5*row.x end)", function() t:filter(function(row) return row.y > 1.5 * row.x end):count() end)
each('filter("y > 1.5 * x")', function() t:filter("y > 1.5 * x"):count() end)
for _, o in ipairs(out) do
  local s = {}
  for i, v in ipairs(o[2]) do s[i] = string.format("%5.1f", v) end
  print(string.format("%-52s %s   faults %d", o[1], table.concat(s, " "), o[3]))
end
