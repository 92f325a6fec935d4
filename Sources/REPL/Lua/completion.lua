-- Tab completion (REPL/Completion.swift). Returns the completer: given the word before the
-- cursor and the dot-commands, the sorted candidates. Only names are walked (`a.b.c`, `a:m`),
-- raw and without calling anything, so completing never runs user code.
local keywords = { "and", "break", "do", "else", "elseif", "end", "false", "for", "function",
  "goto", "if", "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while" }
-- Private names (`_rows`, `_bench_abs`, `__index`) are not offered unless the user typed the
-- underscore; Lua's own `_G`, `_VERSION`, `_PROMPT` (an underscore and a capital) are.
local function private(name, typed)
  return name:match("^_[%l_]") and typed:sub(1, 1) ~= "_"
end
return function(word, dotcommands)
  local out, seen = {}, {}
  local function add(s) if not seen[s] then seen[s] = true; out[#out + 1] = s end end
  if word:sub(1, 1) == "." then
    for _, c in ipairs(dotcommands) do if c:sub(1, #word) == word then add(c) end end
    table.sort(out) return out
  end
  local path, sep, last = word:match("^(.*)([%.:])([%w_]*)$")
  if not path then
    for _, k in ipairs(keywords) do if k:sub(1, #word) == word then add(k) end end
    for k, v in next, _G do
      if type(k) == "string" and k:sub(1, #word) == word and not private(k, word) then add(k .. (type(v) == "function" and "(" or "")) end
    end
    table.sort(out) return out
  end
  local v = _G
  for name in path:gmatch("[^%.]+") do
    if type(v) ~= "table" then return {} end
    v = rawget(v, name)
  end
  local function fields(t, depth)
    if depth > 3 then return end
    if type(t) == "table" then
      for k, f in next, t do
        if type(k) == "string" and k:match("^[%a_][%w_]*$") and k:sub(1, #last) == last
           and not private(k, last) and (sep == "." or type(f) == "function") then
          add(path .. sep .. k .. ((sep == ":" or type(f) == "function") and "(" or ""))
        end
      end
    end
    local mt = getmetatable(t)
    if type(mt) == "table" and type(rawget(mt, "__index")) == "table" then fields(rawget(mt, "__index"), depth + 1) end
  end
  fields(v, 0)
  table.sort(out)
  return out
end
