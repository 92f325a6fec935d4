-- What `hemi plugin test` gives a plugin's tests (tests/*.lua), run in the plugin's sandbox:
--   test(name, fn)        declares a test; the file runs first, then each test in order
--   expect(value)         .to_be(x) .to_equal(t) .to_be_near(x, tolerance) .to_be_nil()
--                         .to_be_truthy() .to_be_falsy() .to_be_a(typename) .to_contain(x)
--                         .to_fail([pattern])  (value is a function that must raise)
--   run_command(name, args)  runs one of the plugin's commands, as `.name args` does
-- A failed expectation raises "expected …, got …" at the test's own line.
--
-- Runs in the plugin's own state (PluginWorld.runTests), whose globals are the plugin's
-- environment. The chunk receives the plugin's handle (plugin_loader.lua) and one test file's
-- source and chunk name; it runs the file (which declares the tests) and returns run(i) ->
-- ok, message and the tests' names — or nil and the syntax error. The host calls run(i) once
-- per test, each call under the plugin's budget.

local handle, source, chunkname = ...
local env = _G
local function run_command(name, args)
  local run = handle("command", name)
  if not run then error("this plugin has no command '" .. tostring(name) .. "'", 2) end
  return run(args)
end

local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  if math.type(v) == "float" then return string.format("%.17g", v) end
  return tostring(v)
end

local function deep_equal(a, b, seen)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" then return false end
  seen = seen or {}
  if seen[a] == b then return true end
  seen[a] = b
  for k, v in pairs(a) do if not deep_equal(v, b[k], seen) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end

-- Level 3: the caller of the matcher, i.e. the test's line.
local function fail(message) error(message, 3) end

local function expect(actual)
  local e = {}
  -- Matchers work called with a dot or a colon: expect(x).to_be(1), expect(x):to_be(1).
  local function args(first, ...)
    if first == e then return ... end
    return first, ...
  end
  function e.to_be(...)
    local expected = args(...)
    if actual ~= expected then fail("expected " .. show(expected) .. ", got " .. show(actual)) end
  end
  function e.to_equal(...)
    local expected = args(...)
    if not deep_equal(actual, expected) then fail("expected a value equal to " .. show(expected) .. ", got " .. show(actual)) end
  end
  function e.to_be_near(...)
    local expected, tolerance = args(...)
    tolerance = tolerance or 1e-9
    if type(actual) ~= "number" or math.abs(actual - expected) > tolerance then
      fail("expected " .. show(expected) .. " ± " .. show(tolerance) .. ", got " .. show(actual))
    end
  end
  function e.to_be_nil() if actual ~= nil then fail("expected nil, got " .. show(actual)) end end
  function e.to_be_truthy() if not actual then fail("expected a true value, got " .. show(actual)) end end
  function e.to_be_falsy() if actual then fail("expected false or nil, got " .. show(actual)) end end
  function e.to_be_a(...)
    local name = args(...)
    if type(actual) ~= name then fail("expected a " .. name .. ", got " .. type(actual) .. " " .. show(actual)) end
  end
  function e.to_contain(...)
    local part = args(...)
    if type(actual) == "string" then
      if not string.find(actual, part, 1, true) then fail("expected " .. show(actual) .. " to contain " .. show(part)) end
      return
    end
    if type(actual) == "table" then
      for _, v in pairs(actual) do if deep_equal(v, part) then return end end
    end
    fail("expected " .. show(actual) .. " to contain " .. show(part))
  end
  function e.to_fail(...)
    local pattern = args(...)
    if type(actual) ~= "function" then fail("expected a function that fails, got " .. show(actual)) end
    local ok, err = pcall(actual)
    if ok then fail("expected an error, but the function returned") end
    if pattern and not string.find(tostring(err), pattern) then
      fail("expected an error matching " .. show(pattern) .. ", got " .. show(tostring(err)))
    end
  end
  return e
end

local tests = {}
local test_env = setmetatable({
  test = function(name, fn)
    if type(name) ~= "string" then error("bad argument #1 to 'test' (string expected, got " .. type(name) .. ")", 2) end
    if type(fn) ~= "function" then error("bad argument #2 to 'test' (function expected, got " .. type(fn) .. ")", 2) end
    tests[#tests + 1] = { name = name, fn = fn }
  end,
  expect = expect,
  run_command = run_command,
}, { __index = env })
local chunk, syntax = load(source, chunkname, "t", test_env)
if not chunk then return nil, syntax end
chunk()
local names = {}
for i, t in ipairs(tests) do names[i] = t.name end
return function(i)
  local ok, e = pcall(tests[i].fn)
  return ok, (not ok) and tostring(e) or nil
end, names
