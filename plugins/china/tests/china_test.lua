-- The china plugin: its shared percentile module and its metrics against their tables
-- (`hemi plugin test plugins/china`).

local percentile = require("percentile")

test("percentile ranks values in [0, 1], ties sharing the lower rank", function()
  expect(percentile({ a = 10, b = 20, c = 20, d = 40 })).to_equal({ a = 0, b = 1 / 3, c = 1 / 3, d = 1 })
  expect(percentile({ only = 5 })).to_equal({ only = 1 })
  expect(percentile({})).to_equal({})
end)

test("require gives the same module each time", function()
  expect(require("percentile")).to_be(percentile)
end)

test("china_finance_per_capita_usd is finance committed over population", function()
  local committed = hemi.table("china_finance"):filter("iso3 == 'ECU'")
    :agg{ s = "sum(commitments_usd_const2021)" }:value("s")
  local metric = hemi.table("countries"):filter("iso3 == 'ECU'"):derive{ m = "china_finance_per_capita_usd" }:value("m")
  expect(metric > 0).to_be(true)
  expect(committed > metric).to_be(true)
end)

test("china_exposure is an index from 0 to 100", function()
  for r in hemi.table("countries"):filter("is_lac and not is_territory"):derive{ x = "china_exposure" }:rows() do
    if r.x ~= nil then expect(r.x >= 0 and r.x <= 100).to_be(true) end
  end
end)

test("the .china_vs_us command refuses an unknown country by name", function()
  expect(function() run_command("china_vs_us", "Atlantis") end).to_fail("no country 'Atlantis'")
end)

test("the china commands check their arguments", function()
  expect(function() run_command("china_vs_us", "") end).to_fail("expected a country")
  expect(function() run_command("china_vs_us", "CAN") end).to_fail("no data for Canada %(CAN%)")
  expect(function() run_command("china_exposure", "BRA") end).to_fail("takes no arguments")
end)
