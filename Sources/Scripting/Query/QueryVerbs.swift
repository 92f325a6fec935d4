// The verbs of `hemi.Query`: each returns a new lazy query.
//
//   q:filter("year == 2023")                q:select("iso3", "name")  q:select{ "iso3", country = "name" }
//   q:filter("iso3 == :c and year >= :y", { c = code, y = 2015 })   (bound parameters)
//   q:derive{ total = "a + b" }              q:derive({ share = "100 * x / sum(x)" }, { by = "year" })
//   q:derive({ real = "x * :deflator" }, { params = { deflator = 1.07 } })
//   q:sort("total desc, name")               q:limit(10 [, offset])    q:distinct([cols])
//   q:group("region"):agg{ n = "count()" }   q:agg{ total = "sum(x)" }
//   q:join(other, "iso3" | {"iso3", "year"} | { iso3 = "code" } [, { suffix = "_r" }])   q:left_join(...)
//   q:top(3, "total desc" [, { by = "year" }])
//   q:lag("x", { by = "iso3", order = "year", n = 1, as = "prev" })  (also lead, change, pct_change,
//   rank, dense_rank, row_number, percent_rank, ntile (n = buckets), cumsum, zscore)
//
// Each verb binds its expressions against its input's fields now, so a bad column, a type
// error or a syntax error is raised by the line that wrote it.

import LuaBridge
import QueryEngine

enum QueryVerbs {
    static var all: [String: LuaSwiftFunction] {
        var m: [String: LuaSwiftFunction] = [
            "filter": QueryLua.verb("filter", upTo: 2) { box, a in
                // q:filter(function(row) ... end): called per row from a loop in C over the
                // columns (RowFunctions); what it raises goes on unchanged (LuaRaised). It takes
                // no parameters (they are for an expression's `:name`).
                if a.call.isFunction(2) {
                    try a.nothingAfter(2)
                    return try RowFunctions.filter(box, function: 2, in: a.call.state)
                }
                return box.derived(try box.query.filter(try a.string(2, "expression string or function"), parameters: try a.parameters(3)))
            },
            "select": QueryLua.verb("select", upTo: nil) { box, a in
                let cols: [NamedExpression]
                if case .table = a.value(2) { cols = try a.namedExpressions(2, what: "select"); try a.nothingAfter(2) }
                else { cols = try a.names(from: 2).map { NamedExpression($0, $0) } }
                guard !cols.isEmpty else { throw a.fail(2, "at least one column expected") }
                return box.derived(try box.query.select(cols))
            },
            "derive": QueryLua.verb("derive", upTo: 2, forwarding: { box, a in
                // q:derive{ x = function(row) ... end }: the Lua path (row_functions.lua).
                guard case .table(let e) = a.value(2), e.contains(where: { $0.value == .opaque("function") }) else { return nil }
                // That path rebuilds the query with from_rows, which would refuse a name that is a
                // column's in another Unicode normalisation as from_rows' error; refused here as derive's.
                try ColumnNames.checkNew(LuaTableView(e).fields().map(\.0), beside: box.query.fields.map(\.name), verb: "derive")
                return a.call.forward(toKept: HemiRuntime.rowFunctionsKey, leading: [.string("derive")])
            }) { box, a in
                let cols = try a.namedExpressions(2, what: "derive")
                let opts = try a.options(3, known: ["by", "params"])
                return box.derived(try box.query.derive(cols, by: try opts.names("by"), parameters: try opts.parameters("params")))
            },
            "sort": QueryLua.verb("sort", upTo: nil, forwarding: { _, a in
                // q:sort(function(a, b) ... end): a comparison, as table.sort takes (row_functions.lua).
                guard a.call.isFunction(2) else { return nil }
                try a.nothingAfter(2)
                return a.call.forward(toKept: HemiRuntime.rowFunctionsKey, leading: [.string("sort")])
            }) { box, a in
                let keys = try a.names(from: 2, what: "sort key").joined(separator: ", ")
                guard !keys.isEmpty else { throw a.fail(2, "sort key expected (e.g. \"total desc, name\")") }
                return box.derived(try box.query.sort(keys))
            },
            "limit": QueryLua.verb("limit", upTo: 2, metrics: false) { box, a in
                let n = try a.integer(2, "row count")
                let off = a.isNil(3) ? 0 : try a.integer(3, "offset")
                guard n >= 0, off >= 0 else { throw a.fail(n < 0 ? 2 : 3, "must be 0 or more") }
                return box.derived(try box.query.limit(n, offset: off))
            },
            "distinct": QueryLua.verb("distinct", upTo: nil, metrics: false) { box, a in box.derived(try box.query.distinct(try a.names(from: 2))) },
            "agg": QueryLua.verb("agg", upTo: 1) { box, a in
                box.derived(try box.query.aggregate(by: [], try a.namedExpressions(2, what: "agg")))
            },
            "group": QueryLua.method("group", upTo: nil) { box, a in
                let keys = try a.names(from: 2)
                guard !keys.isEmpty else { throw a.fail(2, "column name expected") }
                _ = try box.query.aggregate(by: keys, [])   // an unknown key fails here, not at agg
                a.call.state.pushObject(GroupBox(box, keys: keys), className: GroupLua.className, as: GroupLua.luaClass())
                return .results(1)
            },
            "join": join(.inner, "join"),
            "left_join": join(.left, "left_join"),
            "top": QueryLua.verb("top", upTo: 3) { box, a in
                let n = try a.integer(2, "row count")
                let order = try SortKey.parse(try a.string(3, "sort key (e.g. \"total desc\")"))
                let opts = try a.options(4, known: ["by"])
                return box.derived(try box.query.top(n, by: order, per: try opts.names("by")))
            },
        ]
        for f in WindowFunction.allCases { m[f.rawValue] = window(f) }
        return m
    }

    static func join(_ kind: JoinKind, _ name: String) -> LuaSwiftFunction {
        QueryLua.verb(name, upTo: 3, metrics: false) { box, a in
            guard let other: QueryBox = a.call.object(2, className: QueryLua.className) else {
                throw a.fail(2, "\(QueryLua.className) expected, got \(a.call.mismatchName(2, QueryLua.className))")
            }
            var keys: [(String, String)] = []
            switch a.value(3) {
            case .string(let b): let k = ByteText.string(bytes: b); keys = [(k, k)]
            case .table(let e):
                let view = LuaTableView(e)
                for v in view.array() {
                    guard case .string(let b) = v else { throw a.fail(3, "key names expected") }
                    let k = ByteText.string(bytes: b); keys.append((k, k))
                }
                for (l, v) in view.fields().sorted(by: { $0.0 < $1.0 }) {
                    guard case .string(let b) = v else { throw a.fail(3, "field '\(l)': right-hand key name expected") }
                    keys.append((l, ByteText.string(bytes: b)))
                }
            default: throw a.fail(3, "key column name or list expected, got \(a.call.typeName(3))")
            }
            let opts = try a.options(4, known: ["suffix"])
            let q = try box.query.join(other.query, on: keys, kind: kind, suffix: try opts.string("suffix") ?? "_right")
            return box.derived(q, extraTables: other.tables)
        }
    }

    static func window(_ f: WindowFunction) -> LuaSwiftFunction {
        // lag("x", opts), rank("x desc", opts), rank(opts): nothing after the options table.
        QueryLua.verb(f.rawValue, upTo: nil) { box, a in
            let takesColumn: Set<WindowFunction> = [.lag, .lead, .change, .pct_change, .cumsum, .zscore]
            var argument: String? = nil
            var optionsIndex: Int32 = 2
            if takesColumn.contains(f) { argument = try a.string(2, "column or expression"); optionsIndex = 3 }
            else if case .string = a.value(2) { optionsIndex = 3 }
            let opts = try a.options(optionsIndex, known: ["by", "order", "n", "as"])
            try a.nothingAfter(optionsIndex)
            var order: [SortKey] = []
            if let o = try opts.string("order") { order = try SortKey.parse(o) }
            if !takesColumn.contains(f), case .string(let b) = a.value(2) {
                // rank("total desc"): the ranking order.
                order = try SortKey.parse(ByteText.string(bytes: b))
            }
            if takesColumn.contains(f) && f != .cumsum && f != .zscore && order.isEmpty {
                throw a.fail(optionsIndex, "field 'order' is required: the column that orders the rows (e.g. order = \"year\")")
            }
            if !takesColumn.contains(f) && order.isEmpty {
                throw a.fail(2, "ranking order expected (e.g. \"total desc\")")
            }
            let defaultName = argument.map { "\($0)_\(f.rawValue)" } ?? f.rawValue
            let name = try opts.string("as") ?? defaultName
            guard f != .ntile || opts.fields["n"] != nil else {
                throw a.fail(optionsIndex, "field 'n' is required: the number of buckets (e.g. n = 4)")
            }
            let n = try opts.integer("n") ?? 1
            return box.derived(try box.query.window(f, of: argument, as: name, order: order, per: try opts.names("by"), offset: n))
        }
    }
}

/// `q:group(keys)` — waits for `:agg{...}`.
final class GroupBox {
    let source: QueryBox
    let keys: [String]
    init(_ source: QueryBox, keys: [String]) { self.source = source; self.keys = keys }
}

enum GroupLua {
    static let className = "hemi.Grouped"
    static func luaClass() -> LuaClass {
        let agg = LuaCall.throwing { call in
            let g = try call.this(className, method: "agg", as: GroupBox.self)
            let a = MethodArguments(call: call, method: "agg")
            let aggs = try a.namedExpressions(2, what: "agg")
            try a.nothingAfter(2)
            // The grouped query waits for agg, so the hook sees the aggregates' expressions.
            let source = try QueryLua.beforeVerb(g.source, a)
            QueryLua.push(source.derived(try source.query.aggregate(by: g.keys, aggs)), in: call.state)
            return .results(1)
        }
        return LuaClass(name: className, methods: ["agg": agg, "aggregate": agg], metamethods: [
            "__tostring": LuaCall.throwing { call in
                let g = try call.this(className, method: "__tostring", as: GroupBox.self)
                call.push(.string("hemi.Grouped by \(g.keys.joined(separator: ", ")) (call :agg{ name = \"sum(x)\", ... })"))
                return .results(1)
            },
        ])
    }
}
