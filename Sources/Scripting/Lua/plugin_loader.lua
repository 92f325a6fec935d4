-- The Lua half of loading one plugin (PluginWorld.load), run inside the plugin's own state:
-- it builds the plugin's read-only `hemi`, loads init.lua as text, checks the manifest and
-- hands `register` the `api` object. Everything it uses is captured before the plugin's code runs;
-- the natives it calls (a table kept in the registry, the first of `...`) check their arguments
-- again in Swift and are bound to this plugin, so nothing the plugin changes in its own state
-- can register under another name or reach the host.
--
-- Chunk arguments: the natives, plugin name, path of init.lua, its source, the names of `hemi` a plugin
-- may use (a ';'-separated list), the API version. Loading is two phases, so plugins register
-- in dependency order: this chunk runs init.lua, checks the manifest and hands its `requires`
-- to the host, then returns the plugin's handle: handle("register") runs register(api) when
-- the host says, handle("command", name) gives a command's function (for `hemi plugin test`).
-- Raises the failure.
local native, name, path, source, allowed_list, API_VERSION = ...
local error, ipairs, next, pairs, rawget, rawset, setmetatable, tostring, type, load, select =
      error, ipairs, next, pairs, rawget, rawset, setmetatable, tostring, type, load, select
local find, match, gmatch, sort, concat = string.find, string.match, string.gmatch, table.sort, table.concat

-- ------------------------------------------------------------ the plugin's `hemi`
local real = rawget(_G, "hemi")
local allowed = {}
for k in gmatch(allowed_list, "[^;]+") do allowed[k] = real[k] end
local from_rows = real.from_rows
-- The user's functions a plugin's state never has, named in the error all the same.
local removed = { read_csv = true, read_json = true, set_param = true, command = true, check = true }
for k in pairs(real) do if allowed[k] == nil then removed[k] = true end end
local hemi = setmetatable({}, {
  __index = function(_, k)
    local v = allowed[k]
    if v == nil and removed[k] then
      error("hemi." .. tostring(k) .. " is not available to plugins (plugin '" .. name .. "')", 2)
    end
    return v
  end,
  __newindex = function(_, k)
    error("hemi is read-only for plugins: cannot set hemi." .. tostring(k) .. " (plugin '" .. name .. "')", 2)
  end,
  __pairs = function() return next, allowed, nil end,
  __metatable = "hemi (read-only)",
})
rawset(_G, "hemi", hemi)

-- ------------------------------------------------------------ the registration API
-- Level 3 points at the plugin's line calling api.*; helpers one call deeper pass 4.
local function api_error(api, text, level) error(api .. " (plugin '" .. name .. "'): " .. text, level or 3) end

local function check_keys(api, spec, known)
  if type(spec) ~= "table" then api_error(api, "a table expected, got " .. type(spec), 4) end
  local names = {}
  for k in pairs(known) do names[#names + 1] = k end
  sort(names)
  for k in pairs(spec) do
    if type(k) ~= "string" or not known[k] then
      api_error(api, "unknown key '" .. tostring(k) .. "'; known keys: " .. concat(names, ", "), 4)
    end
  end
end
local function want(api, spec, key, kind, optional)
  local v = rawget(spec, key)
  if v == nil then
    if optional then return nil end
    api_error(api, "key '" .. key .. "' is required (" .. kind .. ")", 4)
  end
  local ok = (kind == "list of strings") and type(v) == "table" or type(v) == kind
  if kind == "list of strings" and ok then
    for i, s in ipairs(v) do
      if type(s) ~= "string" then api_error(api, "key '" .. key .. "': item " .. i .. " must be a string, got " .. type(s), 4) end
    end
  end
  if not ok then api_error(api, "key '" .. key .. "' must be a " .. kind .. ", got " .. type(v), 4) end
  return v
end
local function check_name(api, n)
  if not match(n, "^[%a_][%w_]*$") then
    api_error(api, "name '" .. n .. "' must be an identifier (letters, digits, _)", 4)
  end
end
local function strings(list)
  local out = {}
  if list then for i, s in ipairs(list) do out[i] = s end end
  return out
end

local METRIC_KEYS = { name = 1, description = 1, unit = 1, table = 1, grain = 1, inputs = 1, expr = 1,
  compute = 1, key = 1, formula = 1, sources = 1, notes = 1 }
local COMMAND_KEYS = { name = 1, description = 1, run = 1, usage = 1 }
local PARAM_KEYS = { name = 1, default = 1, description = 1, unit = 1 }

local commands = {}   -- name -> run, for handle("command", name)
local function make_api(version)
  local api = { plugin = name, version = version, api_version = API_VERSION }
  function api.metric(spec)
    check_keys("api.metric", spec, METRIC_KEYS)
    local mname = want("api.metric", spec, "name", "string")
    check_name("api.metric", mname)
    local description = want("api.metric", spec, "description", "string")
    local unit = want("api.metric", spec, "unit", "string")
    local inputs = want("api.metric", spec, "inputs", "list of strings", true)
    local sources = want("api.metric", spec, "sources", "list of strings", true)
    local formula = want("api.metric", spec, "formula", "string", true)
    local notes = want("api.metric", spec, "notes", "string", true)
    -- key: the columns a per-table metric is matched on, or a list of such lists (alternatives,
    -- e.g. { {"iso3","year","month"}, {"iso3","year"} }): a query uses the first whose columns
    -- it has, and compute(key) is told which.
    local keys
    local spec_key = rawget(spec, "key")
    if type(spec_key) == "table" and type(rawget(spec_key, 1)) == "table" then
      keys = {}
      for i, alt in ipairs(spec_key) do
        keys[i] = strings(want("api.metric", { ["key " .. i] = alt }, "key " .. i, "list of strings"))
      end
    elseif spec_key ~= nil then
      keys = { strings(want("api.metric", spec, "key", "list of strings")) }
    end
    local key = keys and keys[1]
    if rawget(spec, "table") == nil and rawget(spec, "grain") == nil then
      api_error("api.metric", "metric '" .. mname .. "': key 'table' or 'grain' is required (what rows it applies to)")
    end
    local tbl = want("api.metric", spec, "table", "string", true)
    local grain = want("api.metric", spec, "grain", "string", true)
    if (rawget(spec, "expr") == nil) == (rawget(spec, "compute") == nil) then
      api_error("api.metric", "metric '" .. mname .. "': give exactly one of 'expr' (an engine expression) or 'compute' (a Lua function)")
    end
    local expr = want("api.metric", spec, "expr", "string", true)
    local compute = want("api.metric", spec, "compute", "function", true)
    if key ~= nil and compute == nil then
      api_error("api.metric", "metric '" .. mname .. "': 'key' goes with 'compute' (a per-table metric)")
    end
    local run = compute
    if compute and key then
      -- A per-table metric may return a list of rows: made a query here, in its own state.
      run = function(k)
        local out = compute(k)
        if type(out) == "table" then out = from_rows(out) end
        return out
      end
    end
    local err = native.metric({
      name = mname, description = description, unit = unit, expr = expr,
      table = tbl, grain = grain, inputs = strings(inputs), key = strings(key), keys = keys or {},
      formula = formula, sources = strings(sources), notes = notes,
      mode = expr and "expression" or (key and "per table" or "per row"),
    }, run)
    if err then api_error("api.metric", err) end
  end
  function api.command(spec)
    check_keys("api.command", spec, COMMAND_KEYS)
    local cname = want("api.command", spec, "name", "string")
    check_name("api.command", cname)
    local description = want("api.command", spec, "description", "string")
    local run = want("api.command", spec, "run", "function")
    local usage = want("api.command", spec, "usage", "string", true)
    local err = native.command(cname, description, usage, run)
    if err then api_error("api.command", err) end
    commands[cname] = run
  end
  function api.param(spec)
    check_keys("api.param", spec, PARAM_KEYS)
    local pname = want("api.param", spec, "name", "string")
    check_name("api.param", pname)
    local description = want("api.param", spec, "description", "string")
    local unit = want("api.param", spec, "unit", "string", true)
    local d = rawget(spec, "default")
    if type(d) ~= "number" and type(d) ~= "string" and type(d) ~= "boolean" then
      api_error("api.param", "key 'default' must be a number, string or boolean, got " .. type(d))
    end
    local err = native.param(pname, d, description, unit)
    if err then api_error("api.param", err) end
    local get = native.get_param
    local full = name .. "." .. pname
    return function() return get(full) end
  end
  function api.get(pname)
    return native.get_param(find(pname, ".", 1, true) and pname or (name .. "." .. pname))
  end
  return setmetatable({}, {
    __index = api,
    __newindex = function(_, k) error("api is read-only (plugin '" .. name .. "' tried to set '" .. tostring(k) .. "')", 2) end,
    -- pairs(api) lists what the api offers (the API reference is checked against it).
    __pairs = function() return next, api, nil end,
    __metatable = "hemi plugin api",
  })
end

-- ------------------------------------------------------------ loading
local SEMVER = "^%d+%.%d+%.%d+[%-%+%w%.]*$"
local MANIFEST = { name = "string", version = "string", api_version = "number", description = "string",
  author = "string", license = "string", register = "function" }
local MANIFEST_ORDER = { "name", "version", "api_version", "description", "author", "license", "register" }

-- init.lua's environment is the plugin's own global table (its state holds nothing else).
local env = _G

-- require(name): the plugin's own modules, or a module of a plugin it declares in requires
-- ("china.percentile"). The native resolves the name and reads the file (PluginModules.swift:
-- dot-separated identifiers only, never a path, `..` or a link out of the folder, no C
-- modules); the text is loaded here, in the plugin's environment, once, inside whatever call
-- of the plugin is running, so under its budget and cap.
local loaded, loading = {}, {}
rawset(env, "require", function(module)
  if type(module) ~= "string" then
    error("bad argument #1 to 'require' (string expected, got " .. type(module) .. ")", 2)
  end
  local v = loaded[module]
  if v ~= nil then return v end
  if loading[module] then error("require: module '" .. module .. "' requires itself (a cycle) in plugin '" .. name .. "'", 2) end
  local file, text = native.read_module(module)
  if not file then error(text, 2) end
  local f, syntax = load(text, "@" .. file, "t", env)
  if not f then error(syntax, 2) end
  loading[module] = true
  local r = f(module, file)
  loading[module] = nil
  if r == nil then r = true end
  loaded[module] = r
  return r
end)

native.phase("loading init.lua")
local chunk, syntax = load(source, "@" .. path, "t", env)
if not chunk then error(syntax, 0) end
native.phase("running init.lua")
local manifest = chunk()
native.phase("reading the manifest")
if type(manifest) ~= "table" then
  error(path .. ": init.lua must return a manifest table, returned " .. type(manifest), 0)
end
local m = {}
for _, k in ipairs(MANIFEST_ORDER) do
  local v = rawget(manifest, k)
  if type(v) ~= MANIFEST[k] then
    error(path .. ": manifest key '" .. k .. "' must be a " .. MANIFEST[k] .. ", got " .. type(v), 0)
  end
  m[k] = v
end
native.manifest(m.version, m.description, m.author, m.license)
if m.name ~= name then
  error(path .. ": manifest name '" .. m.name .. "' must match its folder '" .. name .. "'", 0)
end
if not match(m.version, SEMVER) then
  error(path .. ": version '" .. m.version .. "' is not semver (MAJOR.MINOR.PATCH)", 0)
end
if m.api_version ~= API_VERSION then
  native.phase("checking api_version")
  native.incompatible()
  error("needs plugin API " .. tostring(m.api_version) .. "; this Hemi provides API " .. API_VERSION, 0)
end
-- requires = { hemi = ">=0.1", trade = "^1.0" }: handed to the host as a list.
local requires = rawget(manifest, "requires")
if requires ~= nil and type(requires) ~= "table" then
  error(path .. ": manifest key 'requires' must be a table like { hemi = \">=0.1\", trade = \"^1.0\" }, got " .. type(requires), 0)
end
local list = {}
for dep, constraint in pairs(requires or {}) do
  if type(dep) ~= "string" or type(constraint) ~= "string" then
    error(path .. ": manifest key 'requires' maps plugin names to version constraints (strings), got " .. type(dep) .. " = " .. type(constraint), 0)
  end
  list[#list + 1] = { name = dep, constraint = constraint }
end
sort(list, function(a, b) return a.name < b.name end)
local undeclared = native.requires(list)
if undeclared then error(path .. ": " .. undeclared, 0) end

return function(action, arg)
  if action == "register" then
    native.phase("register(api)")
    m.register(make_api(m.version))
  elseif action == "command" then
    return commands[arg]
  end
end
