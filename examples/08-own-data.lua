-- 08 · Bringing your own data: load a CSV you have, join it to the dataset, chart it.
--
--   hemi examples/08-own-data.lua ../shared/data/raw/freedom-house/fiw_2013_2025_americas.csv
--
-- The file is Freedom House's "Freedom in the World" scores (2013-2025 editions, Americas).
-- Hemi does not ship it: its terms allow non-commercial use only. You load your own copy;
-- the same steps work for any CSV with a country column.

local path = arg and arg[1]
if not path then
  io.stderr:write("usage: hemi examples/08-own-data.lua FILE.csv   (Freedom House 'Freedom in the World' scores)\n")
  os.exit(2)
end

-- 1. Read it. The same engine as the dataset: types are inferred per column; this file writes
--    a missing value as "N/A".
local fiw = hemi.read_csv(path, { null = { "N/A" } })
print(("Read %s: %d rows, %d columns."):format(path:match("[^/]+$"), fiw:count(), #fiw:columns()))

-- 2. Give it the dataset's key. Freedom House names countries; hemi.country resolves a name,
--    an alias or an ISO code to the dataset's row. Names with characters outside a-z, 0-9
--    and _ are quoted with backticks in expressions.
local codes, unmatched = {}, {}
for r in fiw:distinct("Country/Territory"):rows() do
  local name = r["Country/Territory"]
  local country = hemi.country(name)
  if country then codes[#codes + 1] = { fh_name = name, iso3 = country.iso3 }
  else unmatched[#unmatched + 1] = name end
end
print(("%d names matched to ISO codes, %d not: %s."):format(#codes, #unmatched,
  #unmatched > 0 and table.concat(unmatched, ", ") or "none"))

local scores = fiw
  :select{ fh_name = "`Country/Territory`", edition = "Edition", status = "Status", fh_total = "Total" }
  :join(hemi.from_rows(codes), "fh_name")
  :join(hemi.table("countries"):filter("group == 'lac_sovereign'"):select("iso3", "name"), "iso3")

-- 3. Join it to the dataset: an edition covers the previous calendar year, so edition Y sits
--    beside the EIU Democracy Index for year Y - 1.
local latest = scores:agg{ e = "max(edition)" }:value("e")
local eiu = hemi.table("governance_eiu"):select("iso3", "year", "eiu_democracy_score")
local both = scores
  :filter(("edition == %d"):format(latest))
  :derive{ year = "edition - 1" }
  :left_join(eiu, { "iso3", "year" })
  :sort("fh_total desc, name")

print(("\nFreedom House total score (0-100), %d edition, beside the EIU score for %d (0-10)"):format(latest, latest - 1))
both:select("name", "status", "fh_total", "eiu_democracy_score"):show(40)

-- Do the two indices agree? Pearson's r over the states both score.
local xs, ys = {}, {}
for r in both:filter("eiu_democracy_score is not nil"):rows() do
  xs[#xs + 1], ys[#ys + 1] = r.fh_total, r.eiu_democracy_score
end
local function mean(t) local s = 0; for _, v in ipairs(t) do s = s + v end; return s / #t end
local mx, my, sxy, sxx, syy = mean(xs), mean(ys), 0, 0, 0
for i = 1, #xs do
  sxy = sxy + (xs[i] - mx) * (ys[i] - my); sxx = sxx + (xs[i] - mx) ^ 2; syy = syy + (ys[i] - my) ^ 2
end
print(("Correlation of the two indices over the %d states both score: r = %.2f.\n"):format(#xs, sxy / math.sqrt(sxx * syy)))

-- 4. Chart it: a bar per country, then the largest falls since the first edition.
both:bar("fh_total", { label = "name", title = ("Freedom in the World, total score, %d edition"):format(latest),
  source = "Freedom House, Freedom in the World (user's own copy, not shipped)" })

local first = scores:agg{ e = "min(edition)" }:value("e")
local falls = scores
  :filter(("edition == %d or edition == %d"):format(first, latest))
  :lag("fh_total", { by = "iso3", order = "edition", as = "fh_first" })
  :filter(("edition == %d"):format(latest))
  :derive{ change = "fh_total - fh_first" }
  :top(6, "change, name")
print(("\nLargest falls in the total score, %d to %d editions"):format(first, latest))
falls:select("name", "fh_first", "fh_total", "change"):show()

local fell = falls:column("iso3")
scores:filter(("iso3 in ('%s')"):format(table.concat(fell, "', '")))
  :sparklines("fh_total", { by = "name", x = "edition", title = ("Total score by edition, %d-%d"):format(first, latest),
    source = "Freedom House, Freedom in the World (user's own copy, not shipped)" })
