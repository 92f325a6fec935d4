// Where a Swift function's error says it happened: as Lua's own library functions do
// (luaL_argerror → luaL_where(L, 1)), the message starts with the position of the Lua code that
// called it — `(command line):1: bad argument #1 to 'rep' (…)` — and the host's own embedded Lua
// (a LuaChunk) is passed over, so the position is the user's line. Each case is compared with
// what lua5.4's string.rep gives called the same way, in the same state.

import Testing
@testable import LuaBridge

@Suite struct ErrorPositionTests {
    struct Failure: Error, CustomStringConvertible { var description: String { "number expected, got nothing useful" } }

    /// A state with `t.f` (throws a bad argument), `t.engine` (throws a two-line error, as an
    /// engine error with its caret), `t.raw` (raises the value on the stack unchanged) and
    /// `t.plain` (returns `.error` itself, as a native without the adapter).
    static func state() throws -> LuaState {
        let lua = try LuaState()
        lua.register("f", in: "t", LuaCall.throwing { call in
            throw LuaArgumentError(1, to: "f", "number expected, got \(call.typeName(1))")
        })
        lua.register("engine", in: "t", LuaCall.throwing { _ in throw Failure() })
        lua.register("raw", in: "t", LuaCall.throwing { call in call.push(.string("as is")); throw LuaRaised() })
        lua.register("plain", in: "t") { _ in .error("plain failure") }
        return lua
    }

    static func error(_ lua: LuaState, _ code: String, chunk: String = "=user") -> String {
        do { try lua.run(code, chunkName: chunk); return "no error" }
        catch { return String(error.message.prefix { $0 != "\n" }) }
    }

    @Test func aBadArgumentNamesTheCallingLine() throws {
        let lua = try Self.state()
        #expect(Self.error(lua, "local x = 1\n\nt.f()") == "user:3: bad argument #1 to 'f' (number expected, got no value)")
        #expect(Self.error(lua, "local x = 1\n\nstring.rep()") == "user:3: bad argument #1 to 'rep' (string expected, got no value)")
        #expect(Self.error(lua, "t.engine()", chunk: "@script.lua") == "script.lua:1: number expected, got nothing useful")
        #expect(Self.error(lua, "\nt.plain()") == "user:2: plain failure")
        // Inside a function, a method, a tail call: the line of the call, as Lua's own.
        #expect(Self.error(lua, "local function g()\n  return t.f(1)\nend\ng()") == "user:2: bad argument #1 to 'f' (number expected, got number)")
        #expect(Self.error(lua, "local function g()\n  return string.rep()\nend\ng()") == "user:2: bad argument #1 to 'rep' (string expected, got no value)")
    }

    @Test func calledFromCTheMessageHasNoPositionAsInLua() throws {
        let lua = try Self.state()
        let ours = try lua.run("local ok, e = pcall(t.f) return e", chunkName: "=user")
        let luas = try lua.run("local ok, e = pcall(string.rep) return e", chunkName: "=user")
        #expect(ours == [.string("bad argument #1 to 'f' (number expected, got no value)")])
        #expect(luas == [.string("bad argument #1 to 'string.rep' (string expected, got no value)")])
    }

    @Test func aRaisedValueGoesOnUnchanged() throws {
        let lua = try Self.state()
        #expect(try lua.run("return select(2, pcall(function() t.raw() end))", chunkName: "=user") == [.string("as is")])
    }

    @Test func theHostsEmbeddedLuaIsPassedOver() throws {
        let lua = try Self.state()
        // A helper of the host's that calls the native for the user (as plugin_loader.lua's
        // api.* and row_functions.lua do), handed to the user's code as a global here.
        try lua.run(LuaChunk(name: "host/helper.lua", source: """
            local f = t.f
            local function inner(x)
              f(x)
            end
            function helper(x)
              inner(x)
              return 1
            end
            """))
        #expect(Self.error(lua, "\n\nhelper({})") == "user:3: bad argument #1 to 'f' (number expected, got table)")
        // With no frame of the user's (the host ran its own chunk from Swift), no position, as
        // when C calls it: the host's line means nothing to the user (the traceback has it).
        #expect(throws: LuaError.self) { try lua.run(LuaChunk(name: "host/direct.lua", source: "\nt.f()")) }
        do { try lua.run(LuaChunk(name: "host/direct.lua", source: "\nt.f()")) } catch {
            #expect(error.message.hasPrefix("bad argument #1 to 'f' (number expected, got no value)\nstack traceback:"), "\(error.message)")
            #expect(error.message.contains("\thost/direct.lua:2: in main chunk"), "\(error.message)")
        }
        // Called by the host's Lua inside a native the user called (hemi.check runs the claims'
        // Lua): the user's line that called the outer native.
        lua.register("outer", in: "t", LuaCall.throwing { call in
            try call.state.run(LuaChunk(name: "host/inner.lua", source: "t.f()"))
            return .results(0)
        })
        let nested = Self.error(lua, "\n\nt.outer()")
        #expect(nested == "user:3: bad argument #1 to 'f' (number expected, got no value)", "\(nested)")
    }
}
