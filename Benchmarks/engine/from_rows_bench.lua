-- hemi.from_rows at scale against hemi.read_csv of the same data:
--   hemi from_rows_bench.lua FLOWS.csv
-- Reads the CSV's rows into Lua tables in plain Lua (not timed), then times from_rows over
-- them and read_csv of the file, and prints each one's CPU seconds and the resident memory
-- the table added, per row. hs2 is read as a string by both (it keeps its leading zero).
local path = ...
local function rss_kib()
  local f = io.open("/proc/self/status"); local s = f:read("a"); f:close()
  return tonumber(s:match("VmRSS:%s*(%d+)"))
end

local rows, n = {}, 0
local first = true
for line in io.lines(path) do
  if first then first = false else
    local r, p, y, h, e, i = line:match("^([^,]*),([^,]*),([^,]*),([^,]*),([^,]*),([^,]*)$")
    n = n + 1
    rows[n] = { reporter = r, partner = p, year = math.tointeger(tonumber(y)), hs2 = h,
                exports_usd = tonumber(e) + 0.0, imports_usd = tonumber(i) + 0.0 }
  end
end
collectgarbage(); collectgarbage()
local columns = { "reporter", "partner", "year", "hs2", "exports_usd", "imports_usd" }

local before = rss_kib()
local c0 = os.clock()
local t = hemi.from_rows(rows, { columns = columns })
t:count()
local from_rows_s = os.clock() - c0
local after = rss_kib()
print(string.format("from_rows %d rows: %.3f s CPU, table %.0f bytes per row", n, from_rows_s, (after - before) * 1024 / n))

t = nil
collectgarbage(); collectgarbage()
c0 = os.clock()
hemi.from_rows(rows):count()
print(string.format("from_rows without columns (keys found per row): %.3f s CPU", os.clock() - c0))

rows = nil
collectgarbage(); collectgarbage()
c0 = os.clock()
local q = hemi.read_csv(path, { types = { hs2 = "string" } })
q:count()
local csv_s = os.clock() - c0
-- (no memory figure here: the Lua rows freed above blur the resident size)
print(string.format("read_csv  %d rows: %.3f s CPU", q:count(), csv_s))
print(string.format("from_rows / read_csv (CPU): %.2fx", from_rows_s / csv_s))
