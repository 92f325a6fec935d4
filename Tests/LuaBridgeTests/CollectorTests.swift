import Testing
@testable import LuaBridge

/// LuaState.collectorOwes: memory held outside Lua's heap counts as an allocation of that size,
/// so a garbage object is collected (and its finalizer run) without waiting for Lua's own
/// allocations to reach the collector's pace.
@Suite(.serialized) struct CollectorTests {
    /// A state with one garbage object whose finalizer sets the global `gone`, made right
    /// after a full collection, so nothing collects it on its own.
    func stateWithGarbage(generational: Bool) throws -> LuaState {
        let lua = try LuaState()
        if generational { lua.useGenerationalCollector() }
        try lua.run("""
            collectgarbage()
            local g = setmetatable({}, { __gc = function() gone = true end })
            g = nil
            """, chunkName: "=t")
        return lua
    }

    @Test(arguments: [true, false]) func owedMemoryCollectsGarbage(generational: Bool) throws {
        let lua = try stateWithGarbage(generational: generational)
        #expect(lua.global("gone") == .nil)   // not collected yet: the test means something
        lua.collectorOwes(bytes: 1 << 20)
        #expect(lua.global("gone") == .boolean(true))
        #expect(lua.top == 0)
    }

    @Test func aReplacedCollectgarbageChangesNothing() throws {
        let lua = try stateWithGarbage(generational: true)
        try lua.run("collectgarbage = function() error('replaced') end", chunkName: "=t")
        lua.collectorOwes(bytes: 1 << 20)
        #expect(lua.global("gone") == .boolean(true))
        #expect(lua.top == 0)
    }

    @Test func aSandboxedStateDoesWithout() throws {
        let lua = try LuaState.sandbox(memoryLimit: 8 << 20)
        lua.collectorOwes(bytes: 1 << 20)
        #expect(lua.top == 0)
    }
}
