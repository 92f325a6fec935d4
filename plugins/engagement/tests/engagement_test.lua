-- The engagement plugin: its index, its weights and its command
-- (`hemi plugin test plugins/engagement`).

test("engagement_priority is an index from 0 to 100 for the LAC states", function()
  local n = 0
  for r in hemi.table("countries"):filter("is_lac and not is_territory"):derive{ p = "engagement_priority" }:rows() do
    expect(r.p).to_be_a("number")
    expect(r.p >= 0 and r.p <= 100).to_be(true)
    n = n + 1
  end
  expect(n).to_be(33)
end)

test("it ranks with the china plugin's percentile module", function()
  local shared = require("china.percentile")
  expect(shared({ x = 1, y = 2 })).to_equal({ x = 0, y = 1 })
end)

test("the .engagement command lists the n highest", function()
  local q = run_command("engagement", "5")
  expect(q:count()).to_be(5)
  local first = q:first()
  expect(first.engagement_priority >= q:column("engagement_priority")[5]).to_be(true)
end)

test("the .engagement command refuses a count that is not a whole number from 1", function()
  for _, bad in ipairs({ "abc", "0", "-2", "2.5" }) do
    expect(function() run_command("engagement", bad) end).to_fail("expected how many countries to show")
  end
end)
