// The Lua face of a query: a userdata of class `hemi.Query` holding a lazy engine Query.
// Verbs return new query objects (nothing runs); output methods run the plan once and keep
// the result, so `q:show()` then `q:to_csv()` execute it once, and tell the state's collector
// its size (a garbage query object then frees its result at the pace Lua collects its own
// garbage, not hundreds of queries later: LuaState+Collector.swift).

import LuaBridge
import QueryEngine

final class QueryBox {
    let query: Query
    /// Dataset tables the query reads (its provenance, for source notes).
    let tables: [String]
    private var cached: Table?
    /// The state that holds this box (the first it was pushed to), told the result's size.
    weak var holder: LuaState?

    init(_ query: Query, tables: [String]) { self.query = query; self.tables = tables }

    func result() throws(EngineError) -> Table {
        if let cached { return cached }
        let t = try query.execute()
        cached = t
        holder?.collectorOwes(bytes: t.estimatedBytes)
        return t
    }

    func derived(_ q: Query, extraTables: [String] = []) -> QueryBox {
        QueryBox(q, tables: tables + extraTables.filter { !tables.contains($0) })
    }
}

enum QueryLua {
    static let className = "hemi.Query"

    /// [-0, +1] Pushes a query object.
    static func push(_ box: QueryBox, in lua: LuaState) {
        if box.holder == nil { box.holder = lua }
        lua.pushObject(box, className: className, as: luaClass())
    }

    /// A method body: `self` checked, and no argument past the `upTo`th (Lua's numbering, self
    /// not counted; nil: the body reads a list of names to the end, `MethodArguments.names`);
    /// what it throws (a bad argument, an engine error) is raised in Lua by LuaCall.throwing.
    static func method(_ name: String, upTo last: Int32?, _ body: @escaping (QueryBox, MethodArguments) throws -> LuaReturn) -> LuaSwiftFunction {
        LuaCall.throwing { call in
            let box = try call.this(className, method: name, as: QueryBox.self)
            let args = MethodArguments(call: call, method: name)
            if let last { try args.nothingAfter(last + args.selfSlots) }
            return try body(box, args)
        }
    }

    /// A verb: builds the new query and pushes it. Its one registration: `forwarding` may take
    /// the call first (the Lua-function paths, returning their results), else the host's
    /// before-the-verb hook sees the expressions (`metrics`; off for verbs given only names
    /// or counts), then `body` binds them against the hook's query.
    static func verb(_ name: String, upTo last: Int32?, metrics: Bool = true, forwarding: ((QueryBox, MethodArguments) throws -> LuaReturn?)? = nil,
                     _ body: @escaping (QueryBox, MethodArguments) throws -> QueryBox) -> LuaSwiftFunction {
        method(name, upTo: last) { box, args in
            if let forwarding, let results = try forwarding(box, args) { return results }
            let input = metrics ? try beforeVerb(box, args) : box
            push(try body(input, args), in: args.call.state)
            return .results(1)
        }
    }

    /// The host's before-the-verb hook (HemiContext.beforeVerb, set by the plugin host for
    /// Lua-computed metrics): given the query and the verb's expression texts, it returns the
    /// query the verb binds against. No hook: the query itself.
    static func beforeVerb(_ box: QueryBox, _ a: MethodArguments) throws -> QueryBox {
        guard let hook = HemiContext.of(a.call.state)?.beforeVerb else { return box }
        return try hook(box) { expressionTexts(a) }
    }

    /// The expression texts of a verb's arguments: every string argument, and the string
    /// values of a table in the first place (`derive{ x = "a + b" }`, `select{…}`, `agg{…}`).
    /// Options (`by`, `as`, `order`, `params` …) and parameter values are not expressions.
    static func expressionTexts(_ a: MethodArguments) -> [String] {
        var out: [String] = []
        var i = a.selfSlots + 1
        while i <= a.call.argumentCount {
            switch a.value(i) {
            case .string(let b): out.append(ByteText.string(bytes: b))
            case .table(let e) where i == a.selfSlots + 1:
                for entry in e { if case .string(let b) = entry.value { out.append(ByteText.string(bytes: b)) } }
            default: break
            }
            i += 1
        }
        return out
    }

    /// The class's methods. `sandboxed` (a plugin's state, PluginWorld): the writers
    /// (`to_csv(path)`…) and charts with `svg = path` refuse instead of touching a file, so no
    /// method a plugin holds leads to a file path.
    static func luaClass(sandboxed: Bool = false) -> LuaClass {
        var methods: [String: LuaSwiftFunction] = [:]
        for (k, f) in QueryVerbs.all { methods[k] = f }
        for (k, f) in QueryOutputs.all { methods[k] = sandboxed ? PluginWorld.refusingFiles(k, f, selfSlots: 1) : f }
        return LuaClass(name: className, methods: methods, metamethods: [
            // Metamethods take what Lua passes (`#q` calls __len(q, q)).
            "__tostring": method("__tostring", upTo: nil) { box, args in
                // The REPL's `.mode` and `hemi --format` decide how a query prints.
                args.call.push(.string(QueryOutputs.display(try box.result(), context: HemiContext.of(args.call.state))))
                return .results(1)
            },
            "__len": method("__len", upTo: nil) { box, args in
                args.call.pushInteger(Int64(try box.result().rowCount)); return .results(1)
            },
        ])
    }
}
