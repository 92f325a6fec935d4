import CLua

/// A Swift class exposed to Lua as a full userdata with a named metatable: `__name` (so
/// errors and `tostring` read like Lua's own), `__index` with the class's methods, optional
/// `__tostring`/`__len`/`__call`, and `__gc` releasing the Swift object.
public struct LuaClass {
    public let name: String
    var methods: [String: LuaSwiftFunction]
    var metamethods: [String: LuaSwiftFunction]
    public init(name: String, methods: [String: LuaSwiftFunction], metamethods: [String: LuaSwiftFunction] = [:]) {
        self.name = name; self.methods = methods; self.metamethods = metamethods
    }
}

private func luaObjectRelease(_ context: UnsafeMutableRawPointer?) {
    Unmanaged<AnyObject>.fromOpaque(context!).release()
}

extension LuaState {
    /// [-0, +1] Pushes `object` as a userdata of the class named `className`. The metatable
    /// is built once per state, from `luaClass`, the first time an object of the class is
    /// pushed; later pushes do not evaluate `luaClass` (a class of many methods is costly to
    /// make: making it at every push was most of the time of building a query).
    public func pushObject(_ object: AnyObject, className: String, as luaClass: @autoclosure () -> LuaClass) {
        let context = Unmanaged.passRetained(object).toOpaque()
        if clua_pushobject(L, context, luaObjectRelease, className) != 0 {   // [+1] ud
            let cls = luaClass()
            precondition(cls.name == className, "pushObject: class \(cls.name) pushed as \(className)")
            lua_getmetatable(L, -1)                                       // [+1] mt
            lua_pushstring(L, "__index"); lua_createtable(L, 0, Int32(cls.methods.count))  // [+2]
            for (k, f) in cls.methods { lua_pushstring(L, k); pushFunction(f); lua_rawset(L, -3) }
            lua_rawset(L, -3)                                             // [-2] mt.__index = methods
            for (k, f) in cls.metamethods { lua_pushstring(L, k); pushFunction(f); lua_rawset(L, -3) }
            clua_pop(L, 1)                                                // [-1] mt
        }
    }

    /// [-0, +0] The object at `index` if it is a userdata of the class named `className`.
    public func object<T: AnyObject>(at index: Int32, className: String, as type: T.Type = T.self) -> T? {
        guard let p = clua_toobject(L, index, className) else { return nil }
        return Unmanaged<AnyObject>.fromOpaque(p).takeUnretainedValue() as? T
    }

    /// [-0, +0] `tostring(value)` of the value at `index`, run protected; nil if __tostring failed.
    public func tostring(at index: Int32) -> String? {
        if case .success(let s) = tostringResult(at: index) { return s }
        return nil
    }

    /// [-0, +0] `tostring(value)` of the value at `index`, run protected; the error it raised
    /// (with its traceback) when `__tostring` failed.
    func tostringResult(at index: Int32) -> Result<String, LuaError> {
        let status = clua_tostring_protected(L, index)   // [+1]
        guard status == LUA_OK else { return .failure(LuaError.from(status: status, message: popString())) }
        defer { clua_pop(L, 1) }
        var len = 0
        guard let p = clua_tostring(L, -1, &len) else { return .failure(.runtime("'__tostring' must return a string")) }
        return .success(String(decoding: UnsafeRawBufferPointer(start: p, count: len), as: UTF8.self))
    }

    /// [-0, +0] Whether the REPL shows the value at `index` through `tostring`: userdata, and a
    /// table whose metatable has `__tostring` (looked up raw, so nothing runs).
    func showsAsText(_ index: Int32) -> Bool {
        let t = lua_type(L, index)
        if t == LUA_TUSERDATA { return true }
        guard t == LUA_TTABLE else { return false }
        let found = luaL_getmetafield(L, index, "__tostring")   // [+0|+1]
        if found != LUA_TNIL { clua_pop(L, 1) }
        return found != LUA_TNIL
    }
}

extension LuaCall {
    /// [-0, +0] `self` of a method call (argument 1) as the expected class, or Lua's wording
    /// of the error ("calling 'filter' on bad self (hemi.Query expected, got string)").
    public func this<T: AnyObject>(_ className: String, method: String, as type: T.Type = T.self) throws(LuaArgumentError) -> T {
        if let o: T = state.object(at: 1, className: className) { return o }
        throw LuaArgumentError(0, to: method, "\(className) expected, got \(mismatchName(1, className))")
    }

    /// [-0, +0] What to call a value that is not a live object of `className`: its type name,
    /// or, when it carries that very name, what is wrong with it (so a message never reads
    /// "hemi.Query expected, got hemi.Query").
    public func mismatchName(_ index: Int32, _ className: String) -> String {
        let name = typeName(index)
        guard name == className else { return name }
        if lua_type(state.L, index) == LUA_TUSERDATA, clua_toobject(state.L, index, className) == nil,
           lua_getmetatable(state.L, index) != 0 {
            // Its own class's metatable, but no object: finalized by a hand-called __gc.
            clua_getmetatable_named(state.L, className)
            let same = lua_rawequal(state.L, -1, -2) != 0
            clua_pop(state.L, 2)
            if same { return "a finalized \(className) (its __gc was called)" }
        }
        return "a \(className) from another Lua state or a forged one"
    }

    /// [-0, +0] Argument `index` as an object of the class, or nil.
    public func object<T: AnyObject>(_ index: Int32, className: String, as type: T.Type = T.self) -> T? {
        state.object(at: index, className: className)
    }
}
