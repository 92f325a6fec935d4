-- Pieces of the `hemi` module easier to say in Lua than in Swift: iterators and Lua
-- functions as filters, derivations and sort orders. Run once when the module is installed
-- (HemiRuntime.installModule), after the Swift parts of `hemi`.
local hemi = hemi
-- The claims of the public debate (seed articles); hemi.check() gives their verdicts.
function hemi.claims() return hemi.table("claims") end
local Q = getmetatable(hemi.from_rows({ { x = 1 } })).__index
-- for row in q:rows() do ... end
function Q.rows(self)
  local rows, i = self:_rows(), 0
  return function() i = i + 1; return rows[i] end
end
-- q:filter(function(row) return ... end): a Lua function per row, called from a loop in
-- C over the columns (RowFunctions.swift); the row table is reused between rows.
local filter, filter_function = Q.filter, Q._filter_function
Q._filter_function = nil
function Q.filter(self, predicate, ...)
  if type(predicate) == "function" then return filter_function(self, predicate) end
  return filter(self, predicate, ...)
end
-- Rebuilds a query from Lua rows, keeping the column order and types of `like`.
local function rebuild(like, rows, extra)
  local columns, types = like:columns(), {}
  for _, f in ipairs(like:schema()) do types[f.name] = f.type end
  for _, name in ipairs(extra or {}) do
    local known = false
    for _, c in ipairs(columns) do if c == name then known = true end end
    if not known then columns[#columns + 1] = name end
    types[name] = nil
  end
  return hemi.from_rows(rows, { columns = columns, types = types })
end
-- q:derive{ x = function(row) return ... end }: Lua functions beside expression strings.
local derive = Q.derive
function Q.derive(self, defs, ...)
  if type(defs) ~= "table" then return derive(self, defs, ...) end
  local strings, funcs, names = {}, {}, {}
  for k, v in pairs(defs) do
    if type(v) == "function" then funcs[k] = v; names[#names + 1] = k else strings[k] = v end
  end
  if #names == 0 then return derive(self, defs, ...) end
  table.sort(names)
  local q = next(strings) and derive(self, strings, ...) or self
  local rows = q:_rows()
  for _, row in ipairs(rows) do
    for _, name in ipairs(names) do row[name] = funcs[name](row) end
  end
  return rebuild(q, rows, names)
end
-- q:sort(function(a, b) return a.x < b.x end): a Lua comparison, as table.sort takes.
local sort = Q.sort
function Q.sort(self, key, ...)
  if type(key) ~= "function" then return sort(self, key, ...) end
  local rows = self:_rows()
  table.sort(rows, key)
  return rebuild(self, rows)
end
