import CLua

/// What a Swift function sees of its call: the arguments and a way to return results.
/// It never raises: it returns `.results(n)` after pushing n values, or `.error(message)`,
/// which the C trampoline raises once the Swift frame has returned.
public struct LuaCall {
    // unowned(unsafe): the state outlives every call it makes; a counted reference here cost
    // a retain/release pair per call (measured: 53 → see Benchmarks/bridge).
    public unowned(unsafe) let state: LuaState
    init(state: LuaState) { self.state = state }
    public var argumentCount: Int32 { lua_gettop(state.L) }
    /// [-0, +0] The argument at `index` (1-based).
    public func argument(_ index: Int32) -> LuaValue { state.value(at: index) }
    /// [-0, +0] The argument as a string, or Lua's own wording of the argument error.
    public func string(_ index: Int32, function: String) -> Result<String, LuaCallError> {
        if lua_type(state.L, index) == LUA_TSTRING, let s = argument(index).stringValue { return .success(s) }
        return .failure(LuaCallError(message: "bad argument #\(index) to '\(function)' (string expected, got \(typeName(index)))"))
    }
    /// [-0, +0] Lua's name for the argument's type (`no value` past the last one).
    public func typeName(_ index: Int32) -> String {
        if index > argumentCount { return "no value" }
        // As luaL_typeerror does: a userdata's __name names its class.
        if lua_type(state.L, index) == LUA_TUSERDATA, let name = clua_objectname(state.L, index) { return String(cString: name) }
        return String(cString: clua_typename(state.L, index))
    }
    /// [-0, +0] Fast typed access for hot functions (no LuaValue in between). Inlinable, so
    /// a call from another module costs no Swift call of its own.
    @inlinable public func isInteger(_ index: Int32) -> Bool { lua_isinteger(state.L, index) != 0 }
    @inlinable public func isNumber(_ index: Int32) -> Bool { lua_type(state.L, index) == LUA_TNUMBER }
    @inlinable public func isFunction(_ index: Int32) -> Bool { lua_type(state.L, index) == LUA_TFUNCTION }
    @inlinable public func integer(_ index: Int32) -> Int64 { clua_tointeger(state.L, index, nil) }
    @inlinable public func number(_ index: Int32) -> Double { clua_tonumber(state.L, index, nil) }
    /// [-0, +1]
    @inlinable public func pushInteger(_ v: Int64) { lua_pushinteger(state.L, v) }
    @inlinable public func pushNumber(_ v: Double) { lua_pushnumber(state.L, v) }
    /// [-0, +1] Pushes a result.
    public func push(_ value: LuaValue) { state.push(value) }
}

public struct LuaCallError: Error { public let message: String; public init(message: String) { self.message = message } }

/// `.raise`: the error value is already on top of the stack (a value a Lua callback raised,
/// which must reach the caller's pcall unchanged: a table, nil, a string without position).
public enum LuaReturn { case results(Int32), error(String), raise }

public typealias LuaSwiftFunction = (LuaCall) -> LuaReturn

/// Holds the Swift closure behind a Lua function; released by the userdata's __gc.
final class LuaFunctionBox {
    let function: LuaSwiftFunction
    unowned(unsafe) let state: LuaState   // the state owns the box; it cannot outlive it
    init(_ function: @escaping LuaSwiftFunction, state: LuaState) { self.function = function; self.state = state }
}

/// The C entry point for every Swift function (nonisolated, outside main.swift: DESIGN.md).
private func luaSwiftEntry(_ L: OpaquePointer?, _ context: UnsafeMutableRawPointer?) -> Int32 {
    let result = Unmanaged<LuaFunctionBox>.fromOpaque(context!)._withUnsafeGuaranteedRef { box in
        // Called from a coroutine, the arguments are on its stack: work on that thread.
        let cell = box.state.current
        let outer = cell.pointee
        cell.pointee = L!
        defer { cell.pointee = outer }
        return box.function(LuaCall(state: box.state))
    }
    switch result {
    case .results(let n): return n
    case .error(let message):
        lua_pushstring(L, message)
        return CLUA_ERROR
    case .raise:
        return CLUA_ERROR
    }
}

private func luaSwiftRelease(_ context: UnsafeMutableRawPointer?) {
    Unmanaged<LuaFunctionBox>.fromOpaque(context!).release()
}

extension LuaState {
    /// [-0, +1] Pushes a Lua function that runs `function`.
    func pushFunction(_ function: @escaping LuaSwiftFunction) {
        let box = Unmanaged.passRetained(LuaFunctionBox(function, state: self)).toOpaque()
        clua_pushswiftfunction(L, luaSwiftEntry, box, luaSwiftRelease)
    }

    /// [-0, +0] Sets `table[name] = function` on a global table (created if absent).
    public func register(_ name: String, in table: String, _ function: @escaping LuaSwiftFunction) {
        clua_pushglobaltable(L)                 // [+1] G
        lua_pushstring(L, table); lua_rawget(L, -2)   // [+1] t
        if lua_type(L, -1) != LUA_TTABLE {
            clua_pop(L, 1); clua_newtable(L)
            lua_pushstring(L, table); lua_pushvalue(L, -2); lua_rawset(L, -4)
        }
        lua_pushstring(L, name)
        pushFunction(function)
        lua_rawset(L, -3)
        clua_pop(L, 2)
    }
}
