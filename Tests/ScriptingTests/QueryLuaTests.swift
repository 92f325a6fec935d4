import Testing
@testable import LuaBridge
@testable import QueryEngine
@testable import Scripting

/// The query API from Lua, on the bundled dataset and on the user's own rows.
@Suite(.serialized) struct QueryLuaTests {
    func state() throws -> LuaState {
        let lua = try LuaState()
        HemiRuntime.install(into: lua)
        return lua
    }

    @Test func verbsChainAndResultsReachLua() throws {
        let lua = try state()
        let out = try lua.run("""
            local t = hemi.from_rows{ {c = "MEX", y = 2022, x = 3}, {c = "MEX", y = 2023, x = 5}, {c = "PER", y = 2023, x = 1} }
            local q = t:filter("y == 2023"):derive{ d = "x * 2", e = "d + 1" }:sort("x desc")
            local g = t:group("c"):agg{ total = "sum(x)", n = "count()" }:sort("c")
            local rows = {}
            for r in g:rows() do rows[#rows + 1] = r.c .. "=" .. r.total .. "/" .. r.n end
            return q:column("e")[1], table.concat(rows, " "), #q, q:count(), t:agg{ s = "sum(x)" }:value()
            """, chunkName: "=t")
        #expect(out == [.integer(11), .string("MEX=8/2 PER=1/1"), .integer(2), .integer(2), .integer(9)])
    }

    @Test func nullsAreNilAndColumnsKeepTheirLength() throws {
        let lua = try state()
        let out = try lua.run("""
            local t = hemi.from_rows({ {a = 1, b = 2}, {a = 2} }, { columns = {"a", "b"} })
            local b = t:column("b")
            return b[1], b[2], b.n, t:sort("b desc"):first().a
            """, chunkName: "=t")
        #expect(out == [.integer(2), .nil, .integer(2), .integer(1)])
    }

    @Test func luaFunctionFilterKeepsTypes() throws {
        let lua = try state()
        let out = try lua.run("""
            local t = hemi.from_rows{ {a = 1.5}, {a = 2.5} }
            local f = t:filter(function(r) return r.a > 2 end)
            return f:schema()[1].type, f:count()
            """, chunkName: "=t")
        #expect(out == [.string("float"), .integer(1)])
    }

    @Test func countryMissSuggestsAndClaimsAreATable() throws {
        let lua = try state()
        let out = try lua.run("local c, msg = hemi.country('Peur'); return c, msg, hemi.claims():count() > 0", chunkName: "=t")
        #expect(out.count == 3)
        #expect(out[0] == .nil)
        #expect(out[1].stringValue?.hasPrefix("no country 'Peur'; did you mean Peru (PER)") == true, "\(out[1])")
        #expect(out[2] == .boolean(true))
    }

    @Test func luaFunctionsWhereExpressionsGo() throws {
        let lua = try state()
        let out = try lua.run("""
            local t = hemi.from_rows({ {c = "MEX", x = 3}, {c = "PER", x = 1}, {c = "BRA", x = 2} }, { columns = {"c", "x"} })
            local d = t:derive{ y = "x * 10", label = function(r) return r.c:lower() .. r.x end }
            local s = t:sort(function(a, b) return a.x < b.x end)
            return table.concat(d:columns(), ","), d:column("label")[1], d:column("y")[3], s:first().c, s:schema()[2].type
            """, chunkName: "=t")
        #expect(out == [.string("c,x,y,label"), .string("mex3"), .integer(20), .string("PER"), .string("integer")])
    }

    @Test func writersReturnStringsOrWriteFiles() throws {
        let lua = try state()
        let out = try lua.run("""
            local t = hemi.from_rows({ {name = "Perú", v = 1} }, { columns = {"name", "v"} })
            return t:to_csv(), t:to_markdown()
            """, chunkName: "=t")
        #expect(out == [.string("name,v\nPerú,1\n"), .string("| name |   v |\n| ---- | --: |\n| Perú |   1 |\n")])
    }

    @Test func datasetTablesDescribeAndCountries() throws {
        let lua = try state()
        let out = try lua.run("""
            local names = hemi.tables()
            local has = false
            for _, n in ipairs(names) do if n == "us_trade" then has = true end end
            local mex = hemi.table("us_trade"):filter("iso3 == 'MEX' and year == 2023"):first()
            return has, mex.us_exports_usd_mn - mex.us_imports_usd_mn == mex.us_balance_usd_mn or
                   math.abs(mex.us_exports_usd_mn - mex.us_imports_usd_mn - mex.us_balance_usd_mn) < 0.11,
                   hemi.country("perú").iso3, hemi.country("BRASIL") and hemi.country("BRASIL").iso3 or hemi.country("brazil").iso3,
                   hemi.source("us_trade").publisher ~= nil
            """, chunkName: "=t")
        #expect(out == [.boolean(true), .boolean(true), .string("PER"), .string("BRA"), .boolean(true)])
    }

    @Test("errors name the method, the argument and what was expected", arguments: [
        ("hemi.from_rows{{a=1}}:sort(1)", "bad argument #1 to 'sort' (sort key expected, got number)"),
        ("hemi.from_rows{{a=1}}:limit('x')", "bad argument #1 to 'limit' (row count expected, got string)"),
        ("hemi.from_rows{{a=1}}:derive{ b = 'a +' }:count()", "expression ends too early"),
        ("hemi.from_rows{{a=1}}:filter('b > 1'):count()", "unknown column \"b\""),
        ("hemi.from_rows{{a=1}}.filter('a')", "calling 'filter' on bad self (hemi.Query expected, got string)"),
        ("hemi.table('trade_us')", "trade_us"),
        ("hemi.from_rows{{a=1}}:lag('a')", "field 'order' is required"),
        ("hemi.from_rows{{a=1}}:join(hemi.from_rows{{b=1}}, 'a'):count()", "join: no column \"a\" in the right table"),
    ])
    func errors(chunk: String, fragment: String) throws {
        let lua = try state()
        do throws(LuaError) {
            try lua.run(chunk, chunkName: "=t")
            Issue.record("no error for \(chunk)")
        } catch {
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }
}
