-- `hemi report`: print and io.write append to the report instead of writing to stdout
-- (ReportCommand.captureOutput). The Swift writer arrives as the first of `...` (a table kept
-- in the registry), so the script can neither call nor replace it.
local native = ...
local write = native.write
local select, tostring, type, concat = select, tostring, type, table.concat
local mathtype, format, stdout = math.type, string.format, io.stdout

function print(...)
  local parts = {}
  for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
  write(concat(parts, "\t") .. "\n")
end

function io.write(...)
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    local t = type(v)
    if t == "number" then
      v = mathtype(v) == "integer" and format("%d", v) or format("%.14g", v)
    elseif t ~= "string" then
      error("bad argument #" .. i .. " to 'write' (string expected, got " .. t .. ")", 2)
    end
    write(v)
  end
  return stdout
end
