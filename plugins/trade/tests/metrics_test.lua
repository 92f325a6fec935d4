-- The trade plugin's metrics against the us_trade rows they are computed from
-- (`hemi plugin test plugins/trade`).

local function row(iso3, year)
  return hemi.table("us_trade"):filter("iso3 == '" .. iso3 .. "' and year == " .. year)
    :derive{ total = "us_trade_total", balance = "us_trade_balance", surplus = "trade_surplus" }:first()
end

test("us_trade_total is exports plus imports", function()
  local r = row("MEX", 2023)
  expect(r.total).to_be_near(r.us_exports_usd_mn + r.us_imports_usd_mn, 1e-6)
end)

test("trade_surplus is the partner's surplus, the opposite of the US balance", function()
  local r = row("CHN", 2023)
  expect(r.surplus).to_be_near(r.us_imports_usd_mn - r.us_exports_usd_mn, 1e-6)
  expect(r.balance).to_be_near(-r.surplus, 1e-6)
  expect(r.surplus > 0).to_be(true)
end)

test("us_trade_total_yoy_pct compares with the partner's previous year", function()
  local now, before = row("BRA", 2023), row("BRA", 2022)
  local yoy = hemi.table("us_trade"):filter("iso3 == 'BRA' and year == 2023"):derive{ y = "us_trade_total_yoy_pct" }:value("y")
  expect(yoy).to_be_near(100 * (now.total - before.total) / before.total, 1e-6)
end)

test("the .us_trade command answers for a year", function()
  local q = run_command("us_trade", "2023")
  expect(q:count() > 0).to_be(true)
end)

test("the .us_trade command refuses a bad year instead of defaulting", function()
  expect(function() run_command("us_trade", "abc") end).to_fail("expected a year such as 2023, got 'abc'")
  expect(function() run_command("us_trade", "1850") end).to_fail("no data for 1850; us_trade has the years 1991")
  expect(function() run_command("us_trade_ytd", "1980") end).to_fail("no data for 1980")
end)
