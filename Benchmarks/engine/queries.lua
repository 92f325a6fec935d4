-- The benchmark's four queries over the loaded tables, shared by hemi_bench.lua (the timed
-- run) and query_steps.lua (one query, for profiles): each is a function that builds its query.
--   local queries = dofile(here .. "/queries.lua")(flows, countries)
-- SQLite and DuckDB run the same queries from queries.sql.
return function(flows, countries)
  return {
    q2 = function()
      return flows:filter("year == 2023"):group("partner")
        :agg{ exports = "sum(exports_usd)", imports = "sum(imports_usd)" }
        :derive{ balance = "imports - exports" }
        :sort("exports + imports desc"):limit(10)
        :select("partner", "exports", "imports", "balance")
    end,
    q3 = function()
      return flows:join(countries, { partner = "iso3" }):group("subregion", "year")
        :agg{ exports = "sum(exports_usd)", imports = "sum(imports_usd)", n = "count()" }
        :sort("subregion, year")
        :select("subregion", "year", "exports", "imports", "n")
    end,
    q4 = function()
      return flows:filter("imports_usd > exports_usd * 1.5"):group("hs2"):agg{ n = "count()" }:sort("hs2")
    end,
    q5 = function()
      return flows:group("reporter", "partner"):agg{ total = "sum(exports_usd + imports_usd)" }
        :row_number("total desc, partner", { by = "reporter", as = "rk" })
        :filter("rk <= 3"):sort("reporter, rk")
        :select("reporter", "rk", "partner", "total")
    end,
  }
end
