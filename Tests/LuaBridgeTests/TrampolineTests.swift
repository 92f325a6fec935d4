// The C trampoline every Swift function goes through (clua.c): in a plugin's state it lifts the
// memory cap around the Swift function, puts it back, and fails a result that went over the
// cap; in the user's state it only calls. The state's record is taken from the function when it
// was pushed, so these check that it is the right one wherever the function is called from.

import Testing
@testable import LuaBridge

@Suite struct TrampolineTests {
    /// `t.big(n)` returns a string of n bytes; `t.plain()` fails with `.error`; `t.one()` returns 1.
    static func register(_ lua: LuaState) {
        lua.register("big", in: "t") { call in
            call.push(.string(String(repeating: "x", count: Int(call.integer(1)))))
            return .results(1)
        }
        lua.register("plain", in: "t") { _ in .error("plain failure") }
        lua.register("one", in: "t") { call in call.pushInteger(1); return .results(1) }
    }

    static func outcome(_ lua: LuaState, _ code: String) -> [LuaValue] {
        do { return try lua.run(code, chunkName: "=user") }
        catch { return [.string(String(error.message.prefix { $0 != "\n" }))] }
    }

    @Test func aResultOverThePluginsCapFailsAsItReturns() throws {
        let lua = try LuaState.sandbox(memoryLimit: 4 << 20)
        Self.register(lua)
        // Under the cap: handed over. Over it: the push itself succeeds (the cap is lifted for
        // the host's pushes) and the call fails as it returns, before the plugin holds it, with
        // Lua's memory error, which the plugin cannot catch (the sandbox's pcall hands it back).
        #expect(Self.outcome(lua, "return #t.big(1000)") == [.integer(1000)])
        #expect(Self.outcome(lua, "return #t.big(5 * 1024 * 1024)") == [.string("not enough memory")])
        #expect(Self.outcome(lua, "return pcall(t.big, 5 * 1024 * 1024)") == [.string("not enough memory")])
        // The result was garbage once refused: the state goes on within its cap.
        #expect(Self.outcome(lua, "return t.one() + 1, #t.big(1000)") == [.integer(2), .integer(1000)])
    }

    @Test func aSandboxedErrorNamesTheUsersLineFromACoroutineToo() throws {
        let lua = try LuaState.sandbox(memoryLimit: 4 << 20)
        Self.register(lua)
        #expect(Self.outcome(lua, "\nt.plain()") == [.string("user:2: plain failure")])
        // A coroutine is another thread of the same state: the same record, the same cap.
        #expect(Self.outcome(lua, """
            local co = coroutine.create(function() t.plain() end)
            return coroutine.resume(co)
            """) == [.boolean(false), .string("user:1: plain failure")])
        #expect(Self.outcome(lua, """
            local co = coroutine.create(function() return t.one(), #t.big(5 * 1024 * 1024) end)
            return coroutine.resume(co)
            """) == [.boolean(false), .string("not enough memory")])
        #expect(Self.outcome(lua, "return t.one()") == [.integer(1)])
    }

    @Test func theUsersStateHasNoCapToLift() throws {
        let lua = try LuaState()
        Self.register(lua)
        #expect(Self.outcome(lua, "return #t.big(5 * 1024 * 1024)") == [.integer(5 << 20)])
        #expect(Self.outcome(lua, "\n\nt.plain()") == [.string("user:3: plain failure")])
        #expect(Self.outcome(lua, "local co = coroutine.wrap(function() return t.one() end) return co()") == [.integer(1)])
    }
}
