-- The Lua-function paths of q:derive and q:sort, which their Swift registrations hand on to
-- (QueryVerbs: LuaCall.forward). Kept in the registry by HemiRuntime.runPrelude, so nothing
-- here is reachable from scripts. q:filter(function) is Swift's own (RowFunctions.swift).
--   q:derive{ x = function(row) return ... end }   functions beside expression strings
--   q:sort(function(a, b) return a.x < b.x end)     a comparison, as table.sort takes
local ipairs, next, pairs, type, sort, from_rows = ipairs, next, pairs, type, table.sort, hemi.from_rows
local Q = getmetatable(from_rows({ { x = 1 } })).__index
local derive, rows_of, columns_of, schema_of = Q.derive, Q._rows, Q.columns, Q.schema

-- Rebuilds a query from Lua rows, keeping the column order and types of `like`.
local function rebuild(like, rows, extra)
  local columns, types = columns_of(like), {}
  for _, f in ipairs(schema_of(like)) do types[f.name] = f.type end
  for _, name in ipairs(extra or {}) do
    local known = false
    for _, c in ipairs(columns) do if c == name then known = true end end
    if not known then columns[#columns + 1] = name end
    types[name] = nil
  end
  return from_rows(rows, { columns = columns, types = types })
end

local paths = {}

-- The string definitions first (one derive, bound at once), then the functions in name order,
-- each called with the row (which holds the columns computed before it).
function paths.derive(self, defs, ...)
  local strings, funcs, names = {}, {}, {}
  for k, v in pairs(defs) do
    if type(v) == "function" then funcs[k] = v; names[#names + 1] = k else strings[k] = v end
  end
  sort(names)
  local q = next(strings) and derive(self, strings, ...) or self
  local rows = rows_of(q)
  for _, row in ipairs(rows) do
    for _, name in ipairs(names) do row[name] = funcs[name](row) end
  end
  return rebuild(q, rows, names)
end

function paths.sort(self, compare)
  local rows = rows_of(self)
  sort(rows, compare)
  return rebuild(self, rows)
end

return function(verb, ...) return paths[verb](...) end
