-- 06 · The claims in the public debate, checked against the data, as a report.
--
--   hemi examples/06-claims.lua                                        (in the terminal)
--   hemi report examples/06-claims.lua -o examples/output/claims-report.md   (as a report)
--
-- hemi.check() computes each claim of the `claims` table (seed-articles/claims.csv) from the
-- bundled dataset and gives a verdict; hemi.check(id) also returns the rows behind it. What is
-- printed becomes the report's Markdown text; each table shown carries its source note and
-- each chart becomes an SVG figure beside the report.

local articles = {}
for a in hemi.table("articles"):rows() do articles[a.article_id] = a end
local claims = {}
for c in hemi.table("claims"):rows() do claims[c.claim_id] = c end

local function num(x)
  if x == nil then return "—" end
  if math.type(x) == "float" and x == math.floor(x) then return ("%d"):format(x) end
  return tostring(x)
end

local function capital(s) return (s:gsub("^%l", string.upper)) end

print("# Claims in the debate, checked against the data\n")
print("Eleven quantitative claims from five commentary articles on US policy toward Latin America,")
print("each computed from Hemi's bundled dataset by `hemi.check`. Scope, unless a claim says otherwise:")
print("the 33 sovereign states of Latin America and the Caribbean.\n")
print("Verdict rule, the same for every claim: a count must match exactly; any other figure is")
print("*supported* when the computed value is within 5% of the claimed one (at least 0.5 in the")
print("claim's unit); a claim whose quantity the data cannot give is *cannot be checked*, with why.\n")

local all = hemi.check()
all:select("claim_id", "verdict", "claimed_value", "computed_value", "unit"):show()
print("Each claim below gives the article, the reason for its verdict, the method (tables and years)")
print("and the rows the figure comes from, with their source.")

-- A chart where a picture says more than the rows.
local charts = {
  top10_surplus = function(rows)
    rows:bar("us_balance_usd_mn", { label = "partner_name",
      title = "US goods trade balance with its ten largest LAC partners, 2023 (negative = partner surplus)" })
  end,
  trade_change_2023 = function()
    hemi.table("us_trade"):filter("group == 'lac_sovereign' and year >= 1992")
      :group("year"):agg{ us_exports_usd_mn = "sum(us_exports_usd_mn)", us_imports_usd_mn = "sum(us_imports_usd_mn)" }
      :sort("year")
      :line({ "us_exports_usd_mn", "us_imports_usd_mn" }, { title = "US goods exports to and imports from the 33 LAC states, 1992-2025" })
  end,
}

for verdict in all:rows() do
  local id = verdict.claim_id
  local claim, article = claims[id], articles[claims[id].article_id]
  print(("\n## %s\n"):format(id))
  print(("> %s\n"):format(claim.statement))
  local by = article.author == "unknown" and "author not given" or article.author
  if article.affiliation then by = by .. ", " .. article.affiliation end
  print(("— %s: *%s* (`%s`).\n"):format(by, article.title, claim.article_id))
  local computed = verdict.computed_value == nil and "nothing computed"
    or ("computed %s"):format(num(verdict.computed_value))
  print(("**%s.** Claimed %s %s; %s. %s.\n"):format(
    capital(verdict.verdict), num(verdict.claimed_value), verdict.unit, computed, capital(verdict.reason)))
  print(("Method: %s.\n"):format(verdict.method))
  local _, rows = hemi.check(id)
  if rows then rows:show() end
  if charts[id] then charts[id](rows) end
end
