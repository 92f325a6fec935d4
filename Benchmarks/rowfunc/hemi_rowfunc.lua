-- A Lua function per row in Hemi: q:filter(function(row) ... end) over N rows of a table
-- with six columns, against the same predicate as an expression. Prints median CPU ns per
-- row (os.clock) of REPS runs, for a predicate reading one column and one reading two.
--   hemi hemi_rowfunc.lua N REPS
local n, reps = tonumber(arg[1]) or 1000000, tonumber(arg[2]) or 7
local here = arg[0]:match("^(.*)/") or "."
local t = dofile(here .. "/table.lua")(n)

local function median_ns(f)
  local ts = {}
  for r = 1, reps do
    local c = os.clock(); f(); ts[r] = (os.clock() - c) / n * 1e9
  end
  table.sort(ts)
  return ts[(reps + 1) // 2]
end

local kept_fn, kept_expr
local one = median_ns(function() kept_fn = t:filter(function(row) return row.x > 100 end):count() end)
local one_expr = median_ns(function() kept_expr = t:filter("x > 100"):count() end)
assert(kept_fn == kept_expr, "the function and the expression disagree")
local two = median_ns(function() kept_fn = t:filter(function(row) return row.y > 1.5 * row.x end):count() end)
local two_expr = median_ns(function() kept_expr = t:filter("y > 1.5 * x"):count() end)
assert(kept_fn == kept_expr, "the function and the expression disagree")
print(string.format("%.1f %.1f %.1f %.1f", one, one_expr, two, two_expr))
