// The bundled plugins against the real dataset: each metric's value for a known country is
// recomputed here by hand from figures copied out of the raw files under
// ../shared/data/raw (cited beside each), and the metrics work by name in filter, derive,
// sort and group aggregates.

import Testing
@testable import LuaBridge
@testable import Scripting

@Suite("Plugins: bundled trade, china, resources, engagement")
struct PluginBundledTests {
    static func loaded() throws -> (LuaState, PluginHost) {
        try PluginFixture.load([PluginFixture.bundledPlugins])
    }

    func number(_ lua: LuaState, _ chunk: String) throws -> Double {
        switch try lua.eval(chunk) {
        case .integer(let i): return Double(i)
        case .number(let d): return d
        case let v: Issue.record("not a number: \(v) from \(chunk)"); return .nan
        }
    }

    @Test func allBundledPluginsLoad() throws {
        let (_, host) = try Self.loaded()
        #expect(host.statuses.map(\.name) == ["china", "engagement", "resources", "trade"])
        for s in host.statuses { #expect(s.state == .loaded, "\(s.summary)\n\(s.details ?? "")") }
    }

    @Test func tradeMetricsForMexico2023() throws {
        let (lua, _) = try Self.loaded()
        // census-trade-by-country/us_goods_trade_by_partner_annual.csv:
        //   MEX,2010,Mexico,lac_sovereign,2023,324425.9,472898.7,-148472.8
        let exports = 324425.9, imports = 472898.7
        let q = "hemi.table('us_trade'):filter(\"iso3 == 'MEX' and year == 2023\")"
        #expect(abs(try number(lua, "return \(q):derive{ v = 'us_trade_total' }:value('v')") - (exports + imports)) < 1e-6)
        #expect(abs(try number(lua, "return \(q):derive{ v = 'us_trade_balance' }:value('v')") - (exports - imports)) < 1e-6)
        #expect(abs(try number(lua, "return \(q):derive{ v = 'trade_surplus' }:value('v')") - (imports - exports)) < 1e-6)
        // Year on year: 2022 row of the same file.
        let total2022 = try number(lua, "return hemi.table('us_trade'):filter(\"iso3 == 'MEX' and year == 2022\"):derive{ v = 'us_trade_total' }:value('v')")
        let yoy = try number(lua, "return \(q):derive{ v = 'us_trade_total_yoy_pct' }:value('v')")
        #expect(abs(yoy - 100 * ((exports + imports) - total2022) / total2022) < 1e-9)
        // Share of US–LAC trade: over the LAC rows (group ~= 'context') of 2023.
        let lacTotal = try number(lua, "return hemi.table('us_trade'):filter(\"year == 2023 and group ~= 'context'\"):agg{ t = 'sum(us_exports_usd_mn + us_imports_usd_mn)' }:value('t')")
        let share = try number(lua, "return \(q):derive{ v = 'us_lac_trade_share_pct' }:value('v')")
        #expect(abs(share - 100 * (exports + imports) / lacTotal) < 1e-9)
        #expect(share > 60 && share < 80)
    }

    /// census-trade-by-country/monthly/1991.jsonl and 1992.jsonl, MEX: exports_year 33277.2 and
    /// 40592.3, imports_year 31129.6 and 35211.1. The change is against year − 1 exactly: null
    /// in a first year, after a year Census does not list (FLK 1993), around the partial 2011
    /// rows of the Netherlands Antilles and Curaçao.
    @Test func yearOnYearRunsFrom1992AndIsNullWithoutAFullYearBefore() throws {
        let (lua, _) = try Self.loaded()
        let yoy = try number(lua, "return hemi.table('us_trade'):filter(\"iso3 == 'MEX' and year == 1992\"):derive{ v = 'us_trade_total_yoy_pct' }:value('v')")
        #expect(abs(yoy - 100 * ((40592.3 + 35211.1) - (33277.2 + 31129.6)) / (33277.2 + 31129.6)) < 1e-9)
        let nulls = try lua.eval("""
            local q = hemi.table('us_trade'):derive{ v = 'us_trade_total_yoy_pct' }:filter('v is nil')
            local out = {}
            for r in q:filter("iso3 in ('MEX', 'FLK', 'CUW', 'ANT', 'NIC')"):sort('iso3, year'):rows() do out[#out + 1] = r.iso3 .. r.year end
            return table.concat(out, ' ')
            """)
        #expect(nulls == .string("ANT1991 ANT2011 CUW2011 CUW2012 FLK1992 FLK1994 MEX1991 NIC1992"))
    }

    /// monthly/2025.jsonl and 2026.jsonl, MEX August: exports 29191.3 and 33656.3, imports
    /// 45189.7 and 60637.4. On us_trade_monthly the metric compares the same month a year
    /// earlier; on a query with neither key it says what it needs.
    @Test func yearOnYearOnMonthsComparesTheSameMonth() throws {
        let (lua, _) = try Self.loaded()
        let yoy = try number(lua, "return hemi.table('us_trade_monthly'):filter(\"iso3 == 'MEX' and year == 2026 and month == 8\"):derive{ v = 'us_trade_total_yoy_pct' }:value('v')")
        #expect(abs(yoy - 100 * ((33656.3 + 60637.4) - (29191.3 + 45189.7)) / (29191.3 + 45189.7)) < 1e-9)
        let rows = try lua.eval("return hemi.table('us_trade_monthly'):derive{ v = 'us_trade_total_yoy_pct' }:count()")
        #expect(rows == .integer(19584))  // a left join: one value per month, no row doubled
        let annual = try number(lua, "return hemi.table('us_trade'):filter(\"iso3 == 'MEX' and year == 2025\"):derive{ v = 'us_trade_total_yoy_pct' }:value('v')")
        #expect(abs(annual - yoy) > 1)  // not the annual figure spread over the months
        let err = try lua.eval("return select(2, pcall(function() return hemi.table('us_trade'):select('iso3'):derive{ v = 'us_trade_total_yoy_pct' }:count() end))")
        #expect(err.stringValue?.contains("is computed per iso3, year, month or per iso3, year; the query has no column 'year'") == true, "\(err)")
    }

    /// The share of US–LAC trade on months is the month's: the LAC partners' shares of one
    /// month sum to 100 (on us_trade, a year's do).
    @Test func lacShareOnMonthsIsTheMonthsShare() throws {
        let (lua, _) = try Self.loaded()
        let sum = try number(lua, "return hemi.table('us_trade_monthly'):filter('year == 2026 and month == 8'):agg{ s = 'sum(us_lac_trade_share_pct)' }:value('s')")
        #expect(abs(sum - 100) < 1e-9)
        let mexAug = try number(lua, "return hemi.table('us_trade_monthly'):filter(\"iso3 == 'MEX' and year == 2026 and month == 8\"):derive{ v = 'us_lac_trade_share_pct' }:value('v')")
        let lacAug = try number(lua, "return hemi.table('us_trade_monthly'):filter(\"year == 2026 and month == 8 and group ~= 'context'\"):agg{ t = 'sum(us_exports_usd_mn + us_imports_usd_mn)' }:value('t')")
        #expect(abs(mexAug - 100 * (33656.3 + 60637.4) / lacAug) < 1e-9)
    }

    /// Year to date: monthly/2026.jsonl MEX *_year fields are January–August 2026 (263473.1,
    /// 419344.4); January–August 2025 from monthly/2025.jsonl's first eight months.
    @Test func yearToDateComparesJanuaryToAugust() throws {
        let (lua, _) = try Self.loaded()
        let x25 = [28000.9, 26748, 29396.8, 27759.6, 28140, 27718.2, 28946, 29191.3].reduce(0, +)
        let m25 = [41597.1, 41565.5, 48018.2, 41845.1, 46113.1, 44831.9, 45316.8, 45189.7].reduce(0, +)
        let mex = "hemi.command('us_trade_ytd'):filter(\"iso3 == 'MEX'\")"
        let t26 = try number(lua, "return \(mex):value('total_2026')")
        let t25 = try number(lua, "return \(mex):value('total_2025')")
        #expect(abs(t26 - (263473.1 + 419344.4)) < 1.2)
        #expect(abs(t25 - (x25 + m25)) < 1e-6)
        #expect(abs(try number(lua, "return \(mex):value('change_pct')") - 100 * (t26 - t25) / t25) < 1e-9)
        #expect(try number(lua, "return hemi.command('us_trade_ytd', '2026 8'):count()") == 47)
        #expect(try lua.eval("return hemi.command('us_trade_ytd', '2026'):first().iso3") == .string("MEX"))
        let err = try lua.eval("return select(2, pcall(hemi.command, 'us_trade_ytd', '2026 9'))")
        #expect(err.stringValue?.contains("2026-09 is not published; us_trade_monthly ends in 2026-08") == true, "\(err)")
    }

    @Test func metricsByNameInFilterDeriveSortAndAggregates() throws {
        let (lua, _) = try Self.loaded()
        // Partners with a surplus with the US in 2023, largest first (an expression metric).
        let top = try lua.eval("""
            return hemi.table('us_trade'):filter('year == 2023 and trade_surplus > 0')
              :sort('trade_surplus desc'):limit(1):value('iso3')
            """)
        #expect(top == .string("CHN"))
        // A Lua-computed metric in filter, sort and a group aggregate.
        let n = try lua.eval("return hemi.table('us_trade'):filter('year == 2024 and us_lac_trade_share_pct > 5'):count()")
        #expect(n == .integer(2))   // Mexico and Brazil
        let sum = try number(lua, "return hemi.table('us_trade'):filter('year == 2024'):group('year'):agg{ s = 'sum(us_lac_trade_share_pct)' }:value('s')")
        #expect(abs(sum - 100) < 1e-9)
        let first = try lua.eval("return hemi.table('us_trade'):filter('year == 2024 and group ~= \"context\"'):sort('us_lac_trade_share_pct desc'):limit(1):value('iso3')")
        #expect(first == .string("MEX"))
        // A metric's own name in its table's columns is not duplicated, and metrics show in hemi.metrics().
        #expect(try lua.eval("for _, m in ipairs(hemi.metrics()) do if m.name == 'trade_surplus' then return m.plugin .. ' ' .. m.version end end") == .string("trade 1.0.0"))
    }

    @Test func chinaShareForBrazil2023() throws {
        let (lua, _) = try Self.loaded()
        // china-lac-trade-comtrade/lac_reported_trade_with_china_comtrade_2014_2025.csv:
        //   2023,BRA,Brazil,lac_sovereign,55980490153,104324811805
        // census-trade-by-country/us_goods_trade_by_partner_annual.csv:
        //   BRA,3510,Brazil,lac_sovereign,2023,44479,39057.7,5421.3
        let china = (55980490153.0 + 104324811805.0) / 1e6, us = 44479 + 39057.7
        let q = "hemi.table('us_trade'):filter(\"iso3 == 'BRA' and year == 2023\")"
        #expect(abs(try number(lua, "return \(q):derive{ v = 'china_trade_usd_mn' }:value('v')") - china) < 1e-6)
        let share = try number(lua, "return \(q):derive{ v = 'china_share_of_us_china_trade_pct' }:value('v')")
        #expect(abs(share - 100 * china / (china + us)) < 1e-9)
        #expect(share > 60)   // Brazil trades more with China than with the US
    }

    @Test func chineseFinanceAndBeltAndRoad() throws {
        let (lua, _) = try Self.loaded()
        // Ecuador: the sum of its china_finance rows over 2021 population and GDP (economy).
        let committed = try number(lua, "return hemi.table('china_finance'):filter(\"iso3 == 'ECU'\"):agg{ s = 'sum(commitments_usd_const2021)' }:value('s')")
        let pop = try number(lua, "return hemi.table('economy'):filter(\"iso3 == 'ECU' and year == 2021\"):value('population')")
        let gdp = try number(lua, "return hemi.table('economy'):filter(\"iso3 == 'ECU' and year == 2021\"):value('gdp_usd')")
        let c = "hemi.table('countries'):filter(\"iso3 == 'ECU'\")"
        #expect(abs(try number(lua, "return \(c):derive{ v = 'china_finance_per_capita_usd' }:value('v')") - committed / pop) < 1e-6)
        #expect(abs(try number(lua, "return \(c):derive{ v = 'china_finance_pct_gdp' }:value('v')") - 100 * committed / gdp) < 1e-9)
        // Panama: joined 2017-06-01, exited 2025-05-04 (gfdc-bri-countries).
        let pan = "hemi.table('countries'):filter(\"iso3 == 'PAN'\"):derive{ s = 'bri_status' }:value('s')"
        #expect(try lua.eval("return \(pan)") == .string("exited"))
        try lua.run("hemi.set_param('china.bri_date', '2020-01-01')", chunkName: "=test")
        #expect(try lua.eval("return \(pan)") == .string("member"))
        try lua.run("hemi.set_param('china.bri_date', '2016-01-01')", chunkName: "=test")
        #expect(try lua.eval("return \(pan)") == .string("not a member"))
        // Guatemala has no GCDF projects: null, not zero.
        #expect(try lua.eval("return hemi.table('countries'):filter(\"iso3 == 'GTM'\"):derive{ v = 'china_finance_per_capita_usd' }:value('v')") == .nil)
    }

    @Test func reserveSharesAndStrategicScore() throws {
        let (lua, _) = try Self.loaded()
        // usgs-mcs2025/MCS2025_World_Data_copper_lithium.csv, RESERVES_2024: lithium Chile
        // 9,300,000 t of 30,000,000 t; copper Chile 190,000 of 980,000 thousand t.
        // opec-asb-2023: Venezuela 2022 303,221 mb of Total World 1,564,440.8330833747 mb.
        let c = { (iso: String, m: String) in "return hemi.table('countries'):filter(\"iso3 == '\(iso)'\"):derive{ v = '\(m)' }:value('v')" }
        let li = try number(lua, c("CHL", "lithium_reserves_share_pct"))
        let cu = try number(lua, c("CHL", "copper_reserves_share_pct"))
        #expect(abs(li - 100 * 9_300_000 / 30_000_000) < 1e-9)
        #expect(abs(cu - 100 * 190_000.0 / 980_000) < 1e-9)
        #expect(abs(try number(lua, c("VEN", "oil_reserves_share_pct")) - 100 * 303221 / 1564440.8330833747) < 1e-9)
        // Chile: the three shares (its OPEC row from the table, 2022).
        let oil = try number(lua, "return hemi.table('oil_reserves_opec'):filter(\"iso3 == 'CHL' and year == 2022\"):value('share_of_world_pct')")
        #expect(abs(try number(lua, c("CHL", "strategic_resources")) - (li + cu + oil)) < 1e-9)
        // Peru is inside OPEC's 'Others (Latin America)': no oil share (absent, not zero),
        // and its score is the sum of the shares it has.
        #expect(try lua.eval(c("PER", "oil_reserves_share_pct")) == .nil)
        let perCu = try number(lua, c("PER", "copper_reserves_share_pct"))
        #expect(abs(try number(lua, c("PER", "strategic_resources")) - perCu) < 1e-9)
        // A country on no list has no score (not zero).
        #expect(try lua.eval(c("HTI", "strategic_resources")) == .nil)
    }

    @Test func engagementPriorityRanksAndHonoursWeights() throws {
        let (lua, host) = try Self.loaded()
        let ranking = try lua.eval("""
            local out = {}
            for r in hemi.table('countries'):derive{ p = 'engagement_priority' }:filter('p is not nil'):sort('p desc'):rows() do out[#out + 1] = r.iso3 end
            return #out
            """)
        #expect(ranking == .integer(33))
        // Only trade weighted: Mexico (largest US trade partner) scores 100, and the score is
        // its percentile rank of trade among the 33 states.
        for w in ["w_migration", "w_resources", "w_china", "w_democracy", "w_fta"] {
            try lua.run("hemi.set_param('engagement.\(w)', 0)", chunkName: "=test")
        }
        let mex = "return hemi.table('countries'):filter(\"iso3 == 'MEX'\"):derive{ p = 'engagement_priority' }:value('p')"
        #expect(try number(lua, mex) == 100)
        // Only FTA weighted: Chile (FTA in force) 100, Brazil 0 — a zero that is data, not a gap.
        try lua.run("hemi.set_param('engagement.w_trade', 0); hemi.set_param('engagement.w_fta', 1)", chunkName: "=test")
        #expect(try number(lua, mex.replacingOccurrences(of: "MEX", with: "CHL")) == 100)
        #expect(try number(lua, mex.replacingOccurrences(of: "MEX", with: "BRA")) == 0)
        // The breakdown command returns one row per state with the component columns.
        let cols = try lua.eval("local q = hemi.command('engagement', '5') return #q .. ' ' .. table.concat(q:columns(), ',')")
        #expect(cols == .string("5 iso3,name,engagement_priority,components,trade,migration,resources,china,democracy,fta"))
        // Help prints the formula, the weights (with the user's values) and the sources.
        let help = host.help("engagement_priority") ?? ""
        #expect(help.contains("formula: 100 × Σ wᵢ·cᵢ / Σ wᵢ"))
        #expect(help.contains("engagement.w_fta = 1 (default 0.1)"))
        #expect(help.contains("U.S. Census Bureau"))
        #expect(try lua.eval("return hemi.help('engagement_priority', false)") == .string(help))
    }

    @Test func reloadKeepsParametersAndCommandsWork() throws {
        let (lua, host) = try Self.loaded()
        try lua.run("hemi.set_param('engagement.w_trade', 0.5)", chunkName: "=test")
        host.reload(into: lua)
        #expect(host.statuses.allSatisfy { $0.state == .loaded })
        #expect(try lua.eval("return hemi.param('engagement.w_trade')") == .number(0.5))
        let out = try host.runCommand("us_trade", arguments: "2023", in: lua)
        #expect(out.first?.stringValue?.contains("Mexico") == true)
        #expect(throws: LuaError.self) { try lua.run("hemi.set_param('engagement.w_trade', 'heavy')", chunkName: "=test") }
        #expect(throws: LuaError.self) { try lua.run("hemi.set_param('engagement.nope', 1)", chunkName: "=test") }
    }
}
