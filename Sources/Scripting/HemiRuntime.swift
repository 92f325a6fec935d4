import LuaBridge
import QueryEngine
import PolicyData

/// Installs the global `hemi` module in a Lua state: the version, the dataset, the query
/// API, charts, and the metric registry the plugin host fills.
public enum HemiRuntime {
    public static let version = "0.1.0"

    /// [-0, +0]
    @discardableResult
    public static func install(into lua: LuaState, context: HemiContext = HemiContext()) -> HemiContext {
        HemiContext.attach(context, to: lua)
        lua.setGlobal("hemi", .table([LuaTableEntry(key: .string("version"), value: .string(version))]))
        // Benchmark probe (Benchmarks/bridge): the cost of one Lua → Swift call, the same work
        // as math.abs. Underscored: not part of the user-facing surface.
        lua.register("_bench_abs", in: "hemi") { call in
            if call.isInteger(1) { let i = call.integer(1); call.pushInteger(i < 0 ? 0 &- i : i) }
            else if call.isNumber(1) { call.pushNumber(Swift.abs(call.number(1))) }
            else { return .error("bad argument #1 to '_bench_abs' (number expected, got \(call.typeName(1)))") }
            return .results(1)
        }
        DatasetLua.install(into: lua, context: context)
        ClaimCheckLua.install(into: lua)
        ChartsLua.install(into: lua)
        // Pieces easier to say in Lua than in Swift: iterators and Lua-function filters.
        do { try lua.run(prelude, chunkName: "=hemi") } catch { fatalError("hemi prelude: \(error)") }
        return context
    }

    static let prelude = """
    local hemi = hemi
    local Q = getmetatable(hemi.from_rows({ { x = 1 } })).__index
    -- for row in q:rows() do ... end
    function Q.rows(self)
      local rows, i = self:_rows(), 0
      return function() i = i + 1; return rows[i] end
    end
    -- q:filter(function(row) return ... end): the slow path, a Lua function per row.
    local filter = Q.filter
    function Q.filter(self, predicate, ...)
      if type(predicate) ~= "function" then return filter(self, predicate, ...) end
      local keep = {}
      for _, row in ipairs(self:_rows()) do
        if predicate(row) then keep[#keep + 1] = row end
      end
      local types = {}
      for _, f in ipairs(self:schema()) do types[f.name] = f.type end
      return hemi.from_rows(keep, { columns = self:columns(), types = types })
    end
    Q["where"] = Q.filter
    """
}
