-- examples/tutorial-plugin/percapita/init.lua: the smallest useful plugin (examples/TUTORIAL.md).
-- It registers one metric, an engine expression over the `economy` table (World Bank WDI),
-- usable by name in filter, derive, sort and aggregates once the plugin is loaded.
return {
  name = "percapita",
  version = "0.1.0",
  api_version = 1,
  description = "GDP per person from the economy table (tutorial plugin)",
  author = "Hemi tutorial",
  license = "MIT",

  register = function(api)
    api.metric{
      name = "gdp_per_capita_usd",
      description = "GDP per person: gdp_usd / population (current US$; null where either is missing)",
      unit = "US$ per person",
      table = "economy",
      inputs = { "gdp_usd", "population" },
      expr = "gdp_usd / population",
      sources = { "World Bank, World Development Indicators (GDP and population), table economy" },
    }
  end,
}
