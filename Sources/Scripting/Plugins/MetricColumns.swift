// The plugin host's before-the-verb hook (HemiContext.beforeVerb): Lua-computed metrics by
// name, in every state that has `hemi` (the user's and each plugin's). A metric with
// `compute` has no engine expression; when its name appears in an expression given to a verb
// (filter, derive, select, sort, top, agg, column, the window functions), the query first
// gets a column of that name, then the verb binds against it:
// - a per-table metric (`key = {...}`) is left-joined on its key columns from the values the
//   owning plugin computed (in its own state, cached until a parameter changes or the plugins
//   reload; PluginHost.metricValues);
// - a per-row metric gets each row copied to the owning plugin's state and its value copied
//   back (PluginHost.metricRowValues).
// Names are found with the engine's lexer (ExpressionNames), through the definitions of the
// expression metrics the text names.

import LuaBridge
import QueryEngine

extension PluginHost {
    /// The query `box` with a column for each Lua-computed metric that `expressions` name
    /// (directly or through expression metrics) and it does not have yet.
    func metricColumns(_ box: QueryBox, expressions: () -> [String]) throws -> QueryBox {
        guard hasLuaMetrics else { return box }
        let used = luaMetricsNamed(in: expressions())
        guard !used.isEmpty else { return box }
        var out = box
        var have = Set(box.query.fields.map(\.name))
        for name in used where !have.contains(name) {
            out = try metricColumn(name, of: out, have: have)
            have.insert(name)
        }
        return out
    }

    /// Lua-computed metrics the texts name, sorted; an expression metric's definition is
    /// followed (once per name).
    func luaMetricsNamed(in texts: [String]) -> [String] {
        var seen = Set<String>(), found: [String] = []
        func visit(_ name: String) {
            guard seen.insert(name).inserted else { return }
            if luaMetrics[name] != nil { found.append(name); return }
            if let expression = context.metrics.metric(name)?.expression {
                for n in ExpressionNames.identifiers(in: expression) { visit(n) }
            }
        }
        for text in texts { for n in ExpressionNames.identifiers(in: text) { visit(n) } }
        return found.sorted()
    }

    private func metricColumn(_ name: String, of box: QueryBox, have: Set<String>) throws -> QueryBox {
        guard let (world, keys) = luaMetrics[name] else { return box }
        if let keys {
            // The first key (of the alternatives) whose columns the query has all of.
            guard let key = keys.first(where: { $0.allSatisfy(have.contains) }) else {
                let missing = keys.first.flatMap { $0.first { !have.contains($0) } } ?? "?"
                throw EngineError("metric '\(name)' (plugin \(PluginText.clean(world.name))) is computed per "
                    + keys.map { $0.joined(separator: ", ") }.joined(separator: " or per ")
                    + "; the query has no column '\(missing)' to match it on")
            }
            let values = try metricValues(name, key: key)
            let joined = try box.query.join(values.query, on: key.map { ($0, $0) }, kind: .left, suffix: "_right")
            return box.derived(joined, extraTables: values.tables)
        }
        let t = try box.result()
        let values = try metricRowValues(name, rows: (0..<t.rowCount).map { QueryOutputs.rowTable(t, $0) })
        let column = try Self.column(values, metric: name, plugin: world.name)
        let table = try Table(fields: t.columnNames + [name], columns: t.columns + [column])
        return box.derived(Query(table, name: "rows with metric \(name)", resolver: box.query.resolver))
    }

    /// A per-row metric's values as a column, typed from the values (integers widen to float
    /// beside floats); nil is null.
    static func column(_ values: [LuaValue], metric: String, plugin: String) throws(EngineError) -> Column {
        var type: DataType?
        for v in values {
            let t: DataType?
            switch v {
            case .integer: t = .integer
            case .number: t = .float
            case .string: t = .string
            case .boolean: t = .boolean
            case .nil: t = nil
            default:
                throw EngineError("plugin '\(PluginText.clean(plugin))': metric '\(metric)' computed a \(LuaTableView.typeName(v)); a value is a number, string, boolean or nil")
            }
            guard let t else { continue }
            if type == nil || type == t { type = t }
            else if type!.isNumericType && t.isNumericType { type = .float }
            else { throw EngineError("plugin '\(PluginText.clean(plugin))': metric '\(metric)' mixes \(type!) and \(t) values") }
        }
        var builder = ColumnBuilder(type: type ?? .string, capacity: values.count)
        for v in values {
            switch v {
            case .integer(let i): builder.append(type == .float ? .double(Double(i)) : .int(i))
            case .number(let d): builder.append(.double(d))
            case .string(let b): builder.append(.string(ByteText.string(bytes: b)))
            case .boolean(let b): builder.append(.bool(b))
            default: builder.append(.null)
            }
        }
        return builder.finish()
    }
}
