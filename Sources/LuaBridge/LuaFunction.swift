import CLua

/// What a Swift function sees of its call: the arguments and a way to return results.
/// It never raises: it returns `.results(n)` after pushing n values, or `.error(message)`,
/// which the C trampoline raises once the Swift frame has returned, with the position of the
/// user's code that made the call in front (`(command line):1: `, as luaL_error does).
public struct LuaCall {
    // unowned(unsafe): the state outlives every call it makes; a counted reference here cost
    // a retain/release pair per call (measured: 53 → see Benchmarks/bridge).
    public unowned(unsafe) let state: LuaState
    init(state: LuaState) { self.state = state }
    public var argumentCount: Int32 { lua_gettop(state.L) }
    /// [-0, +0] The argument at `index` (1-based).
    public func argument(_ index: Int32) -> LuaValue { state.value(at: index) }
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

/// A bad argument, in the one wording Hemi uses, lua5.4's own (luaL_argerror):
/// `bad argument #2 to 'sort' (string expected, got table)`, or for the `self` of a method
/// `calling 'sort' on bad self (hemi.Query expected, got string)`. `position` is Lua's number
/// of the argument: the `self` of a method call is not counted (position 0 is `self`).
/// Thrown from a function made by `LuaCall.throwing`, it becomes that Lua error.
public struct LuaArgumentError: Error, CustomStringConvertible {
    let position: Int32
    let function: String
    /// What is wrong, e.g. "string expected, got table".
    let problem: String
    public init(_ position: Int32, to function: String, _ problem: String) {
        self.position = position; self.function = function; self.problem = problem
    }
    public var description: String {
        position == 0 ? "calling '\(function)' on bad self (\(problem))"
                      : "bad argument #\(position) to '\(function)' (\(problem))"
    }
}

/// Thrown by a Swift function when the error value is already on top of the stack (what a
/// Lua callback raised: a table, nil, a string without position), so that it reaches the
/// caller's pcall unchanged.
public struct LuaRaised: Error { public init() {} }

/// `.error`: a message, raised with the caller's position in front (clua_where_user: the
/// user's line, passing over the host's embedded Lua).
/// `.raise`: the error value is already on top of the stack (a value a Lua callback raised,
/// which must reach the caller's pcall unchanged: a table, nil, a string without position).
/// `.call`: the stack is a function and its arguments; the trampoline calls it once the Swift
/// frame has returned, and its results (or its error, with its traceback) are the call's
/// (LuaCall.forward).
public enum LuaReturn { case results(Int32), error(String), raise, call }

public typealias LuaSwiftFunction = (LuaCall) -> LuaReturn

extension LuaCall {
    /// The one way a Swift function fails into Lua: `body` throws, and whatever it throws
    /// becomes the Lua error — a `LuaArgumentError` in Lua's wording, any other error as its
    /// description (an engine error's message with its caret), each with the position of the
    /// user's line that made the call in front, as Lua's own functions' errors have
    /// (`(command line):1: bad argument #1 to 'sort' (…)`); `LuaRaised` as the value already on
    /// the stack and a `LuaError` (a failed call into Lua, whose text already says where) as
    /// they are. The error is raised by the C trampoline once the Swift frame has returned (no
    /// longjmp across Swift).
    public static func throwing(_ body: @escaping (LuaCall) throws -> LuaReturn) -> LuaSwiftFunction {
        return { call in
            do { return try body(call) }
            catch is LuaRaised { return .raise }
            catch let error as LuaError { call.state.push(.string(error.message)); return .raise }
            catch { return .error(String(describing: error)) }
        }
    }
}

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
        return CLUA_RAISE
    case .call:
        return CLUA_CALL
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

    /// [-0, +0] Sets `table[name] = function` on a table kept in the registry under `key`
    /// (created if absent; see `run(_:kept:args:keepAs:)`): natives an embedded chunk receives
    /// as one of its `...`, never through a global.
    public func register(_ name: String, inKept key: String, _ function: @escaping LuaSwiftFunction) {
        pushKept(key)                                                       // [+1] t or nil
        if lua_type(L, -1) != LUA_TTABLE {
            clua_pop(L, 1); clua_newtable(L)                                // [+1] t
            lua_pushstring(L, Self.keptPrefix + key); lua_pushvalue(L, -2)  // [+2]
            lua_rawset(L, clua_registryindex())                             // [-2]
        }
        lua_pushstring(L, name)
        pushFunction(function)
        lua_rawset(L, -3)
        clua_pop(L, 1)
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
