import Testing
@testable import LuaBridge
@testable import Scripting

/// A query method's error starts with the position of the user's line that called it, as Lua's
/// own functions' errors do, also when the host's embedded Lua made the call for the user
/// (q:derive with Lua functions runs scripting/row_functions.lua); an engine error keeps its
/// caret display under the first line.
@Suite struct ErrorPositionLuaTests {
    static func message(_ code: String) throws -> String {
        let lua = try LuaState()
        HemiRuntime.install(into: lua)
        do { try lua.run("local q = hemi.from_rows{ { year = 2023, x = 2 } }\n" + code, chunkName: "=script"); return "no error" }
        catch { return error.message }
    }

    @Test func anEngineErrorKeepsItsCaretBelowThePosition() throws {
        let m = try Self.message("\nq:filter(\"yeer == 1\")")
        #expect(m.hasPrefix("script:3: unknown column \"yeer\" (did you mean year?)\n  yeer == 1\n  ^\nstack traceback:"), "\(m)")
    }

    @Test func aBadArgumentNamesTheLine() throws {
        let m = try Self.message("local x = 1\nq:sort({})")
        #expect(m.hasPrefix("script:3: bad argument #1 to 'sort' ("), "\(m)")
        let grouped = try Self.message("local g = q:group('year')\ng:agg('x')")
        #expect(grouped.hasPrefix("script:3: bad argument #1 to 'agg' (table of name = expression expected, got string)"), "\(grouped)")
    }

    @Test func theHostsLuaPathNamesTheUsersLine() throws {
        // derive with a function goes through scripting/row_functions.lua, which calls derive
        // again with the strings: the error names the user's line, not the host's.
        let m = try Self.message("\n\nq:derive{ y = \"yeer + 1\", z = function(row) return 1 end }")
        #expect(m.hasPrefix("script:4: unknown column \"yeer\" (did you mean year?)\n  yeer + 1\n  ^"), "\(m)")
        #expect(!m.hasPrefix("scripting/"), "\(m)")
    }

    @Test func calledThroughPcallAsLuaDoes() throws {
        let lua = try LuaState()
        HemiRuntime.install(into: lua)
        let out = try lua.run("""
            local q = hemi.from_rows{ { x = 1 } }
            return select(2, pcall(q.sort, q, {})), select(2, pcall(function() q:sort({}) end))
            """, chunkName: "=script")
        #expect(out[0].stringValue?.hasPrefix("bad argument #1 to 'sort'") == true, "\(out)")
        #expect(out[1].stringValue?.hasPrefix("script:2: bad argument #1 to 'sort'") == true, "\(out)")
    }
}
