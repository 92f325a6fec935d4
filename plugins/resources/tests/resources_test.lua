-- The resources plugin's shares against the minerals table (`hemi plugin test plugins/resources`).

test("strategic_resources adds up the three shares it has", function()
  local r = hemi.table("countries"):filter("iso3 == 'CHL'"):derive{
    li = "lithium_reserves_share_pct", cu = "copper_reserves_share_pct",
    oil = "oil_reserves_share_pct", s = "strategic_resources" }:first()
  local sum = (r.li or 0) + (r.cu or 0) + (r.oil or 0)
  expect(r.s).to_be_near(sum, 1e-9)
  expect(r.li > 0 and r.cu > 0).to_be(true)
end)

test("shares are percentages of the world", function()
  for r in hemi.table("countries"):derive{ li = "lithium_reserves_share_pct" }:rows() do
    if r.li ~= nil then expect(r.li >= 0 and r.li <= 100).to_be(true) end
  end
end)

test("the .resources command takes no arguments", function()
  expect(function() run_command("resources", "lithium") end).to_fail("resources: takes no arguments, got 'lithium'")
end)
