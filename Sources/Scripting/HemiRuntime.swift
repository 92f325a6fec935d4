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
        do { try lua.run(lazyStub, chunkName: "=hemi") } catch { fatalError("hemi stub: \(error)") }
        return context
    }

    // The stub's metatable: any read of a field `hemi` lacks, or pairs(hemi), loads the module
    // first. Writes stay raw, so a script may add its own fields before or after.
    static let lazyStub = """
    local hemi = hemi
    local load = rawget(hemi, "_load")
    rawset(hemi, "_load", nil)
    setmetatable(hemi, {
      __index = function(t, k) load(); return rawget(t, k) end,
      __pairs = function(t) load(); return next, t, nil end,
    })
    """

    /// [-0, +0] Everything but `version`, into the existing global `hemi`.
    static func installModule(into lua: LuaState, context: HemiContext) {
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
        DisplayLua.install(into: lua)
        // Pieces easier to say in Lua than in Swift: iterators and Lua-function filters.
        do { try lua.run(prelude, chunkName: "=hemi") } catch { fatalError("hemi prelude: \(error)") }
    }

    static let prelude = """
    local hemi = hemi
    -- The claims of the public debate (seed articles); hemi.check() gives their verdicts.
    function hemi.claims() return hemi.table("claims") end
    local Q = getmetatable(hemi.from_rows({ { x = 1 } })).__index
    -- for row in q:rows() do ... end
    function Q.rows(self)
      local rows, i = self:_rows(), 0
      return function() i = i + 1; return rows[i] end
    end
    -- q:filter(function(row) return ... end): a Lua function per row, called from a loop in
    -- C over the columns (RowFunctions.swift); the row table is reused between rows.
    local filter, filter_function = Q.filter, Q._filter_function
    Q._filter_function = nil
    function Q.filter(self, predicate, ...)
      if type(predicate) == "function" then return filter_function(self, predicate) end
      return filter(self, predicate, ...)
    end
    Q["where"] = Q.filter
    -- Rebuilds a query from Lua rows, keeping the column order and types of `like`.
    local function rebuild(like, rows, extra)
      local columns, types = like:columns(), {}
      for _, f in ipairs(like:schema()) do types[f.name] = f.type end
      for _, name in ipairs(extra or {}) do
        local known = false
        for _, c in ipairs(columns) do if c == name then known = true end end
        if not known then columns[#columns + 1] = name end
        types[name] = nil
      end
      return hemi.from_rows(rows, { columns = columns, types = types })
    end
    -- q:derive{ x = function(row) return ... end }: Lua functions beside expression strings.
    local derive = Q.derive
    function Q.derive(self, defs, ...)
      if type(defs) ~= "table" then return derive(self, defs, ...) end
      local strings, funcs, names = {}, {}, {}
      for k, v in pairs(defs) do
        if type(v) == "function" then funcs[k] = v; names[#names + 1] = k else strings[k] = v end
      end
      if #names == 0 then return derive(self, defs, ...) end
      table.sort(names)
      local q = next(strings) and derive(self, strings, ...) or self
      local rows = q:_rows()
      for _, row in ipairs(rows) do
        for _, name in ipairs(names) do row[name] = funcs[name](row) end
      end
      return rebuild(q, rows, names)
    end
    -- q:sort(function(a, b) return a.x < b.x end): a Lua comparison, as table.sort takes.
    local sort = Q.sort
    function Q.sort(self, key, ...)
      if type(key) ~= "function" then return sort(self, key, ...) end
      local rows = self:_rows()
      table.sort(rows, key)
      return rebuild(self, rows)
    end
    """
}
