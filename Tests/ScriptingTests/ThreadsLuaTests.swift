import Testing
@testable import LuaBridge
@testable import QueryEngine
@testable import Scripting

/// hemi.set_threads and hemi.threads from Lua.
@Suite(.serialized) struct ThreadsLuaTests {
    func state() throws -> LuaState {
        let lua = try LuaState()
        HemiRuntime.install(into: lua)
        return lua
    }

    @Test func setThreadsChecksItsArgument() throws {
        let lua = try state()
        let old = Parallelism.threads
        defer { Parallelism.threads = old }
        let out = try lua.run("""
            local before = hemi.set_threads(3)
            local now = hemi.threads()
            local ok, e = pcall(hemi.set_threads, 0)
            return now, ok, e
            """, chunkName: "=t")
        #expect(out == [.integer(3), .boolean(false), .string("bad argument #1 to 'set_threads' (a thread count from 1 to 256 expected, got 0)")])
    }
}
