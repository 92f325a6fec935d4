import CLua

// Memory that Lua objects hold outside Lua's heap is invisible to its collector, which paces
// itself by what Lua allocates. A query object is a userdata of some 50 bytes holding its
// materialised result (a filter over 1M rows: ~15 MB), so a script running queries in a loop
// dropped hundreds of results before a collection came (Benchmarks/rowfunc: resident memory
// grew by 600 MB over 40 `t:filter(…):count()`, each result written into fresh pages: 3,700
// page faults a query, 47 % of its CPU in the kernel). `collectorOwes(bytes:)` tells the
// collector as Lua counts an allocation of that size: `collectgarbage("step", kb)`, i.e.
// lua_gc(LUA_GCSTEP), which Swift cannot call directly (it is variadic). The base library's
// own function is kept in the registry when the state opens, so a script that replaces the
// global changes nothing; a sandboxed state (no such function at start) does without.

extension LuaState {
    /// [-0, +0] Keeps the base library's `collectgarbage` by reference (called once the
    /// standard libraries are open, when `_G` has no metatable yet).
    func keepCollector() {
        uncapped {
            clua_pushglobaltable(L)                        // [+1] _G
            lua_pushstring(L, "collectgarbage")            // [+1]
            lua_rawget(L, -2)                              // [-1, +1] f
            if lua_type(L, -1) == LUA_TFUNCTION {
                collector = luaL_ref(L, clua_registryindex())   // [-1]
            } else {
                clua_pop(L, 1)                             // [-1]
            }
            clua_pop(L, 1)                                 // [-1] _G
        }
    }

    /// [-0, +0] Tells the collector that a Lua object now holds `bytes` outside Lua's heap
    /// (a step of that many bytes' worth: in generational mode a young collection, in
    /// incremental mode work in proportion), so garbage objects holding such memory are
    /// collected, and their memory freed, at the pace Lua keeps for its own allocations.
    /// Under 1 KB, and in a state without the function, it does nothing. An error in the step
    /// (a finalizer's, or Ctrl-C's, which stays pending) is left to the next call to raise.
    public func collectorOwes(bytes: Int) {
        guard let collector, bytes >= 1024 else { return }
        let kb = Int64(min(bytes / 1024, Int(Int32.max)))
        _ = try? call(reference: collector, args: [.string("step"), .integer(kb)]) { _, _ in () }
    }
}
