-- The benchmark's four queries in SQL; the same text runs in SQLite and DuckDB.
-- Each is one line: run.sh splits this file on lines starting "-- Q".
-- Q2 2023 by partner, top 10 by total trade
SELECT partner, SUM(exports_usd) AS exports, SUM(imports_usd) AS imports, SUM(imports_usd) - SUM(exports_usd) AS balance FROM flows WHERE year = 2023 GROUP BY partner ORDER BY SUM(exports_usd) + SUM(imports_usd) DESC LIMIT 10;
-- Q3 join countries, sums by subregion and year
SELECT c.subregion, f.year, SUM(f.exports_usd) AS exports, SUM(f.imports_usd) AS imports, COUNT(*) AS n FROM flows f JOIN countries c ON c.iso3 = f.partner GROUP BY c.subregion, f.year ORDER BY c.subregion, f.year;
-- Q4 count of flows with imports > 1.5 x exports, by hs2
SELECT hs2, COUNT(*) AS n FROM flows WHERE imports_usd > exports_usd * 1.5 GROUP BY hs2 ORDER BY hs2;
-- Q5 top 3 partners of each reporter by total trade
SELECT reporter, rk, partner, total FROM (SELECT reporter, partner, total, ROW_NUMBER() OVER (PARTITION BY reporter ORDER BY total DESC, partner) AS rk FROM (SELECT reporter, partner, SUM(exports_usd + imports_usd) AS total FROM flows GROUP BY reporter, partner)) WHERE rk <= 3 ORDER BY reporter, rk;
