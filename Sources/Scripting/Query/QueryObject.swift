// The Lua face of a query: a userdata of class `hemi.Query` holding a lazy engine Query.
// Verbs return new query objects (nothing runs); output methods run the plan once and keep
// the result, so `q:show()` then `q:to_csv()` execute it once.

import LuaBridge
import QueryEngine

final class QueryBox {
    let query: Query
    /// Dataset tables the query reads (its provenance, for source notes).
    let tables: [String]
    private var cached: Table?

    init(_ query: Query, tables: [String]) { self.query = query; self.tables = tables }

    func result() throws(EngineError) -> Table {
        if let cached { return cached }
        let t = try query.execute()
        cached = t
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
        lua.pushObject(box, as: luaClass())
    }

    /// A method body: `self` checked, errors (argument or engine) returned Lua's way.
    static func method(_ name: String, _ body: @escaping (QueryBox, MethodArguments) throws -> LuaReturn) -> LuaSwiftFunction {
        return { call in
            let args = MethodArguments(call: call, method: name)
            switch call.this(className, method: name, as: QueryBox.self) {
            case .failure(let e): return .error(e.message)
            case .success(let box):
                do { return try body(box, args) }
                catch let e as ArgumentError { return .error(e.message) }
                catch let e as EngineError { return .error(e.message) }
                catch let e as LuaCallError { return .error(e.message) }
                catch { return .error("\(name): \(error)") }
            }
        }
    }

    /// A verb: builds the new query and pushes it.
    static func verb(_ name: String, _ body: @escaping (QueryBox, MethodArguments) throws -> QueryBox) -> LuaSwiftFunction {
        method(name) { box, args in
            let out = try body(box, args)
            push(out, in: args.call.state)
            return .results(1)
        }
    }

    /// The class's methods. `sandboxed` (a plugin's state, PluginWorld): the writers
    /// (`to_csv(path)`…) and charts with `svg = path` refuse instead of touching a file, so no
    /// method a plugin holds leads to a file path.
    static func luaClass(sandboxed: Bool = false) -> LuaClass {
        var methods: [String: LuaSwiftFunction] = [:]
        for (k, f) in QueryVerbs.all { methods[k] = f }
        for (k, f) in QueryOutputs.all { methods[k] = sandboxed ? PluginWorld.refusingFiles(k, f, selfSlots: 1) : f }
        return LuaClass(name: className, methods: methods, metamethods: [
            "__tostring": method("__tostring") { box, args in
                // The REPL's `.mode` and `hemi --format` decide how a query prints.
                args.call.push(.string(QueryOutputs.display(try box.result(), context: HemiContext.of(args.call.state))))
                return .results(1)
            },
            "__len": method("__len") { box, args in
                args.call.pushInteger(Int64(try box.result().rowCount)); return .results(1)
            },
        ])
    }
}
