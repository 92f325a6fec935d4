-- The table both rowfunc scripts filter: N rows of six columns (id, partner, year, x, y, flag)
-- made by hemi.from_rows and materialised, the Lua rows collected before any timing. One
-- definition for hemi_rowfunc.lua and each_run.lua, so their runs are of the same table.
--   local t = dofile(here .. "/table.lua")(n)
return function(n)
  local rows = {}
  for i = 1, n do
    rows[i] = { id = i, partner = "P" .. (i % 50), year = 2015 + i % 10, x = ((i % 1000) * 0.25),
                y = (i * 7 % 1000) * 0.3, flag = i % 3 == 0 }
  end
  local t = hemi.from_rows(rows, { columns = { "id", "partner", "year", "x", "y", "flag" } })
  t:count()   -- materialized before timing
  rows = nil
  collectgarbage()
  return t
end
