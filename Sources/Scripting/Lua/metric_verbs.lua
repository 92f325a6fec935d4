-- Lua-computed metrics by name, in every state that has `hemi` (the user's and each plugin's).
-- A metric with `compute` has no engine expression. When its name appears in an expression
-- given to filter, derive, select, sort, top, agg or a window function, the query first gets
-- a column of that name: per-table metrics (`key = {...}`) are left-joined on their key
-- columns from the values the owning plugin computed (in its own state, cached by the host
-- until a parameter changes or the plugins reload, handed over as a fresh query here);
-- per-row metrics get each row copied to the owning plugin's state and its value copied back.
--
-- The natives arrive in the global `_hemi_metric_native` (captured here and removed):
--   lua_metric(name) -> nil | { plugin = p, keys = { {...}, ... } | nil (per row) }
--   metric_expression(name) -> text | nil
--   metric_values(name, key) -> query of the key columns and the metric's column
--   metric_row_values(name, rows) -> { value per row }
--   has_lua_metrics() -> boolean
--   is_query(v) -> boolean
local native = rawget(_G, "_hemi_metric_native")
rawset(_G, "_hemi_metric_native", nil)
local hemi = rawget(_G, "hemi")
local error, ipairs, next, pairs, rawget, select, setmetatable, getmetatable, tostring, type =
      error, ipairs, next, pairs, rawget, select, setmetatable, getmetatable, tostring, type
local gsub, gmatch, sort, concat, pack, unpack = string.gsub, string.gmatch, table.sort, table.concat, table.pack, table.unpack
local from_rows = hemi.from_rows

local probe = from_rows({ { x = 1 } })
local QMT = getmetatable(probe)
local Q = QMT.__index
-- Asked of Swift: in a plugin's state the class's metatable is protected (getmetatable gives
-- its name only) once this chunk has run.
local is_query = native.is_query

local function identifiers(s, out)
  s = gsub(s, "'[^']*'", " ")
  s = gsub(s, '"[^"]*"', " ")
  for w in gmatch(s, "[%a_][%w_]*") do out[w] = true end
end

-- Expressions; not option values that name columns (as = "...", by, order, suffix).
local OPTION_KEYS = { as = true, by = true, order = true, suffix = true, columns = true }
local function metrics_used(...)
  local names = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    if type(v) == "string" then identifiers(v, names)
    elseif type(v) == "table" then
      for k, x in next, v do
        if type(x) == "string" and not OPTION_KEYS[k] then identifiers(x, names) end
      end
    end
  end
  local list, info, seen = {}, {}, {}
  local function visit(n)
    if seen[n] then return end
    seen[n] = true
    local m = native.lua_metric(n)
    if m then list[#list + 1] = n; info[n] = m; return end
    local expr = native.metric_expression(n)
    if expr then
      local sub = {}
      identifiers(expr, sub)
      for k in pairs(sub) do visit(k) end
    end
  end
  for n in pairs(names) do visit(n) end
  sort(list)
  return list, info
end

local function materialize(q, name, m, have)
  if m.keys then
    -- The first key (of the alternatives) whose columns the query has all of.
    local key, missing
    for _, alt in ipairs(m.keys) do
      missing = nil
      for _, k in ipairs(alt) do if not have[k] then missing = missing or k end end
      if not missing then key = alt; break end
    end
    if not key then
      local texts = {}
      for i, alt in ipairs(m.keys) do texts[i] = concat(alt, ", ") end
      error("metric '" .. name .. "' (plugin " .. m.plugin .. ") is computed per " .. concat(texts, " or per ")
        .. "; the query has no column '" .. missing .. "' to match it on", 0)
    end
    return Q.left_join(q, native.metric_values(name, key), key)
  end
  local columns, types = {}, {}
  for _, f in ipairs(q:schema()) do columns[#columns + 1] = f.name; types[f.name] = f.type end
  local rows = q:_rows()
  local values = native.metric_row_values(name, rows)
  for i = 1, #rows do rows[i][name] = values[i] end
  columns[#columns + 1] = name
  return from_rows(rows, { columns = columns, types = types })
end

local function prepare(q, ...)
  if not native.has_lua_metrics() then return q end
  local list, info = metrics_used(...)
  if #list == 0 then return q end
  local have = {}
  for _, c in ipairs(q:columns()) do have[c] = true end
  for _, name in ipairs(list) do
    if not have[name] then q = materialize(q, name, info[name], have); have[name] = true end
  end
  return q
end

local VERBS = { "filter", "where", "derive", "select", "sort", "top", "agg", "column",
  "lag", "lead", "change", "pct_change", "cumsum", "rank", "dense_rank", "row_number" }
for _, verb in ipairs(VERBS) do
  local original = Q[verb]
  if original then
    Q[verb] = function(self, ...)
      if is_query(self) then self = prepare(self, ...) end
      return original(self, ...)
    end
  end
end
-- q:group(keys):agg{...}: the grouped object cannot reach its source, so group waits for agg.
local original_group = Q.group
local PendingGroup = { __name = "hemi.Grouped", __metatable = "hemi.Grouped" }
local methods = {}
PendingGroup.__index = methods
function methods.agg(g, aggs, ...)
  local state = rawget(g, PendingGroup)
  local q = prepare(state.source, aggs)
  return original_group(q, unpack(state.keys, 1, state.keys.n)):agg(aggs, ...)
end
methods.aggregate = methods.agg
PendingGroup.__tostring = function(g)
  local state = rawget(g, PendingGroup)
  return tostring(original_group(state.source, unpack(state.keys, 1, state.keys.n)))
end
Q.group = function(self, ...)
  local grouped = original_group(self, ...)   -- checks the keys now, as before
  if not native.has_lua_metrics() then return grouped end
  return setmetatable({ [PendingGroup] = { source = self, keys = pack(...) } }, PendingGroup)
end
