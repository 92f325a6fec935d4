// The sandbox's pattern functions (clua_match.c) against the library's own: the same results
// and the same errors on thousands of generated patterns and subjects, and a bound on their
// work that the library's lack.

import Testing
import Foundation
@testable import LuaBridge

@Suite struct BoundedPatternTests {
    /// A state with the standard library and the bounded functions as `bounded`.
    func state() throws -> LuaState {
        let lua = try LuaState()
        lua.installBoundedPatternsForTests()
        return lua
    }

    @Test func sameResultsAndErrorsAsTheLibrary() throws {
        let lua = try state()
        let report = try lua.run("""
            math.randomseed(12345)
            local pieces = { "a", "b", "c", ".", "%a", "%d", "%s", "[ab]", "[^a]", "[a-c]", "%w", "(", ")", "()",
              "*", "+", "-", "?", "%b()", "%f[%a]", "%1", "x", "%%", "[%a_]", "%.", "1", "[", "]", "%", "%2", "%bxy", "%f" }
            local subjects = { "", "a", "aaab", "abcabc", "(a(b)c)", "hello world 123", "aaaaaaaaaa", "x1y2", "((()))",
              "a.b.c", "xyxxyy", "\\0a\\0b" }
            local function pattern()
              local t = {}
              if math.random() < 0.2 then t[1] = "^" end
              for i = 1, math.random(1, 6) do t[#t + 1] = pieces[math.random(#pieces)] end
              if math.random() < 0.2 then t[#t + 1] = "$" end
              return table.concat(t)
            end
            local function show(r)
              local out = {}
              for i = 1, r.n do out[i] = type(r[i]) .. ":" .. tostring(r[i]) end
              return table.concat(out, " ")
            end
            local function all(gm, s, p, init)
              local out = {}
              for a, b in gm(s, p, init) do
                out[#out + 1] = tostring(a) .. "," .. tostring(b)
                if #out > 50 then break end
              end
              return table.concat(out, ";")
            end
            local repl = { a = "A", b = false, ["1"] = 1 }
            local bad, checked = {}, 0
            local function compare(what, f, g, ...)
              local r1, r2 = table.pack(pcall(f, ...)), table.pack(pcall(g, ...))
              checked = checked + 1
              if show(r1) ~= show(r2) then
                bad[#bad + 1] = what .. " " .. string.format("%q", (select(2, ...))) .. ": library " .. show(r1) .. " / bounded " .. show(r2)
              end
            end
            for i = 1, 6000 do
              local s, p, init = subjects[math.random(#subjects)], pattern(), math.random(-4, 9)
              compare("find", string.find, bounded.find, s, p, init)
              compare("find plain", string.find, bounded.find, s, p, init, true)
              compare("match", string.match, bounded.match, s, p, init)
              compare("gsub", string.gsub, bounded.gsub, s, p, "<%0%1>")
              compare("gsub n", string.gsub, bounded.gsub, s, p, "[%%]", 2)
              compare("gsub fn", string.gsub, bounded.gsub, s, p, function(...) return select("#", ...) .. "" end)
              compare("gsub table", string.gsub, bounded.gsub, s, p, repl)
              compare("gmatch", function(...) return all(string.gmatch, ...) end, function(...) return all(bounded.gmatch, ...) end, s, p, init)
            end
            return checked, #bad, table.concat(bad, "\\n", 1, math.min(#bad, 8))
            """, chunkName: "=patterns")
        #expect(report.first == .integer(48000))
        #expect(report.dropFirst().first == .integer(0), "\(report.last?.stringValue ?? "")")
    }

    @Test func backtrackingIsBoundedWhereTheLibraryIsNot() throws {
        let lua = try state()
        // The issue's pattern: the library's matcher ran past 120 s on it. The bounded one
        // charges each step to the budget (or, without one, to a per-call bound).
        lua.setInstructionBudget(2_000_000)
        do {
            try lua.run("bounded.find(('a'):rep(30000), ('a*'):rep(8) .. 'b')", chunkName: "=t")
            Issue.record("no bound")
        } catch { #expect(error.message.contains("instruction budget exceeded")) }
        lua.setInstructionBudget(nil)
        // Linear work on long text is not refused.
        #expect(try lua.run("return (bounded.gsub(('a b  '):rep(100000), '%s+', ' '))", chunkName: "=t").first?.stringValue?.count == 400_000)
    }

    @Test func ctrlCStopsAMatch() throws {
        let lua = try state()
        // No budget and no hook: the match runs in C; Ctrl-C (here from another thread, as
        // the signal handler would) is seen by the matcher's own step counter.
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { LuaInterrupt.request() }
        defer { LuaInterrupt.clear() }
        do {
            try lua.run("return bounded.find(('a'):rep(30000), ('a*'):rep(8) .. 'b')", chunkName: "=t")
            Issue.record("not interrupted")
        } catch { #expect(error.message.contains("interrupted!"), "\(error.message)") }
    }
}
