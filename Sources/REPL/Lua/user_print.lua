-- The REPL shows results itself (tables as tables, queries as boxes) unless the user has
-- replaced the global `print`: then, as lua.c does, it calls theirs with the results, and a
-- failing `print` is reported as "error calling 'print' (...)". Kept from before any user
-- code runs, so `original` is the base library's print.
local original = print
local rawget, pcall, tostring = rawget, pcall, tostring
return function(...)
  local p = rawget(_G, "print")
  if p == original then return false end
  local ok, err = pcall(p, ...)
  if not ok then return true, "error calling 'print' (" .. tostring(err) .. ")" end
  return true
end
