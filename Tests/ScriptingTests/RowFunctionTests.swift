import Testing
import Foundation
@testable import LuaBridge
@testable import QueryEngine
@testable import Scripting

/// q:filter(function(row) ... end): the loop in C (clua_filter_rows) must agree with the same
/// predicate as an expression on every column type and on nulls, hand the function only what
/// it reads while still showing every column, and fail, stop and recover the way Lua code does.
@Suite(.serialized) struct RowFunctionTests {
    func state() throws -> LuaState {
        let lua = try LuaState()
        HemiRuntime.install(into: lua)
        return lua
    }

    static let table = """
        local t = hemi.from_rows({
          { n = 1, x = 1.5, s = "Perú", b = true,  d = "2020-01-31" },
          { n = 2, x = nil, s = "",     b = false, d = nil },
          { n = 3, x = 7.0, s = nil,    b = nil,   d = "2023-06-01" },
          { n = nil, x = -2, s = "São Paulo", b = true, d = "2023-06-01" },
        }, { columns = { "n", "x", "s", "b", "d" }, types = { d = "date" } })
        """

    @Test func agreesWithExpressionsOnEveryTypeAndOnNulls() throws {
        let lua = try state()
        let pairs: [(String, String)] = [
            ("n is not nil and n >= 2", "function(r) return r.n ~= nil and r.n >= 2 end"),
            ("x is nil", "function(r) return r.x == nil end"),
            ("x > 0", "function(r) return r.x ~= nil and r.x > 0 end"),
            ("s == \"Perú\" or s == \"\"", "function(r) return r.s == 'Perú' or r.s == '' end"),
            ("b", "function(r) return r.b end"),
            ("d >= \"2023-01-01\"", "function(r) return r.d ~= nil and r.d >= '2023-01-01' end"),
        ]
        for (expr, fn) in pairs {
            let out = try lua.run(Self.table + """
                local a = t:filter(\(fn))
                local e = t:filter([[\(expr)]])
                local ra, re = {}, {}
                for r in a:rows() do ra[#ra + 1] = tostring(r.n) .. "/" .. tostring(r.s) end
                for r in e:rows() do re[#re + 1] = tostring(r.n) .. "/" .. tostring(r.s) end
                return table.concat(ra, ","), table.concat(re, ","), a:schema()[5].type
                """, chunkName: "=t")
            #expect(out[0] == out[1], "\(fn) against \(expr)")
            #expect(out[2] == .string("date"), "the kept rows keep their types")
        }
    }

    @Test func theRowShowsEveryColumnAndIsReused() throws {
        let lua = try state()
        let out = try lua.run(Self.table + """
            local seen, keys = {}, {}
            t:filter(function(r)
              seen[#seen + 1] = r
              if #keys == 0 then for k in pairs(r) do keys[#keys + 1] = k end end
              return true
            end)
            table.sort(keys)
            local late = t:filter(function(r) if r.n == 3 then return r.s == nil and r.x == 7 end return false end):count()
            return table.concat(keys, " "), seen[1] == seen[4], late, tostring(getmetatable(seen[1]).__name)
            """, chunkName: "=t")
        #expect(out == [.string("b d n s x"), .boolean(true), .integer(1), .string("hemi.Row")])
    }

    @Test func errorsArriveWithTheirPositionAndTheStateStaysUsable() throws {
        let lua = try state()
        let before = lua.top
        #expect { try lua.run(Self.table + "\nt:filter(function(r) if r.n == 3 then error('no three') end return true end)", chunkName: "=t") } throws: { e in
            let m = (e as? LuaError)?.message ?? ""
            return m.hasPrefix("t:7: no three") && m.components(separatedBy: "stack traceback").count == 2
        }
        #expect(lua.top == before)
        #expect { try lua.run(Self.table + "\nt:filter(function(r) return r.s .. 1 end)", chunkName: "=t") } throws: { e in
            (e as? LuaError)?.message.contains("attempt to concatenate a nil value (field 's')") == true
        }
        #expect(try lua.run("return hemi.from_rows{ {a = 1} }:filter(function(r) return r.a == 1 end):count()", chunkName: "=t") == [.integer(1)])
    }

    /// The interrupt flag is process-wide: run with `swift test --no-parallel` (as make test does).
    @Test func anInterruptStopsTheLoop() throws {
        let lua = try state()
        Thread.detachNewThread { usleep(50_000); LuaInterrupt.request() }
        #expect { try lua.run("""
            local rows = {}
            for i = 1, 1000 do rows[i] = { i = i } end
            local t = hemi.from_rows(rows)
            while true do t:filter(function(r) while true do end end) end
            """, chunkName: "=t") } throws: { e in
            if case LuaError.interrupted = e { return true }; return false
        }
        LuaInterrupt.clear()
        #expect(try lua.run("return 1", chunkName: "=t") == [.integer(1)])
    }

    /// pairs(row) iterates with the base library's next, not with whatever a script has put
    /// in the global `next` (the C side once looked it up with lua_getglobal).
    @Test func pairsOfARowIgnoresAReplacedGlobalNext() throws {
        let lua = try state()
        let out = try lua.run(Self.table + """

            local real = next
            next = function() error("hijacked next") end
            local seen = 0
            local n = t:filter(function(r) for _ in pairs(r) do seen = seen + 1 end return true end):count()
            next = real
            return n, seen
            """, chunkName: "=t")
        #expect(out == [.integer(4), .integer(15)], "the non-null cells of the four rows")
    }

    @Test func worksInsideACoroutineAndOnEmptyTables() throws {
        let lua = try state()
        let out = try lua.run("""
            local t = hemi.from_rows{ {a = 1}, {a = 2}, {a = 3} }
            local co = coroutine.wrap(function() return t:filter(function(r) return r.a ~= 2 end):count() end)
            return co(), t:filter("a > 5"):filter(function(r) return true end):count()
            """, chunkName: "=t")
        #expect(out == [.integer(2), .integer(0)])
    }
}
