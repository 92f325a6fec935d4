import CLua

// What the plugin host needs of a state beyond running chunks: a sandboxed state of its own
// (clua_open_sandbox), functions kept in the registry by reference, and protected calls whose
// results Swift reads on the stack (a query a plugin returns is a userdata there).

extension LuaState {
    /// A state holding only the plugin standard library (clua_sandbox.c), capped at
    /// `memoryLimit` bytes in all.
    public static func sandbox(memoryLimit: Int) throws(LuaError) -> LuaState {
        let lua = try LuaState(memoryLimit: memoryLimit, openLibraries: false)
        let status = clua_open_sandbox(lua.L)      // [-0, +1] nil or the message
        let message = lua.popString()              // [-1, +0]
        if status != LUA_OK { lua.close(); throw LuaError.from(status: status, message: message) }
        return lua
    }

    /// [-n, +0]
    public func pop(_ n: Int32 = 1) { clua_pop(L, n) }
    /// [-0, +1] Pushes a copy of the value at `index` (the same Lua object).
    public func pushValue(at index: Int32) { lua_pushvalue(L, index) }

    /// Runs `body` (which pushes values from Swift) with a sandboxed state's memory cap lifted,
    /// so no allocation can fail across Swift frames; Lua code it calls runs capped.
    public func uncapped<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        clua_lift_cap(L)
        defer { clua_unlift_cap(L) }
        return try body()
    }

    /// [-0, +0] Sets `__metatable` on the metatable of the value at `index`, so getmetatable
    /// returns `name` instead of the table and setmetatable refuses to replace it.
    public func protectMetatable(ofValueAt index: Int32, as name: String) {
        guard lua_getmetatable(L, index) != 0 else { return }   // [+1] mt
        lua_pushstring(L, "__metatable"); lua_pushstring(L, name)
        lua_rawset(L, -3)
        clua_pop(L, 1)
    }

    /// [-0, +0] Sets the global `bounded` to the sandbox's pattern functions (find, match,
    /// gmatch, gsub of clua_match.c), for tests that compare them with the library's.
    func installBoundedPatternsForTests() { clua_open_bounded_patterns_for_tests(L) }

    /// Whether the budget ran out during the current call (it cannot be caught inside).
    public var budgetTripped: Bool { clua_is_tripped(L) != 0 }

    /// Installs the host's answer to "has a limit outside the state been passed during the
    /// current call?" (clua_set_fatal_probe): when it says yes, protected calls in sandboxed
    /// states hand errors back instead of catching them, as for the state's own budget.
    public static func setFatalProbe(_ probe: @convention(c) () -> Int32) { clua_set_fatal_probe(probe) }

    /// [-1, +0] Pops the value on top into the registry; returns its reference.
    public func popReference() -> Int32 { luaL_ref(L, clua_registryindex()) }
    /// [-0, +0] Frees a reference made by `popReference`.
    func release(reference: Int32) { luaL_unref(L, clua_registryindex(), reference) }

    /// [-0, +0] Calls the function held by `reference` with `args`, protected, with the
    /// traceback handler (which in a sandboxed state reads the error without running its
    /// metamethods). `body` reads the results at stack slots `first ..< first + count`; they
    /// are popped afterwards.
    public func call<R>(reference: Int32, args: [LuaValue], _ body: (_ first: Int32, _ count: Int32) -> R) throws(LuaError) -> R {
        let base = lua_gettop(L)
        clua_lift_cap(L)
        lua_rawgeti(L, clua_registryindex(), lua_Integer(reference))   // [+1] f
        for a in args { push(a) }                                      // [+n]
        clua_unlift_cap(L)
        let status = clua_docall(L, Int32(args.count), LUA_MULTRET)    // [-(n+1), +r]
        if status != LUA_OK { throw LuaError.from(status: status, message: popString()) }
        defer { lua_settop(L, base) }
        return body(base + 1, lua_gettop(L) - base)
    }
}

extension LuaState {
    /// [-0, +0] Copies the value at `index` like `value(at:)`, but refuses (nil) a table nested
    /// deeper than `maxDepth` or holding more than `maxEntries` entries in all: a value from a
    /// plugin may be built to exhaust the copier's stack or the host's memory.
    public func boundedValue(at index: Int32, maxDepth: Int = 100, maxEntries: Int = 5_000_000) -> LuaValue? {
        var seen: Set<UnsafeRawPointer> = []
        var budget = maxEntries
        return boundedValue(at: lua_absindex(L, index), depth: maxDepth, entries: &budget, seen: &seen)
    }

    private func boundedValue(at i: Int32, depth: Int, entries: inout Int, seen: inout Set<UnsafeRawPointer>) -> LuaValue? {
        guard lua_type(L, i) == LUA_TTABLE else { return value(at: i) }
        guard depth > 0, lua_checkstack(L, 3) != 0 else { return nil }
        let ptr = lua_topointer(L, i)!
        if seen.contains(ptr) { return .cycle }
        seen.insert(ptr)
        defer { seen.remove(ptr) }
        var out: [LuaTableEntry] = []
        lua_pushnil(L)
        while lua_next(L, i) != 0 {                       // [-1, +2]
            entries -= 1
            guard entries >= 0,
                  let k = boundedValue(at: lua_gettop(L) - 1, depth: depth - 1, entries: &entries, seen: &seen),
                  let v = boundedValue(at: lua_gettop(L), depth: depth - 1, entries: &entries, seen: &seen) else {
                clua_pop(L, 2)
                return nil
            }
            out.append(LuaTableEntry(key: k, value: v))
            clua_pop(L, 1)
        }
        return .table(out)
    }
}
