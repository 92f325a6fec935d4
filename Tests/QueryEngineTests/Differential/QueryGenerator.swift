@testable import QueryEngine

// Random queries over the tables of RandomTables, built twice: as a Hemi plan and as one SQL
// statement (each verb wraps the previous statement as a subquery, so the translation is
// local). Shape: [join] → [filter] → [derive, maybe with window aggregates] →
// [group + aggregate → [filter]] or [select → [distinct]] or [distinct] → [sort → [limit]].
// A sort always ends with every output column as a tie-breaker, so a sorted result has one
// correct order and is compared row by row; anything else is compared as a multiset.

struct DiffQuery {
    let query: Query
    let sql: String
    /// The rows have exactly one correct order.
    let ordered: Bool
    /// Which verbs the query uses (for the coverage summary).
    let verbs: [String]
}

struct QueryGenerator {
    var gen: ExpressionGenerator
    var rng: DiffRandom {
        get { gen.rng }
        set { gen.rng = newValue }
    }

    init(seed: UInt64) { gen = ExpressionGenerator(rng: DiffRandom(seed: seed)) }

    mutating func tables() -> (a: DiffTable, c: DiffTable) { RandomTables.make(&gen.rng) }

    /// Columns that make sensible group, partition and distinct keys (few distinct values).
    static let keyish: Set<String> = ["g", "h", "b", "s", "flag", "k", "g_right", "h_right", "s_right", "x"]

    mutating func query(_ a: DiffTable, _ c: DiffTable) throws -> DiffQuery {
        var q = Query(a.table, name: "a")
        var sql = "SELECT * FROM a"
        var schema = a.schema
        var verbs: [String] = []

        if rng.chance(0.25) {
            let on = rng.pick([[("g", "g")], [("h", "h")], [("g", "g"), ("h", "h")], [("h", "k")]])
            var right = Query(c.table, name: "c")
            var rightSQL = "SELECT * FROM c"
            if rng.chance(0.3) {
                let p = gen.boolean(1, .rows(c.schema))
                right = try right.filter(p.hemi)
                rightSQL += " WHERE \(p.sql)"
            }
            let kind: JoinKind = rng.chance(0.5) ? .inner : .left
            q = try q.join(right, on: on, kind: kind)
            // Hemi's output: the left columns, then the right ones except its keys, a clashing
            // name taking the suffix "_right".
            var taken = Set(schema.map(\.name))
            var list = schema.map { "l.\(SQL.quote($0.name)) AS \(SQL.quote($0.name))" }
            let rightKeys = Set(on.map { $0.1 })
            for f in c.schema where !rightKeys.contains(f.name) {
                var name = f.name
                while taken.contains(name) { name += "_right" }
                taken.insert(name)
                schema.append(Field(name, f.type))
                list.append("r.\(SQL.quote(f.name)) AS \(SQL.quote(name))")
            }
            sql = "SELECT \(list.joined(separator: ", ")) FROM (\(sql)) AS l \(kind == .inner ? "JOIN" : "LEFT JOIN") (\(rightSQL)) AS r ON "
                + on.map { "l.\(SQL.quote($0.0)) = r.\(SQL.quote($0.1))" }.joined(separator: " AND ")
            verbs.append("\(kind.rawValue) join")
        }

        if rng.chance(0.6) {
            let p = gen.boolean(rng.int(1...3), .rows(schema))
            q = try q.filter(p.hemi)
            sql = "SELECT * FROM (\(sql)) WHERE \(p.sql)"
            verbs.append("filter")
        }

        if rng.chance(0.45) {
            var columns: [NamedExpression] = []
            var partition: [String] = []
            var ctx = ExprContext.rows(schema)
            if rng.chance(0.35) {
                let keys = schema.filter { Self.keyish.contains($0.name) }.map(\.name)
                if !keys.isEmpty && rng.chance(0.6) { partition = [rng.pick(keys)] }
                ctx.aggregates = .window(over: partition.isEmpty ? "" : "PARTITION BY " + partition.map(SQL.quote).joined(separator: ", "))
                verbs.append("window")
            }
            for i in 1...rng.int(1...3) {
                let e = gen.of(rng.pick([DataType.integer, .float, .float, .string, .boolean]), rng.int(1...3), ctx)
                let name = "d\(i)"
                columns.append(NamedExpression(name, e.hemi))
                sql = "SELECT *, \(e.sql) AS \(SQL.quote(name)) FROM (\(sql))"
                schema.append(Field(name, e.type ?? .integer))
                ctx.bare = schema
                ctx.all = schema
            }
            q = try q.derive(columns, by: partition)
            verbs.append("derive")
        }

        switch rng.weighted([35, 20, 10, 35]) {
        case 0:
            (q, sql, schema) = try aggregate(q, sql, schema)
            verbs.append("aggregate")
            if rng.chance(0.3) {
                let p = gen.boolean(1, .rows(schema))
                q = try q.filter(p.hemi)
                sql = "SELECT * FROM (\(sql)) WHERE \(p.sql)"
                verbs.append("having")
            }
        case 1:
            var items: [NamedExpression] = []
            var list: [String] = []
            var out: [Field] = []
            for i in 1...rng.int(1...4) {
                if rng.chance(0.5) {
                    let f = rng.pick(schema)
                    guard !out.contains(where: { $0.name == f.name }) else { continue }
                    items.append(NamedExpression(f.name, f.name)); list.append(SQL.quote(f.name)); out.append(f)
                } else {
                    let e = gen.any(rng.int(1...2), .rows(schema))
                    let name = "e\(i)"
                    items.append(NamedExpression(name, e.hemi)); list.append("\(e.sql) AS \(SQL.quote(name))"); out.append(Field(name, e.type ?? .integer))
                }
            }
            if items.isEmpty { let f = schema[0]; items = [NamedExpression(f.name, f.name)]; list = [SQL.quote(f.name)]; out = [f] }
            q = try q.select(items)
            sql = "SELECT \(list.joined(separator: ", ")) FROM (\(sql))"
            schema = out
            verbs.append("select")
            if rng.chance(0.4) {
                q = try q.distinct()
                sql = "SELECT DISTINCT * FROM (\(sql))"
                verbs.append("distinct")
            }
        case 2:
            let keys = schema.filter { Self.keyish.contains($0.name) }
            let chosen = keys.isEmpty || rng.chance(0.2) ? [] : Array(Set((0..<rng.int(1...2)).map { _ in rng.pick(keys).name })).sorted()
            q = try q.distinct(chosen)
            sql = chosen.isEmpty ? "SELECT DISTINCT * FROM (\(sql))" : "SELECT DISTINCT \(chosen.map(SQL.quote).joined(separator: ", ")) FROM (\(sql))"
            if !chosen.isEmpty { schema = chosen.map { n in schema.first { $0.name == n }! } }
            verbs.append("distinct")
        default:
            break
        }

        var ordered = false
        if rng.chance(0.55) {
            var keys: [SortKey] = []
            var order: [String] = []
            for _ in 0..<rng.int(1...3) {
                let desc = rng.chance(0.5)
                let e: Gen = rng.chance(0.7) ? gen.column(rng.pick(schema)) : gen.any(1, .rows(schema))
                keys.append(SortKey(e.hemi, descending: desc))
                // SQLite reads an ORDER BY term that folds to an integer (`x AND 0` does) as a
                // column position; inside CASE it stays an expression. Nulls last in both
                // directions, as Hemi sorts.
                let key = "(CASE WHEN 1 THEN \(e.sql) END)"
                order.append("\(key) IS NULL, \(key)\(desc ? " DESC" : "")")
            }
            for f in schema {
                keys.append(SortKey(f.name))
                order.append("\(SQL.quote(f.name)) IS NULL, \(SQL.quote(f.name))")
            }
            q = try q.sort(keys)
            sql = "SELECT * FROM (\(sql)) ORDER BY \(order.joined(separator: ", "))"
            ordered = true
            verbs.append("sort")
            if rng.chance(0.6) {
                let count = rng.int(0...12), offset = rng.chance(0.5) ? rng.int(0...6) : 0
                q = try q.limit(count, offset: offset)
                sql += " LIMIT \(count) OFFSET \(offset)"
                verbs.append("limit")
            }
        }
        return DiffQuery(query: q, sql: sql, ordered: ordered, verbs: verbs)
    }

    /// group by 0–2 key columns with 1–3 aggregate expressions.
    mutating func aggregate(_ q: Query, _ sql: String, _ schema: [Field]) throws -> (Query, String, [Field]) {
        let candidates = schema.filter { Self.keyish.contains($0.name) || rng.chance(0.05) }
        var keys: [Field] = []
        for _ in 0..<rng.int(0...2) where !candidates.isEmpty {
            let k = rng.pick(candidates)
            if !keys.contains(k) { keys.append(k) }
        }
        let ctx = ExprContext(bare: keys, all: schema, aggregates: .group)
        var items: [NamedExpression] = []
        var list = keys.map { SQL.quote($0.name) }
        var out = keys
        for i in 1...rng.int(1...3) {
            let e = gen.of(rng.pick([DataType.integer, .integer, .float, .float, .string, .boolean]), rng.int(0...2), ctx)
            let name = "a\(i)"
            items.append(NamedExpression(name, e.hemi))
            list.append("\(e.sql) AS \(SQL.quote(name))")
            out.append(Field(name, e.type ?? .integer))
        }
        let groupBy = keys.isEmpty ? "" : " GROUP BY " + keys.map { SQL.quote($0.name) }.joined(separator: ", ")
        return (try q.aggregate(by: keys.map(\.name), items), "SELECT \(list.joined(separator: ", ")) FROM (\(sql))\(groupBy)", out)
    }
}
