import CLua

/// Owns one Lua state: created with an optional memory cap, closed deterministically by
/// `close()` or on deinit. Every call into Lua made here is protected (`clua_docall`), so no
/// longjmp crosses a Swift frame.
public final class LuaState {
    /// The thread being worked on, for the other files of this module only: the main thread,
    /// or during a Swift function's call the coroutine that called it (its arguments and
    /// results live on that thread's stack). A raw cell, so reading it costs one load.
    @usableFromInline var L: OpaquePointer { current.pointee }
    @usableFromInline let current: UnsafeMutablePointer<OpaquePointer>
    private let main: OpaquePointer
    private var closed = false
    /// What the host keeps with this state (Scripting's HemiContext), found again from inside
    /// Swift functions through `call.state`.
    public var host: AnyObject?
    /// The base library's `collectgarbage`, by registry reference (LuaState+Collector.swift).
    var collector: Int32?

    /// - Parameter memoryLimit: bytes the state may hold; `nil` for no cap.
    /// - Parameter ignoreEnvironment: lua.c's -E: `package.path`/`cpath` ignore LUA_PATH,
    ///   LUA_CPATH and their `_5_4` forms.
    public init(memoryLimit: Int? = nil, openLibraries: Bool = true, ignoreEnvironment: Bool = false) throws(LuaError) {
        guard let state = clua_newstate(memoryLimit.map { size_t($0) } ?? 0) else {
            throw .memory("not enough memory")
        }
        main = state
        current = .allocate(capacity: 1)
        current.initialize(to: state)
        if openLibraries {
            let status = clua_openlibs_env(L, ignoreEnvironment ? 1 : 0)   // [-0, +1]
            let message = popString()                // [-1, +0]
            if status != LUA_OK { close(); throw LuaError.from(status: status, message: message) }
            keepCollector()
        }
    }

    deinit { close(); current.deallocate() }

    func close() {
        if !closed { clua_close(main); closed = true }
    }

    /// Number of values on the stack (tests use it to prove each operation is balanced).
    public var top: Int32 { lua_gettop(L) }
    var memoryUsed: Int { Int(clua_memory_used(L)) }
    /// The collector in generational mode, as lua.c 5.4 starts it.
    public func useGenerationalCollector() { clua_gc_generational(main) }
    func setMemoryLimit(_ bytes: Int?) { clua_set_memory_limit(L, size_t(bytes ?? 0)) }
    /// Instruction budget for the following calls; `nil` removes it.
    public func setInstructionBudget(_ instructions: Int?) { clua_set_budget(L, Int64(instructions ?? 0)) }

    // MARK: running code

    /// [-0, +0] Loads `source` (text only) under `chunkName` (lua.c style: `=stdin`,
    /// `=(command line)`, `@path`), calls it with `args`, returns its results.
    /// `keepFirstResultAs`: a global that receives the first result as the Lua value itself
    /// (the REPL's `_`), set raw so no metamethod can raise.
    @discardableResult
    /// `objectsAsText`: userdata results, and tables with a `__tostring` metamethod, come back
    /// as the text of `tostring`, as lua.c prints them (the REPL shows a query as its rendered
    /// table); a `__tostring` that fails makes the call fail with its error.
    public func run(_ source: String, chunkName: String, args: [LuaValue] = [],
                    keepFirstResultAs global: String? = nil, objectsAsText: Bool = false) throws(LuaError) -> [LuaValue] {
        let status = load(source, chunkName: chunkName)     // [-0, +1]
        return try callLoaded(status: status, args: args, keepFirstResultAs: global, objectsAsText: objectsAsText)
    }

    /// [-0, +1] Loads `source` in text mode under `chunkName`: pushes the function or the
    /// error message, returns the status.
    func load(_ source: String, chunkName: String) -> Int32 { load(bytes: Array(source.utf8), chunkName: chunkName) }

    /// [-0, +1] As `load`, the source given as bytes.
    func load(bytes: [UInt8], chunkName: String) -> Int32 {
        bytes.withUnsafeBufferPointer { buf in
            buf.baseAddress.map { p in p.withMemoryRebound(to: CChar.self, capacity: buf.count) {
                clua_loadbuffer(L, $0, buf.count, chunkName) } } ?? clua_loadbuffer(L, "", 0, chunkName)
        }
    }

    /// [-0, +0] Loads the file at `path` (`nil` = standard input, chunk `=stdin`) and runs it.
    @discardableResult
    /// `precompiled`: also accept a binary chunk (luac output), as lua.c does for the script
    /// the user names; off for everything else.
    public func runFile(_ path: String?, args: [LuaValue] = [], precompiled: Bool = false) throws(LuaError) -> [LuaValue] {
        let status = precompiled ? clua_loadfile_any(L, path) : clua_loadfile(L, path)   // [-0, +1]
        return try callLoaded(status: status, args: args)
    }

    /// [-0, +0] As `runFile`, the file named by its C bytes: a name that is not UTF-8 (a Lua
    /// string, argv) opens that very file. Callers with engine text use FileIO.withPath.
    @discardableResult
    public func runFile(cPath path: UnsafePointer<CChar>, args: [LuaValue] = [], precompiled: Bool = false) throws(LuaError) -> [LuaValue] {
        let status = precompiled ? clua_loadfile_any(L, path) : clua_loadfile(L, path)   // [-0, +1]
        return try callLoaded(status: status, args: args)
    }

    /// [-0, +0] As `run(_:chunkName:…)` with the source as bytes: text that came from outside
    /// (argv, a line typed or piped) keeps bytes that are not UTF-8, in string literals above
    /// all, as lua.c keeps them.
    @discardableResult
    public func run(bytes source: [UInt8], chunkName: String, args: [LuaValue] = [],
                    keepFirstResultAs global: String? = nil, objectsAsText: Bool = false) throws(LuaError) -> [LuaValue] {
        let status = load(bytes: source, chunkName: chunkName)     // [-0, +1]
        return try callLoaded(status: status, args: args, keepFirstResultAs: global, objectsAsText: objectsAsText)
    }

    /// [-0, +0] Only compiles `source`; reports the syntax error if any. Used by the REPL to
    /// tell an incomplete chunk (message ending in `<eof>`) from a wrong one.
    public func compile(_ source: String, chunkName: String) -> LuaError? {
        let status = load(source, chunkName: chunkName)     // [-0, +1]
        if status == LUA_OK { clua_pop(L, 1); return nil }
        return LuaError.from(status: status, message: popString())
    }

    /// [-0, +0] lua.c's `-l g=mod`: `g = require(mod)`, the module value kept as it is
    /// (functions and all); the global is set raw. Errors read as lua.c's (no chunk position).
    public func requireIntoGlobal(_ global: String, module: String) throws(LuaError) {
        let status = clua_require(L, module)                // [-0, +1]
        if status != LUA_OK { throw LuaError.from(status: status, message: popString()) }
        clua_pushglobaltable(L); lua_pushstring(L, global); lua_pushvalue(L, -3)   // [+3]
        lua_rawset(L, -3); clua_pop(L, 2)                                           // [-4]
    }

    /// [-0, +0] `warn("@on")` without going through the global `warn` (lua.c's -W).
    public func warningsOn() { lua_warning(main, "@on", 0) }

    /// [-0, +0] `require(name)`; returns the module value.
    func require(_ name: String) throws(LuaError) -> LuaValue {
        let status = clua_require(L, name)                  // [-0, +1]
        if status != LUA_OK { throw LuaError.from(status: status, message: popString()) }
        defer { clua_pop(L, 1) }
        return value(at: -1)
    }

    // [-1, +0] on entry the loaded function (or the load error) is on top.
    private func callLoaded(status: Int32, args: [LuaValue], keepFirstResultAs global: String? = nil,
                            objectsAsText: Bool = false) throws(LuaError) -> [LuaValue] {
        if status != LUA_OK { throw LuaError.from(status: status, message: popString()) }
        let base = lua_gettop(L) - 1
        for a in args { push(a) }
        let callStatus = clua_docall(L, Int32(args.count), LUA_MULTRET)
        if callStatus != LUA_OK { throw LuaError.from(status: callStatus, message: popString()) }
        let n = lua_gettop(L) - base
        var results: [LuaValue] = []
        results.reserveCapacity(Int(n))
        for i in 0..<n {
            let index = base + 1 + i
            if objectsAsText, showsAsText(index) {
                // A value whose display fails (a query's error surfaces only when it is run
                // for display) fails the call: the error must show, not `<hemi.Query>`.
                switch tostringResult(at: index) {
                case .success(let text): results.append(.string(text))
                case .failure(let error): lua_settop(L, base); throw error
                }
            } else {
                results.append(value(at: index))
            }
        }
        if let global, n > 0 {
            clua_pushglobaltable(L); lua_pushstring(L, global); lua_pushvalue(L, base + 1)
            lua_rawset(L, -3); clua_pop(L, 1)
        }
        lua_settop(L, base)
        return results
    }

    /// [-1, +0] Pops the value on top as a message string.
    func popString() -> String {
        var len = 0
        let s: String
        if let p = clua_tostring(L, -1, &len) {
            s = String(decoding: UnsafeRawBufferPointer(start: p, count: len), as: UTF8.self)
        } else {
            s = "(error object is a \(String(cString: clua_typename(L, -1))) value)"
        }
        clua_pop(L, 1)
        return s
    }

    // MARK: globals

    /// [-0, +0] Sets a global without running metamethods (raw set on the globals table).
    public func setGlobal(_ name: String, _ value: LuaValue) {
        clua_pushglobaltable(L)      // [+1]
        push(value)                  // [+1]
        lua_setfield(L, -2, name)    // [-1]  raw enough: _G has no metatable at setup time
        clua_pop(L, 1)
    }

    /// [-0, +0] Reads a global raw (no metamethods).
    public func global(_ name: String) -> LuaValue {
        clua_pushglobaltable(L)
        lua_pushstring(L, name)
        lua_rawget(L, -2)
        defer { clua_pop(L, 2) }
        return value(at: -1)
    }
}
