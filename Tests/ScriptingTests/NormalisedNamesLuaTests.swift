import Testing
@testable import LuaBridge
@testable import QueryEngine
@testable import Scripting

/// In Lua "\u{E9}" (NFC) and "e\u{301}" (NFD) are two keys; Hemi's column names compare as
/// Unicode text, so a table or a verb given both is refused with both spellings' code points
/// instead of keeping one column and dropping a value (ColumnNames). Lookup by the other
/// spelling keeps working.
@Suite(.serialized) struct NormalisedNamesLuaTests {
    static let clash = "columns \"\u{E9}\" (U+00E9) and \"e\u{301}\" (U+0065 U+0301) differ only in Unicode normalisation; "
        + "Hemi compares column names as Unicode text: rename one"

    func run(_ body: String) throws -> [LuaValue] {
        let lua = try LuaState()
        HemiRuntime.install(into: lua)
        return try lua.run("local nfc, nfd = \"\\u{E9}\", \"e\\u{301}\"\n" + body, chunkName: "=t")
    }

    func error(_ expression: String) throws -> String {
        let out = try run("local ok, e = pcall(function() return \(expression) end); return ok, tostring(e)")
        #expect(out.first == .boolean(false), "\(expression) did not fail")
        guard out.count == 2, case .string(let b) = out[1] else { return "?" }
        return String(decoding: b, as: UTF8.self)
    }

    /// One row with both keys (the regular list read in place), a later row with the other
    /// spelling (the same keys as before, and after a row of new keys), and a list with a hole
    /// (the general path from the start).
    @Test func fromRowsRefusesBothSpellings() throws {
        #expect(try error("hemi.from_rows{ { [nfc] = 1, [nfd] = 2 } }").hasSuffix("(row 1: " + Self.clash + ")"))
        #expect(try error("hemi.from_rows{ { [nfc] = 1 }, { [nfd] = 2 } }").hasSuffix("(row 2: " + Self.clash + ")"))
        #expect(try error("hemi.from_rows{ { [nfc] = 1, x = 1 }, { [nfc] = 2, x = 2 }, { [nfd] = 3, x = 3 } }")
                    .hasSuffix("(row 3: " + Self.clash + ")"))
        #expect(try error("hemi.from_rows({ { [nfc] = 1 } }, { columns = { nfc, nfd } })").hasSuffix("(table: " + Self.clash + ")"))
    }

    @Test func derivesSelectsAndAggregatesRefuseBothSpellings() throws {
        let t = "hemi.from_rows{ { [nfc] = 1, x = 2 } }"
        #expect(try error("\(t):derive{ [nfd] = \"x + 1\" }").hasSuffix("derive: " + Self.clash))
        #expect(try error("hemi.from_rows{ { x = 2 } }:derive{ [nfc] = \"x\", [nfd] = \"x + 1\" }").hasSuffix("derive: " + Self.clash))
        #expect(try error("\(t):select{ [nfc] = \"x\", [nfd] = \"x\" }").hasSuffix("table: " + Self.clash))
        // A rename to the other spelling beside the column itself.
        #expect(try error("\(t):select{ nfc, [nfd] = \"x\" }").hasSuffix("table: " + Self.clash))
        #expect(try error("\(t):agg{ [nfc] = \"sum(x)\", [nfd] = \"count()\" }").hasSuffix("table: " + Self.clash))
        #expect(try error("\(t):lag(\"x\", { order = \"x\", as = nfd })").hasSuffix("lag: " + Self.clash))
    }

    /// A derive with Lua functions rebuilds the query with from_rows; the refusal is still
    /// derive's, not an error of a from_rows the caller never wrote.
    @Test func deriveWithFunctionsRefusesBothSpellingsAsDerive() throws {
        let t = "hemi.from_rows{ { [nfc] = 1, x = 2 } }"
        #expect(try error("\(t):derive{ [nfd] = function(r) return 1 end }").hasSuffix(": derive: " + Self.clash))
        #expect(try error("hemi.from_rows{ { x = 2 } }:derive{ [nfc] = \"x\", [nfd] = function(r) return 1 end }")
                    .hasSuffix(": derive: " + Self.clash))
        #expect(try error("hemi.from_rows{ { x = 2 } }:derive{ [nfc] = function() return 0 end, [nfd] = function(r) return 1 end }")
                    .hasSuffix(": derive: " + Self.clash))
        let out = try run("return \(t):derive{ [nfc] = function(r) return r[nfc] + 5 end }:column(nfc)[1]")
        #expect(out == [.integer(6)])
    }

    /// Names are looked up as text; a derive in the column's own bytes replaces it as before.
    @Test func lookupByTheOtherSpellingWorks() throws {
        let out = try run("""
            local t = hemi.from_rows{ { [nfc] = 1, x = 2 } }
            local r = t:derive{ [nfc] = "x + 10" }:collect()[1]
            return t:select(nfd):column(nfd)[1], t:filter(nfd .. " == 1"):count(), r[nfc], #t:derive{ [nfc] = "x" }:columns()
            """)
        #expect(out == [.integer(1), .integer(1), .integer(12), .integer(2)])
    }
}
