-- hemi.from_rows at scale against hemi.read_csv of the same data:
--   hemi from_rows_bench.lua FLOWS.csv [ROUNDS]
-- Reads the CSV's rows into Lua tables in plain Lua (not timed), then, ROUNDS times (default
-- 1), times from_rows over them and read_csv of the file, one after the other, and prints each
-- one's CPU seconds (os.clock: user + sys of all threads) and their ratio; then the median
-- ratio. The resident memory the first table added, per row, is its size once built (later
-- rounds reuse the memory the first one gave back). hs2 is read as a string by both (it keeps
-- its leading zero). Last, from_rows without `columns` (keys found per row), once.
local path, rounds = ...
rounds = math.tointeger(tonumber(rounds or "1")) or 1
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

local ratios = {}
for round = 1, rounds do
  local before = rss_kib()
  local c0 = os.clock()
  local t = hemi.from_rows(rows, { columns = columns })
  t:count()
  local from_rows_s = os.clock() - c0
  local memory = ""
  if round == 1 then memory = string.format(", table %.0f bytes per row", (rss_kib() - before) * 1024 / n) end
  t = nil
  collectgarbage(); collectgarbage()

  c0 = os.clock()
  local q = hemi.read_csv(path, { types = { hs2 = "string" } })
  local csv_rows = q:count()
  local csv_s = os.clock() - c0
  q = nil
  collectgarbage(); collectgarbage()
  ratios[round] = from_rows_s / csv_s
  print(string.format("round %d: from_rows %d rows %.3f s CPU%s; read_csv %d rows %.3f s CPU; from_rows / read_csv %.2fx",
                      round, n, from_rows_s, memory, csv_rows, csv_s, ratios[round]))
end
table.sort(ratios)
print(string.format("from_rows / read_csv (CPU), median of %d rounds: %.2fx (%.2f-%.2f)",
                    rounds, ratios[(rounds + 1) // 2], ratios[1], ratios[rounds]))

local c0 = os.clock()
hemi.from_rows(rows):count()
print(string.format("from_rows without columns (keys found per row): %.3f s CPU", os.clock() - c0))
