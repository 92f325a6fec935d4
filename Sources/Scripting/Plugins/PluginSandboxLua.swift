// The Lua half of the plugin host: the sandbox every plugin runs in, the `api` object handed
// to `register(api)`, and the query wrappers that make Lua-computed metrics usable by name.
// It is Lua because environments, metatables and protected calls are Lua's own tools; the
// Swift half (PluginHost) discovers folders, reads files, keeps statuses, the metric
// registry, parameters and help, and sets the instruction budget and memory cap through the
// natives `guard_on` / `guard_off`.
//
// Installed once per state. The natives arrive in the global `_hemi_plugin_native`, which the
// chunk captures and removes; the host table ends up in `hemi._plugins` (underscore: internal,
// hidden from plugins, whose `hemi` is a read-only proxy over a whitelist).

enum PluginSandboxLua {
    static let apiVersion = 1

    static let source = #"""
local native = rawget(_G, "_hemi_plugin_native")
rawset(_G, "_hemi_plugin_native", nil)
local hemi = hemi
-- Captured now, so that a user script replacing a global later cannot change the host.
local assert, error, ipairs, next, pairs, pcall, xpcall, rawequal, rawget, rawlen, rawset, select,
      setmetatable, getmetatable, tonumber, tostring, type, load, print =
      assert, error, ipairs, next, pairs, pcall, xpcall, rawequal, rawget, rawlen, rawset, select,
      setmetatable, getmetatable, tonumber, tostring, type, load, print
local string, table, math, utf8, coroutine, os = string, table, math, utf8, coroutine, os
local collectgarbage = collectgarbage
local traceback = debug.traceback
local API_VERSION = \#(apiVersion)

local host = {
  loaded = {},        -- plugin name -> { commands = {...}, metrics = {...} }
  lua_metrics = {},   -- metric name -> { plugin, compute, key }
  commands = {},      -- command name -> { plugin, run }
  cache = {},         -- metric name -> query of its values (per-table metrics)
  computing = {},     -- metric names whose compute() is running (a metric may not use itself)
}

-- The query classes, found from an object of each.
local probe = hemi.from_rows({ { x = 1 } })
local QMT = getmetatable(probe)
local Q = QMT.__index
local GMT = getmetatable(probe:group("x"))
local function is_query(v) return type(v) == "userdata" and getmetatable(v) == QMT end
-- q:group(keys) while Lua-computed metrics exist (see the end of this chunk).
local PendingGroup = {}
local function is_grouped(v)
  return (type(v) == "userdata" and getmetatable(v) == GMT) or (type(v) == "table" and getmetatable(v) == PendingGroup)
end

-- Errors a plugin must not be able to swallow: the budget, the cap, Ctrl-C.
local FATAL = { "instruction budget exceeded", "not enough memory", "error in error handling", "interrupted!" }
local function is_fatal(e)
  if type(e) ~= "string" then return false end
  for i = 1, #FATAL do if string.find(e, FATAL[i], 1, true) then return true end end
  return false
end

-- Runs plugin code under the budget and the cap. The results are kept in locals before
-- anything else allocates: after a memory error the first allocation could fail again.
local function call_plugin(plugin, what, f, ...)
  native.guard_on()
  local ok, r1, r2 = xpcall(f, function(e)
    if type(e) == "table" then return e end   -- already a plugin failure from a nested call
    return traceback(e, 2)
  end, ...)
  native.guard_off()
  if not ok and type(r1) == "table" and r1.plugin then error(r1, 0) end
  if not ok then
    local msg = tostring(r1)
    if string.find(msg, "not enough memory", 1, true) then
      msg = msg .. " (the plugin went over its memory cap)"
    end
    error({ plugin = plugin, what = what, message = msg }, 0)
  end
  return r1, r2
end

local function failure_text(e)
  if type(e) == "table" and e.plugin then
    return "plugin '" .. e.plugin .. "': " .. e.what .. " failed: " .. e.message
  end
  return tostring(e)
end

-- ---------------------------------------------------------------- the plugin's view of queries
-- Plugins get queries through a proxy: every method works except those that write files
-- (to_csv(path) and the like, charts with svg = ...), and nothing of the shared method table
-- can be reached or changed.
local QKEY, PLUGIN_QUERY, PLUGIN_GROUPED = {}, {}, {}
local wrap, unwrap

local function unwrap_all(n, ...)
  local t = { ... }
  for i = 1, n do t[i] = unwrap(t[i]) end
  return table.unpack(t, 1, n)
end
local function wrap_all(n, ...)
  local t = { ... }
  for i = 1, n do t[i] = wrap(t[i]) end
  return table.unpack(t, 1, n)
end
function unwrap(v)
  if type(v) == "table" then
    local inner = rawget(v, QKEY)
    if inner ~= nil then return inner end
  end
  return v
end
local function writes_file(name, n, ...)
  if string.sub(name, 1, 3) == "to_" and n >= 1 and (...) ~= nil then return true end
  for i = 1, n do
    local a = select(i, ...)
    if type(a) == "table" and rawget(a, "svg") ~= nil then return true end
  end
  return false
end
local proxy_method
proxy_method = function(cls, name)
  return function(self, ...)
    local n = select("#", ...)
    if writes_file(name, n, ...) then
      error(name .. ": plugins cannot write files (return the text instead: call it without a path)", 2)
    end
    local real = unwrap(self)
    local f = real[name]   -- the real object's method; the object itself never reaches the plugin
    if f == nil then error((cls == PLUGIN_QUERY and "hemi.Query" or "hemi.Grouped") .. " has no method '" .. tostring(name) .. "'", 2) end
    local r = table.pack(f(real, unwrap_all(n, ...)))
    return wrap_all(r.n, table.unpack(r, 1, r.n))
  end
end
local function proxy_mt(cls)
  return {
    __index = function(_, k) return proxy_method(cls, k) end,
    __newindex = function(_, k) error("query objects are read-only to plugins (cannot set '" .. tostring(k) .. "')", 2) end,
    __tostring = function(p) return tostring(rawget(p, QKEY)) end,
    __len = function(p) return #rawget(p, QKEY) end,
    __metatable = (cls == PLUGIN_QUERY) and "hemi.Query" or "hemi.Grouped",
  }
end
local QPROXY_MT, GPROXY_MT = proxy_mt(PLUGIN_QUERY), proxy_mt(PLUGIN_GROUPED)
function wrap(v)
  if is_query(v) then return setmetatable({ [QKEY] = v }, QPROXY_MT) end
  if is_grouped(v) then return setmetatable({ [QKEY] = v }, GPROXY_MT) end
  return v
end

-- ---------------------------------------------------------------- the sandbox
local SAFE_GLOBALS = { "assert", "error", "ipairs", "next", "pairs", "rawequal", "rawget", "rawlen",
  "rawset", "select", "setmetatable", "tonumber", "tostring", "type", "print", "_VERSION" }
local G = _G
local base = {}
for _, k in ipairs(SAFE_GLOBALS) do base[k] = G[k] end

local function copy(t, except)
  local c = {}
  for k, v in pairs(t) do if not (except and except[k]) then c[k] = v end end
  return c
end

-- What a plugin's `hemi` offers: reading the dataset and the registry, nothing that reads or
-- writes files (read_csv, read_json, to_csv(path), svg charts) or changes the host.
local HEMI_FOR_PLUGINS = { "tables", "table", "schema", "describe", "source", "country", "metrics",
  "from_rows", "help", "plugins", "param", "params", "bar", "sparklines", "line" }

local function hemi_proxy(plugin)
  local allowed = { version = hemi.version }
  for _, k in ipairs(HEMI_FOR_PLUGINS) do
    local f = hemi[k]
    if type(f) == "function" then
      allowed[k] = function(...)
        local n = select("#", ...)
        if writes_file(k, n, ...) then error("hemi." .. k .. ": plugins cannot write files", 2) end
        local r = table.pack(f(unwrap_all(n, ...)))
        return wrap_all(r.n, table.unpack(r, 1, r.n))
      end
    end
  end
  return setmetatable({}, {
    __index = function(_, k)
      local v = allowed[k]
      if v == nil and hemi[k] ~= nil then
        error("hemi." .. tostring(k) .. " is not available to plugins (plugin '" .. plugin .. "')", 2)
      end
      return v
    end,
    __newindex = function(_, k)
      error("hemi is read-only for plugins: cannot set hemi." .. tostring(k) .. " (plugin '" .. plugin .. "')", 2)
    end,
    __pairs = function() return next, allowed, nil end,
    __metatable = "hemi (read-only)",
  })
end

local function make_env(plugin)
  local env = copy(base)
  env._G = env
  -- getmetatable of strings and userdata would hand out shared tables (string, query methods).
  env.getmetatable = function(v)
    if type(v) == "table" then return getmetatable(v) end
    return nil
  end
  -- Protected calls cannot swallow the budget, the cap or Ctrl-C.
  env.pcall = function(f, ...)
    local r = table.pack(pcall(f, ...))
    if not r[1] and is_fatal(r[2]) then error(r[2], 0) end
    return table.unpack(r, 1, r.n)
  end
  env.xpcall = function(f, handler, ...)
    local r = table.pack(xpcall(f, function(e)
      if is_fatal(e) then return e end
      return handler(e)
    end, ...))
    if not r[1] and is_fatal(r[2]) then error(r[2], 0) end
    return table.unpack(r, 1, r.n)
  end
  -- Text chunks only, in this plugin's environment unless it passes its own table.
  env.load = function(chunk, name, mode, e)
    if mode ~= nil and mode ~= "t" then
      error("load: plugins may load text chunks only (mode 't'), got mode '" .. tostring(mode) .. "'", 2)
    end
    if e == nil then e = env end
    return load(chunk, name, "t", e)
  end
  env.collectgarbage = function(opt)
    if opt == nil or opt == "count" then return collectgarbage("count") end
    error("collectgarbage('" .. tostring(opt) .. "') is not available to plugins (only 'count')", 2)
  end
  env.string = copy(string, { dump = true })
  env.table = copy(table)
  env.math = copy(math)
  env.utf8 = copy(utf8)
  env.os = { time = os.time, clock = os.clock, date = os.date, difftime = os.difftime }
  local co = copy(coroutine)
  co.resume = function(c, ...)
    local r = table.pack(coroutine.resume(c, ...))
    if not r[1] and is_fatal(r[2]) then error(r[2], 0) end
    return table.unpack(r, 1, r.n)
  end
  env.coroutine = co
  env.hemi = hemi_proxy(plugin)
  return env
end

-- ---------------------------------------------------------------- the registration API
-- Level 3 points at the plugin's line calling api.*; helpers one call deeper pass 4.
local function api_error(api, plugin, text, level) error(api .. " (plugin '" .. plugin .. "'): " .. text, level or 3) end

local function check_keys(api, plugin, spec, known)
  if type(spec) ~= "table" then api_error(api, plugin, "a table expected, got " .. type(spec), 4) end
  local names = {}
  for k in pairs(known) do names[#names + 1] = k end
  table.sort(names)
  for k in pairs(spec) do
    if type(k) ~= "string" or not known[k] then
      api_error(api, plugin, "unknown key '" .. tostring(k) .. "'; known keys: " .. table.concat(names, ", "), 4)
    end
  end
end
local function want(api, plugin, spec, key, kind, optional)
  local v = spec[key]
  if v == nil then
    if optional then return nil end
    api_error(api, plugin, "key '" .. key .. "' is required (" .. kind .. ")", 4)
  end
  local ok = (kind == "list of strings") and type(v) == "table" or type(v) == kind
  if kind == "list of strings" and ok then
    for i, s in ipairs(v) do
      if type(s) ~= "string" then api_error(api, plugin, "key '" .. key .. "': item " .. i .. " must be a string, got " .. type(s), 4) end
    end
  end
  if not ok then api_error(api, plugin, "key '" .. key .. "' must be a " .. kind .. ", got " .. type(v), 4) end
  return v
end
local function check_name(api, plugin, name)
  if not string.match(name, "^[%a_][%w_]*$") then
    api_error(api, plugin, "name '" .. name .. "' must be an identifier (letters, digits, _)", 4)
  end
end

local METRIC_KEYS = { name = 1, description = 1, unit = 1, table = 1, grain = 1, inputs = 1, expr = 1,
  compute = 1, key = 1, formula = 1, sources = 1, notes = 1 }
local COMMAND_KEYS = { name = 1, description = 1, run = 1, usage = 1 }
local PARAM_KEYS = { name = 1, default = 1, description = 1, unit = 1 }

local function make_api(plugin, version, pending)
  local api = { plugin = plugin, version = version, api_version = API_VERSION }
  function api.metric(spec)
    check_keys("api.metric", plugin, spec, METRIC_KEYS)
    local name = want("api.metric", plugin, spec, "name", "string")
    check_name("api.metric", plugin, name)
    want("api.metric", plugin, spec, "description", "string")
    want("api.metric", plugin, spec, "unit", "string")
    want("api.metric", plugin, spec, "inputs", "list of strings", true)
    want("api.metric", plugin, spec, "sources", "list of strings", true)
    want("api.metric", plugin, spec, "formula", "string", true)
    want("api.metric", plugin, spec, "notes", "string", true)
    -- key: the columns a per-table metric is matched on, or a list of such lists (alternatives,
    -- e.g. { {"iso3","year","month"}, {"iso3","year"} }): a query uses the first whose columns
    -- it has, and compute(key) is told which.
    local keys
    if type(spec.key) == "table" and type(spec.key[1]) == "table" then
      keys = {}
      for i, alt in ipairs(spec.key) do
        keys[i] = want("api.metric", plugin, { ["key " .. i] = alt }, "key " .. i, "list of strings")
      end
    elseif spec.key ~= nil then
      keys = { want("api.metric", plugin, spec, "key", "list of strings") }
    end
    local key = keys and keys[1]
    if spec.table == nil and spec.grain == nil then
      api_error("api.metric", plugin, "metric '" .. name .. "': key 'table' or 'grain' is required (what rows it applies to)")
    end
    want("api.metric", plugin, spec, "table", "string", true)
    want("api.metric", plugin, spec, "grain", "string", true)
    if (spec.expr == nil) == (spec.compute == nil) then
      api_error("api.metric", plugin, "metric '" .. name .. "': give exactly one of 'expr' (an engine expression) or 'compute' (a Lua function)")
    end
    want("api.metric", plugin, spec, "expr", "string", true)
    want("api.metric", plugin, spec, "compute", "function", true)
    if key ~= nil and spec.compute == nil then
      api_error("api.metric", plugin, "metric '" .. name .. "': 'key' goes with 'compute' (a per-table metric)")
    end
    if pending.metrics[name] then
      api_error("api.metric", plugin, "metric '" .. name .. "' is registered twice by this plugin")
    end
    local err = native.register_metric(plugin, version, {
      name = name, description = spec.description, unit = spec.unit, expr = spec.expr,
      table = spec.table, grain = spec.grain, inputs = spec.inputs or {}, key = key or {},
      formula = spec.formula, sources = spec.sources or {}, notes = spec.notes,
      mode = spec.expr and "expression" or (key and "per table" or "per row"),
    })
    if err then api_error("api.metric", plugin, err) end
    pending.metrics[name] = spec.compute and { plugin = plugin, compute = spec.compute, key = key, keys = keys } or false
  end
  function api.command(spec)
    check_keys("api.command", plugin, spec, COMMAND_KEYS)
    local name = want("api.command", plugin, spec, "name", "string")
    check_name("api.command", plugin, name)
    want("api.command", plugin, spec, "description", "string")
    want("api.command", plugin, spec, "run", "function")
    want("api.command", plugin, spec, "usage", "string", true)
    if pending.commands[name] or (host.commands[name] and host.commands[name].plugin ~= plugin) then
      api_error("api.command", plugin, "command '" .. name .. "' is already registered"
        .. (host.commands[name] and (" by plugin '" .. host.commands[name].plugin .. "'") or ""))
    end
    pending.commands[name] = { plugin = plugin, run = spec.run }
    pending.command_list[#pending.command_list + 1] = { name = name, description = spec.description, usage = spec.usage }
  end
  function api.param(spec)
    check_keys("api.param", plugin, spec, PARAM_KEYS)
    local name = want("api.param", plugin, spec, "name", "string")
    check_name("api.param", plugin, name)
    want("api.param", plugin, spec, "description", "string")
    want("api.param", plugin, spec, "unit", "string", true)
    local d = spec.default
    if type(d) ~= "number" and type(d) ~= "string" and type(d) ~= "boolean" then
      api_error("api.param", plugin, "key 'default' must be a number, string or boolean, got " .. type(d))
    end
    local full = plugin .. "." .. name
    local err = native.register_param(plugin, name, d, spec.description, spec.unit)
    if err then api_error("api.param", plugin, err) end
    return function() return native.get_param(full) end
  end
  function api.get(name)
    return native.get_param(string.find(name, ".", 1, true) and name or (plugin .. "." .. name))
  end
  return setmetatable({}, {
    __index = api,
    __newindex = function(_, k) error("api is read-only (plugin '" .. plugin .. "' tried to set '" .. tostring(k) .. "')", 2) end,
    -- pairs(api) lists what the api offers (the API reference is checked against it).
    __pairs = function() return next, api, nil end,
    __metatable = "hemi plugin api",
  })
end

local SEMVER = "^%d+%.%d+%.%d+[%-%+%w%.]*$"
local MANIFEST = { name = "string", version = "string", api_version = "number", description = "string",
  author = "string", license = "string", register = "function" }
local MANIFEST_ORDER = { "name", "version", "api_version", "description", "author", "license", "register" }

-- Loads one plugin; returns a status table for Swift. Nothing is kept unless it all succeeds.
function host.load(folder, path, source)
  local env = make_env(folder)
  local pending = { metrics = {}, commands = {}, command_list = {} }
  local status = { name = folder, state = "failed" }
  local ok, err = pcall(function()
    local chunk, syntax = load(source, "@" .. path, "t", env)
    if not chunk then error({ plugin = folder, what = "loading init.lua", message = syntax }, 0) end
    local manifest = call_plugin(folder, "running init.lua", chunk)
    if type(manifest) ~= "table" then
      error({ plugin = folder, what = "reading the manifest", message = path .. ": init.lua must return a manifest table, returned " .. type(manifest) }, 0)
    end
    for _, k in ipairs(MANIFEST_ORDER) do
      local v = rawget(manifest, k)
      if type(v) ~= MANIFEST[k] then
        error({ plugin = folder, what = "reading the manifest", message = path .. ": manifest key '" .. k .. "' must be a " .. MANIFEST[k] .. ", got " .. type(v) }, 0)
      end
    end
    status.version, status.description = manifest.version, manifest.description
    status.author, status.license = manifest.author, manifest.license
    if manifest.name ~= folder then
      error({ plugin = folder, what = "reading the manifest", message = path .. ": manifest name '" .. manifest.name .. "' must match its folder '" .. folder .. "'" }, 0)
    end
    if not string.match(manifest.version, SEMVER) then
      error({ plugin = folder, what = "reading the manifest", message = path .. ": version '" .. manifest.version .. "' is not semver (MAJOR.MINOR.PATCH)" }, 0)
    end
    if manifest.api_version ~= API_VERSION then
      status.state = "incompatible"
      error({ plugin = folder, what = "checking api_version", message = "needs plugin API " .. tostring(manifest.api_version) .. "; this Hemi provides API " .. API_VERSION }, 0)
    end
    call_plugin(folder, "register(api)", manifest.register, make_api(folder, manifest.version, pending))
  end)
  if not ok then
    status.reason = failure_text(err)
    if status.state ~= "incompatible" then status.state = "failed" end
    return status
  end
  host.loaded[folder] = pending
  for name, m in pairs(pending.metrics) do if m then host.lua_metrics[name] = m end end
  for name, c in pairs(pending.commands) do host.commands[name] = c end
  status.state = "loaded"
  status.commands = pending.command_list
  return status
end

-- Forgets every plugin (before a reload); parameters set by the user are kept by Swift.
function host.reset()
  host.loaded, host.lua_metrics, host.commands, host.cache, host.computing = {}, {}, {}, {}, {}
end

function host.clear_cache() host.cache = {} end

-- Runs a command: `hemi.command(name, ...)` and the REPL's dot-commands.
function host.run_command(name, ...)
  local c = host.commands[name]
  if not c then
    local names = {}
    for k in pairs(host.commands) do names[#names + 1] = k end
    table.sort(names)
    error("no plugin command '" .. tostring(name) .. "'" .. (#names > 0 and ("; commands: " .. table.concat(names, ", ")) or " (no plugin defines a command)"), 2)
  end
  local ok, r1, r2 = pcall(call_plugin, c.plugin, "command '" .. name .. "'", c.run, ...)
  if not ok then error(failure_text(r1), 2) end
  return unwrap(r1), unwrap(r2)
end

-- The REPL's dot-command: results as the REPL shows them (a query as its table).
function host.run_command_display(name, ...)
  local r1, r2 = host.run_command(name, ...)
  if is_query(r1) then r1 = hemi._display(r1) end
  if is_query(r2) then r2 = hemi._display(r2) end
  return r1, r2
end

-- ---------------------------------------------------------------- Lua-computed metrics by name
-- A metric with `compute` has no engine expression. When its name appears in an expression
-- given to filter, derive, select, sort, top, agg or a window function, the query first gets
-- a column of that name: per-table metrics (`key = {...}`) are left-joined on their key
-- columns from the query their compute() returns (cached until a parameter changes or the
-- plugins reload); per-row metrics call compute(row) for every row.

local function identifiers(s, out)
  s = string.gsub(s, "'[^']*'", " ")
  s = string.gsub(s, '"[^"]*"', " ")
  for w in string.gmatch(s, "[%a_][%w_]*") do out[w] = true end
end

local OPTION_KEYS = { as = true, by = true, order = true, suffix = true, columns = true }
local function metrics_used(...)
  local names = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    if type(v) == "string" then identifiers(v, names)
    elseif type(v) == "table" and not rawget(v, QKEY) then
      -- Expressions; not option values that name columns (as = "...", by, order, suffix).
      for k, x in pairs(v) do
        if type(x) == "string" and not OPTION_KEYS[k] then identifiers(x, names) end
      end
    end
  end
  local list, seen = {}, {}
  local function visit(n)
    if seen[n] then return end
    seen[n] = true
    if host.lua_metrics[n] then list[#list + 1] = n; return end
    local expr = native.metric_expression(n)
    if expr then
      local sub = {}
      identifiers(expr, sub)
      for k in pairs(sub) do visit(k) end
    end
  end
  for n in pairs(names) do visit(n) end
  table.sort(list)
  return list
end

local function metric_values(name, key)
  local m = host.lua_metrics[name]
  key = key or m.key
  local slot = name .. (#m.keys > 1 and ("|" .. table.concat(key, ",")) or "")
  local cached = host.cache[slot]
  if cached then return cached end
  if host.computing[name] then
    error("metric '" .. name .. "' (plugin " .. m.plugin .. ") uses itself while it is being computed", 0)
  end
  host.computing[name] = true
  local ok, out = pcall(call_plugin, m.plugin, "compute of metric '" .. name .. "'", m.compute, key)
  host.computing[name] = nil
  if not ok then error(out, 0) end
  out = unwrap(out)
  if type(out) == "table" then out = hemi.from_rows(out) end
  if not is_query(out) then
    error("plugin '" .. m.plugin .. "': compute of metric '" .. name .. "' must return a query or a list of rows, returned " .. type(out), 0)
  end
  local have = {}
  for _, c in ipairs(out:columns()) do have[c] = true end
  local cols = {}
  for _, k in ipairs(key) do cols[#cols + 1] = k end
  cols[#cols + 1] = name
  for _, c in ipairs(cols) do
    if not have[c] then
      error("plugin '" .. m.plugin .. "': compute of metric '" .. name .. "' returned no column '" .. c .. "' (it must return the key columns " .. table.concat(key, ", ") .. " and a column named after the metric)", 0)
    end
  end
  out = Q.select(out, cols)
  host.cache[slot] = out
  return out
end

local function materialize(q, name, have)
  local m = host.lua_metrics[name]
  if m.key then
    -- The first key (of the alternatives) whose columns the query has all of.
    local key, missing
    for _, alt in ipairs(m.keys) do
      missing = nil
      for _, k in ipairs(alt) do if not have[k] then missing = missing or k end end
      if not missing then key = alt; break end
    end
    if not key then
      local texts = {}
      for i, alt in ipairs(m.keys) do texts[i] = table.concat(alt, ", ") end
      error("metric '" .. name .. "' (plugin " .. m.plugin .. ") is computed per " .. table.concat(texts, " or per ")
        .. "; the query has no column '" .. missing .. "' to match it on", 0)
    end
    local ok, values = pcall(metric_values, name, key)
    if not ok then error(failure_text(values), 0) end
    return Q.left_join(q, values, key)
  end
  local columns, types = {}, {}
  for _, f in ipairs(q:schema()) do columns[#columns + 1] = f.name; types[f.name] = f.type end
  local rows = q:_rows()
  local ok, err = pcall(call_plugin, m.plugin, "compute of metric '" .. name .. "'", function()
    for i = 1, #rows do rows[i][name] = m.compute(rows[i]) end
  end)
  if not ok then error(failure_text(err), 0) end
  columns[#columns + 1] = name
  return hemi.from_rows(rows, { columns = columns, types = types })
end

local function prepare(q, ...)
  if next(host.lua_metrics) == nil then return q end
  local list = metrics_used(...)
  if #list == 0 then return q end
  local have = {}
  for _, c in ipairs(q:columns()) do have[c] = true end
  for _, name in ipairs(list) do
    if not have[name] then q = materialize(q, name, have); have[name] = true end
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
PendingGroup.__index = PendingGroup
function PendingGroup.agg(g, aggs, ...)
  local q = prepare(g.source, aggs)
  return original_group(q, table.unpack(g.keys, 1, g.keys.n)):agg(aggs, ...)
end
PendingGroup.aggregate = PendingGroup.agg
PendingGroup.__tostring = function(g) return tostring(original_group(g.source, table.unpack(g.keys, 1, g.keys.n))) end
PendingGroup.__name = "hemi.Grouped"
Q.group = function(self, ...)
  local grouped = original_group(self, ...)   -- checks the keys now, as before
  if next(host.lua_metrics) == nil then return grouped end
  return setmetatable({ source = self, keys = table.pack(...) }, PendingGroup)
end

-- ---------------------------------------------------------------- the user's face
hemi._plugins = host
hemi.set_param = function(name, value)
  local err = native.set_param(name, value)
  if err then error(err, 2) end
  host.cache = {}
end
hemi.command = function(name, ...) return host.run_command(name, ...) end
return true
"""#
}
