import LuaBridge

/// Installs the global `hemi` table. For now it carries the version; the query engine, the
/// dataset and the plugin host add to it as they land.
public enum HemiRuntime {
    public static let version = "0.1.0"

    /// [-0, +0]
    public static func install(into lua: LuaState) {
        lua.setGlobal("hemi", .table([LuaTableEntry(key: .string("version"), value: .string(version))]))
        // Benchmark probe (Benchmarks/bridge): the cost of one Lua → Swift call, the same work
        // as math.abs. Underscored: not part of the user-facing surface.
        lua.register("_bench_abs", in: "hemi") { call in
            if call.isInteger(1) { let i = call.integer(1); call.pushInteger(i < 0 ? 0 &- i : i) }
            else if call.isNumber(1) { call.pushNumber(Swift.abs(call.number(1))) }
            else { return .error("bad argument #1 to '_bench_abs' (number expected, got \(call.typeName(1)))") }
            return .results(1)
        }
    }
}
