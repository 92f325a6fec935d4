import LuaBridge
import QueryEngine
import PolicyData

/// Installs the global `hemi` module in a Lua state: the version, the dataset, the query
/// API, charts, and the metric registry the plugin host fills.
public enum HemiRuntime {
    public static let version = "0.1.0"

    /// [-0, +0] Installs the whole module now.
    @discardableResult
    public static func install(into lua: LuaState, context: HemiContext = HemiContext()) -> HemiContext {
        wireEngine()
        HemiContext.attach(context, to: lua)
        lua.setGlobal("hemi", .table([LuaTableEntry(key: .string("version"), value: .string(version))]))
        installModule(into: lua, context: context)
        return context
    }

    /// [-0, +0] Installs a `hemi` holding only `version`; the rest of the module, then
    /// `whenLoaded` (the driver loads the plugins there), is installed the first time a script
    /// reads another field of `hemi` or iterates it, or when the host calls
    /// `context.ensureLoaded()` (the REPL does, for its banner and completion). A script that
    /// never touches `hemi` — `hemi -e 'print(1)'` — starts as fast as lua5.4 can.
    @discardableResult
    public static func installLazily(into lua: LuaState, context: HemiContext = HemiContext(),
                                     whenLoaded: @escaping (LuaState, HemiContext) -> Void = { _, _ in }) -> HemiContext {
        wireEngine()
        HemiContext.attach(context, to: lua)
        lua.setGlobal("hemi", .table([LuaTableEntry(key: .string("version"), value: .string(version))]))
        context.loader = { [unowned lua, unowned context] in
            // The stub's metatable goes first, so the module's own code sees a plain table.
            do { try lua.run("setmetatable(hemi, nil)", chunkName: "=hemi") } catch { fatalError("hemi loader: \(error)") }
            installModule(into: lua, context: context)
            whenLoaded(lua, context)
        }
        lua.register("_load", in: "hemi") { call in
            HemiContext.of(call.state)?.ensureLoaded()
            return .results(0)
        }
        do { try lua.run(EmbeddedLua.lazy_hemi) } catch { fatalError("hemi stub: \(error)") }
        return context
    }

    /// Ctrl-C reaches the engine: its long loops read the flag the SIGINT handler sets
    /// (clua.c) and stop with "interrupted!", the words of the Lua hook, which then keeps
    /// raising on return to Lua (so pcall cannot swallow it).
    static func wireEngine() { Cancellation.install(LuaInterrupt.probe) }

    /// [-0, +0] Everything but `version`, into the existing global `hemi`.
    static func installModule(into lua: LuaState, context: HemiContext) {
        // Benchmark probe (Benchmarks/bridge): the cost of one Lua → Swift call, the same work
        // as math.abs. Underscored: not part of the user-facing surface. The one native that
        // returns .error itself rather than through LuaCall.throwing: the probe measures the
        // bare call, and its message is worded by LuaArgumentError all the same.
        lua.register("_bench_abs", in: "hemi") { call in
            if call.isInteger(1) { let i = call.integer(1); call.pushInteger(i < 0 ? 0 &- i : i) }
            else if call.isNumber(1) { call.pushNumber(Swift.abs(call.number(1))) }
            else { return .error(LuaArgumentError(1, to: "_bench_abs", "number expected, got \(call.typeName(1))").description) }
            return .results(1)
        }
        DatasetLua.install(into: lua, context: context)
        ClaimCheckLua.install(into: lua)
        ChartsLua.install(into: lua)
        DisplayLua.install(into: lua)
        do { try runPrelude(lua) } catch { fatalError("hemi prelude: \(error)") }
    }

    /// [-0, +0] The Lua parts of `hemi`, in the user's state and in each plugin's: the
    /// prelude (iterators, `hemi.claims`), and the Lua-function paths of derive and sort, kept
    /// in the registry for their Swift registrations (QueryVerbs) to hand on to.
    static func runPrelude(_ lua: LuaState) throws(LuaError) {
        try lua.run(EmbeddedLua.prelude)
        try lua.run(EmbeddedLua.row_functions, keepAs: rowFunctionsKey)
    }
    static let rowFunctionsKey = "row_functions"
}
