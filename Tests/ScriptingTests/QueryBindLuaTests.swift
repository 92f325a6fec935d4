import Testing
@testable import LuaBridge
@testable import QueryEngine
@testable import Scripting

/// From Lua: a verb fails on the line that calls it (with the caret), values reach expressions
/// as bound parameters typed from the Lua value, and the new window functions are verbs.
@Suite(.serialized) struct QueryBindLuaTests {
    func state() throws -> LuaState {
        let lua = try LuaState()
        HemiRuntime.install(into: lua)
        return lua
    }

    static let rows = """
        local t = hemi.from_rows({
          { iso3 = "MEX", year = 2015, x = 1.5, ok = true,  name = "it's \\"México\\"" },
          { iso3 = "MEX", year = 2023, x = 2.5, ok = false, name = "plain" },
          { iso3 = "PER", year = 2023, x = nil, ok = true,  name = "Perú" },
        }, { columns = { "iso3", "year", "x", "ok", "name" } })
        """

    @Test func aVerbFailsOnTheLineThatCallsItWithTheCaret() throws {
        let lua = try state()
        for call in ["filter(\"yeer == 2023\")", "derive{ d = \"yeer + 1\" }", "sort(\"yeer desc\")", "select{ y = \"yeer\" }",
                     "group(\"iso3\"):agg{ s = \"sum(yeer)\" }", "agg{ s = \"sum(yeer)\" }", "top(1, \"yeer\")",
                     "lag(\"yeer\", { order = \"year\" })", "rank(\"yeer desc\")"] {
            do {
                try lua.run(Self.rows + "\nlocal q = t:\(call)\nerror('not raised at the verb')", chunkName: "=script")
                Issue.record("\(call): no error")
            } catch {
                #expect(error.message.hasPrefix("script:6: unknown column \"yeer\" (did you mean year?)\n"), "\(call): the position of the call, then the message: \(error.message)")
                #expect(error.message.contains("yeer"), "\(call)")
                #expect(error.message.contains("^"), "\(call)")
                #expect(error.message.contains("script:6: in main chunk"), "\(call): the traceback names the line: \(error.message)")
            }
        }
    }

    @Test func boundParametersOfEveryLuaType() throws {
        let lua = try state()
        let out = try lua.run(Self.rows + """

            local function n(q) return q:count() end
            return n(t:filter("iso3 == :c and year >= :y", { c = "MEX", y = 2015 })),
                   n(t:filter("name == :n", { n = 'it\\'s "México"' })),
                   n(t:filter("x > :v", { v = 2 })),
                   n(t:filter("ok == :b", { b = false })),
                   n(t:filter("x == :missing or x is nil", {})),
                   n(t:filter("year == :y", { y = 2023.0 })),
                   t:derive({ z = "x * :k" }, { params = { k = 2 } }):column("z")[2]
            """, chunkName: "=t")
        #expect(out == [.integer(2), .integer(1), .integer(1), .integer(1), .integer(1), .integer(2), .number(5)])
        let errors: [(String, String)] = [
            ("t:filter('year == :y', { y = {} })", "bad argument #2 to 'filter' (parameter 'y': string, number or boolean expected, got table)"),
            ("t:filter('year == :y', 2023)", "bad argument #2 to 'filter' (table of parameters (e.g. { y = 2023 }) expected, got number)"),
            ("t:filter('year == :y', { 2023 })", "bad argument #2 to 'filter' (parameters are named (e.g. { y = 2023 }), not a list)"),
            ("t:filter('year == :y', { y = 1, z = 2 })", "filter: parameter 'z' is given but no expression has :z"),
            ("t:filter('year == :y')", "parameter :y has no value"),
            ("t:filter('iso3 == :c', { c = 5 })", "cannot compare string with integer using '=='"),
        ]
        for (code, message) in errors {
            do { try lua.run(Self.rows + "\n" + code, chunkName: "=t"); Issue.record("\(code): no error") }
            catch { #expect(error.message.contains(message), "\(code): \(error.message)") }
        }
    }

    @Test func percentRankNtileAndZscoreFromLua() throws {
        let lua = try state()
        let out = try lua.run(Self.rows + """

            local p = t:percent_rank("x", { as = "p" }):column("p")
            local n = t:ntile("year", { n = 2 }):column("ntile")
            local z = t:zscore("x", { by = "iso3" }):column("x_zscore")
            return p[1], p[2], p[3], n[1], n[2], n[3], z[1], z[2], z[3]
            """, chunkName: "=t")
        let half = 1 / 2.0.squareRoot()
        #expect(out == [.number(0), .number(1), .nil, .integer(1), .integer(1), .integer(2), .number(-half), .number(half), .nil])
        do { try lua.run(Self.rows + "\nt:ntile('year')", chunkName: "=t"); Issue.record("no error") }
        catch { #expect(error.message.contains("field 'n' is required"), "\(error.message)") }
    }
}
