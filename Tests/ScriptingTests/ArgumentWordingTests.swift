// One wording for a bad argument (LuaArgumentError, raised through LuaCall.throwing): every
// query method given a wrong type reads as lua5.4's own luaL_argerror reads for a built-in
// called the same way — `("x"):rep({})` gives "bad argument #1 to 'rep' (number expected,
// got table)". The built-in's message is taken from the same Lua (the real liblua5.4), called
// from the same line: both start with that line's position (`test:3: `), compared apart.

import Testing
@testable import LuaBridge
@testable import Scripting

@Suite struct ArgumentWordingTests {
    /// Lua's message for `code`, and ours for `ours`, both called from line 3 of Lua code in
    /// pcall, without their position; each position must be that line's (`test:3: `).
    static func messages(_ builtin: String, _ ours: String,
                         sourceLocation: SourceLocation = #_sourceLocation) throws -> (lua: String, hemi: String) {
        let lua = try LuaState()
        HemiRuntime.install(into: lua)
        let out = try lua.run("""
            local q = hemi.from_rows{ { year = 2023, x = 2, name = "a" } }
            local function message(f) local ok, e = pcall(f); assert(not ok); return tostring(e) end
            return message(function() return \(builtin) end), message(function() return \(ours) end)
            """, chunkName: "=test")
        let (builtinMessage, ourMessage) = (out[0].stringValue ?? "", out[1].stringValue ?? "")
        #expect(builtinMessage.hasPrefix("test:3: "), "\(builtin): \(builtinMessage)", sourceLocation: sourceLocation)
        #expect(ourMessage.hasPrefix("test:3: "), "the caller's position, as Lua's: \(ours): \(ourMessage)", sourceLocation: sourceLocation)
        return (String(builtinMessage.dropFirst(8)), String(ourMessage.dropFirst(8)))
    }

    /// "bad argument #N to 'NAME' (WHAT expected, got TYPE)" split into its parts.
    static func parts(_ message: String) -> (position: String, function: String, got: String)? {
        guard message.hasPrefix("bad argument #"), let to = message.range(of: " to '"),
              let close = message.range(of: "' (", range: to.upperBound..<message.endIndex),
              message.hasSuffix(")"), let got = message.range(of: " expected, got ", options: .backwards) else { return nil }
        let position = String(message[message.index(message.startIndex, offsetBy: 14)..<to.lowerBound])
        return (position, String(message[to.upperBound..<close.lowerBound]), String(message[got.upperBound...].dropLast()))
    }

    @Test("each query method's bad argument reads as lua5.4's", arguments: [
        // (ours, argument number, method, type given)
        ("q:filter({})", "1", "filter", "table"),
        ("q:filter('year == :y', 2023)", "2", "filter", "number"),
        ("q:select(true)", "1", "select", "boolean"),
        ("q:derive('x')", "1", "derive", "string"),
        ("q:derive({ y = 'x' }, 5)", "2", "derive", "number"),
        ("q:sort(true)", "1", "sort", "boolean"),
        ("q:limit({})", "1", "limit", "table"),
        ("q:limit(1, 'x')", "2", "limit", "string"),
        ("q:distinct(1)", "1", "distinct", "number"),
        ("q:agg(1)", "1", "agg", "number"),
        ("q:group(1)", "1", "group", "number"),
        ("q:group('year'):agg(1)", "1", "agg", "number"),
        ("q:join(1, 'year')", "1", "join", "number"),
        ("q:join(q, 1)", "2", "join", "number"),
        ("q:left_join(q, 'year', 1)", "3", "left_join", "number"),
        ("q:top('x', 'x')", "1", "top", "string"),
        ("q:top(1, {})", "2", "top", "table"),
        ("q:lag(1)", "1", "lag", "number"),
        ("q:rank('x desc', 1)", "2", "rank", "number"),
        ("q:show('x')", "1", "show", "string"),
        ("q:column(1)", "1", "column", "number"),
        ("q:value(1)", "1", "value", "number"),
        ("q:to_csv(1)", "1", "to_csv", "number"),
        ("q:bar(1)", "1", "bar", "number"),
        ("hemi.table(1)", "1", "table", "number"),
        ("hemi.from_rows(1)", "1", "from_rows", "number"),
        ("hemi.bar(1)", "1", "bar", "number"),
    ])
    func wording(ours: String, position: String, method: String, got: String) throws {
        let (lua, hemi) = try Self.messages("(\"x\"):rep({})", ours)
        #expect(lua == "bad argument #1 to 'rep' (number expected, got table)")
        let p = try #require(Self.parts(hemi), "\(ours): \(hemi)")
        #expect(p.position == position && p.function == method && p.got == got, "\(ours): \(hemi)")
    }

    @Test func aBadSelfReadsAsLuas() throws {
        let (lua, hemi) = try Self.messages("setmetatable({}, { __index = string }):rep(2)",
                                            "setmetatable({}, { __index = getmetatable(q).__index }):filter('x')")
        #expect(lua == "calling 'rep' on bad self (string expected, got table)")
        #expect(hemi == "calling 'filter' on bad self (hemi.Query expected, got table)")
    }

    @Test func aLuaCallbacksErrorValueGoesOnUnchanged() throws {
        let lua = try LuaState()
        HemiRuntime.install(into: lua)
        let out = try lua.run("""
            local q = hemi.from_rows{ { x = 1 }, { x = 2 } }
            local e1 = select(2, pcall(q.filter, q, function() error({ code = 1 }) end))
            local e2 = select(2, pcall(q.sort, q, function() error({ code = 2 }) end))
            local e3 = select(2, pcall(q.derive, q, { y = function() error({ code = 3 }) end }))
            return e1.code, e2.code, e3.code
            """, chunkName: "=test")
        #expect(out == [.integer(1), .integer(2), .integer(3)])
    }
}
