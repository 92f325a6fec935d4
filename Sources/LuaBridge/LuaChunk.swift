import CLua

/// Lua source that ships inside the binary: a `.lua` file under `Sources/<Module>/Lua/`,
/// embedded at build time by EmbedLuaPlugin (the module's generated `EmbeddedLua` enum holds
/// one per file). `name` is the file's path below the module, `scripting/prelude.lua`; it is
/// the chunk name, so a traceback reads `scripting/prelude.lua:42: …`.
public struct LuaChunk: Sendable {
    public let name: String
    public let source: String
    public init(name: String, source: String) { self.name = name; self.source = source }
}

extension LuaState {
    /// [-0, +0] Runs an embedded chunk. `kept`: values stored earlier with `keepAs`, passed
    /// first (before `args`) as the chunk's `...` — how one embedded chunk hands a helper to
    /// another without a global. `keepAs`: stores the chunk's first result in the registry
    /// under that key, out of reach of scripts, for `callKept` and later `kept:`.
    @discardableResult
    public func run(_ chunk: LuaChunk, kept: [String] = [], args: [LuaValue] = [],
                    keepAs key: String? = nil) throws(LuaError) -> [LuaValue] {
        let base = lua_gettop(L)
        defer { lua_settop(L, base) }
        let status = load(chunk.source, chunkName: "=" + chunk.name)      // [-0, +1]
        if status != LUA_OK { throw LuaError.from(status: status, message: popString()) }
        clua_mark_host_chunk(L, "=" + chunk.name)   // its frames are not the user's (clua_where_user)
        for k in kept { pushKept(k) }                                       // [+1 each]
        for a in args { push(a) }
        let callStatus = clua_docall(L, Int32(kept.count + args.count), LUA_MULTRET)
        if callStatus != LUA_OK { throw LuaError.from(status: callStatus, message: popString()) }
        if let key {
            lua_pushstring(L, Self.keptPrefix + key)                        // [+1]
            if lua_gettop(L) > base + 1 { lua_pushvalue(L, base + 1) } else { lua_pushnil(L) }
            lua_rawset(L, clua_registryindex())                             // [-2]
        }
        return (base + 1 ..< lua_gettop(L) + 1).map { value(at: $0) }
    }

    /// [-0, +0] Calls the function kept under `key` (see `run(_:kept:args:keepAs:)`).
    @discardableResult
    public func callKept(_ key: String, args: [LuaValue] = []) throws(LuaError) -> [LuaValue] {
        let base = lua_gettop(L)
        defer { lua_settop(L, base) }
        pushKept(key)                                                        // [+1]
        for a in args { push(a) }
        let status = clua_docall(L, Int32(args.count), LUA_MULTRET)
        if status != LUA_OK { throw LuaError.from(status: status, message: popString()) }
        return (base + 1 ..< lua_gettop(L) + 1).map { value(at: $0) }
    }

    /// [-0, +0] Whether a value is kept under `key`.
    public func hasKept(_ key: String) -> Bool {
        pushKept(key)                                                        // [+1]
        defer { clua_pop(L, 1) }
        return lua_type(L, -1) != LUA_TNIL
    }

    static let keptPrefix = "hemi.kept:"

    /// [-0, +1] The value kept under `key`, or nil.
    func pushKept(_ key: String) {
        lua_pushstring(L, Self.keptPrefix + key)
        lua_rawget(L, clua_registryindex())
    }
}

extension LuaCall {
    /// [-0, +(1 + leading)] Hands this call on to the function kept under `key`: it is called
    /// with `leading` and then this call's own arguments, by the trampoline once the Swift
    /// frame has returned (`.call`), so its results are this function's and its errors travel
    /// as Lua's own, traceback and all. How a Swift registration keeps one path in Lua
    /// (q:derive with Lua functions) without a wrapper around the registration. The stack
    /// must hold only the call's arguments (push nothing before).
    public func forward(toKept key: String, leading: [LuaValue] = []) -> LuaReturn {
        let L = state.L
        state.pushKept(key)                                                 // [+1]
        lua_rotate(L, 1, 1)                                                 // kept, args…
        for (k, v) in leading.enumerated() { state.push(v); lua_rotate(L, Int32(2 + k), 1) }   // kept, leading…, args…
        return .call
    }
}
