// Runs a bound (and optimised) plan bottom-up, materialising each verb's result as a table.
// It only evaluates: every expression was parsed, bound and checked when its verb was called,
// and rewrites belong to the optimiser. Each verb works a column at a time: expressions
// evaluate to whole columns, and row selection (filter, sort, limit, join) is an index list
// gathered from every column once.

struct Executor {
    func run(_ node: PlanNode) throws(EngineError) -> Table {
        switch node.operation {
        case let .source(_, table):
            return table
        case let .filter(child, predicate):
            let t = try run(child)
            return try keptRows(t, predicate).map { t.gather($0) } ?? t
        case let .select(child, columns):
            return try select(try run(child), columns)
        case let .derive(child, columns, partition):
            return try derive(try run(child), columns, partition: partition)
        case let .sort(child, keys):
            let t = try run(child)
            return t.gather(try Ordering.permutation(t, keys, executor: self))
        case let .limit(child, count, offset):
            let t = try run(child)
            let start = min(offset, t.rowCount), end = min(t.rowCount, start + count)
            return t.gather(Array(start..<end))
        case let .distinct(child, columns):
            return try distinct(try run(child), columns)
        case let .aggregate(child, keys, aggregates):
            return try aggregate(try run(child), keys: keys, aggregates)
        case let .join(left, right, kind, on, suffix):
            return try Joiner.join(try run(left), try run(right), kind: kind, on: on, suffix: suffix)
        case let .top(child, count, order, partition):
            return try top(try run(child), count: count, order: order, partition: partition)
        case let .window(child, function, argument, name, order, partition, offset):
            return try Windows.apply(function, argument: argument, name: name, order: order, partition: partition,
                                     offset: offset, to: try run(child), executor: self)
        case let .project(child, columns):
            let t = try run(child)
            return Table(unchecked: columns.map { t.fields[$0] }, columns: columns.map { t.columns[$0] }, rowCount: t.rowCount)
        }
    }

    // MARK: expressions

    /// One value per row of `t` (a column read as is; a constant spread to every row).
    func evaluate(_ e: BoundExpression, on t: Table, partition: Grouping?) throws(EngineError) -> Column {
        if case .column(let i, _) = e.expr { return t.columns[i] }
        var ev = ExprEvaluator(table: t)
        ev.partition = partition
        ev.source = e.text
        let c = try ev.eval(e.expr)
        // A constant (literal) still has one value per row.
        if c.count != t.rowCount { return Kernels.constant(c[0], type: c.type, count: t.rowCount) }
        return c
    }

    // MARK: verbs

    /// The rows where `predicate` is true, in order; nil when that is every row.
    func keptRows(_ t: Table, _ predicate: BoundExpression) throws(EngineError) -> [Int]? {
        let c = try evaluate(predicate, on: t, partition: nil)
        // SQL semantics: only rows where the condition is true; false and null are dropped.
        guard case .bool(let keep) = c.storage else { return [] }
        var rows: [Int] = []
        rows.reserveCapacity(t.rowCount)
        for i in 0..<t.rowCount where keep[i] && !c.isNull(i) { rows.append(i) }
        return rows.count == t.rowCount ? nil : rows
    }

    func select(_ t: Table, _ columns: [BoundColumn]) throws(EngineError) -> Table {
        var cols: [Column] = []
        for c in columns { cols.append(try evaluate(c.expression, on: t, partition: nil)) }
        return try Table(fields: columns.map(\.name), columns: cols)
    }

    func derive(_ t: Table, _ columns: [BoundColumn], partition: [String]) throws(EngineError) -> Table {
        var fields = t.fields, cols = t.columns
        let grouping = partition.isEmpty ? nil : try Grouper.group(t, by: partition, verb: "derive").grouping
        for c in columns {
            // Bound against the fields as they were before this column: the same positions.
            let current = Table(unchecked: fields, columns: cols, rowCount: t.rowCount)
            let value = try evaluate(c.expression, on: current, partition: grouping)
            if let i = fields.firstIndex(where: { $0.name == c.name }) {
                fields[i] = Field(c.name, value.type); cols[i] = value
            } else {
                fields.append(Field(c.name, value.type)); cols.append(value)
            }
        }
        return Table(unchecked: fields, columns: cols, rowCount: t.rowCount)
    }

    func distinct(_ t: Table, _ columns: [String]) throws(EngineError) -> Table {
        let names = columns.isEmpty ? t.columnNames : columns
        let groups = try Grouper.group(t, by: names, verb: "distinct")
        let projected: Table
        if columns.isEmpty { projected = t } else {
            let at = columns.map { t.index(of: $0)! }
            projected = Table(unchecked: at.map { t.fields[$0] }, columns: at.map { t.columns[$0] }, rowCount: t.rowCount)
        }
        return projected.gather(groups.firstRows)
    }

    func aggregate(_ t: Table, keys: [String], _ aggregates: [BoundColumn]) throws(EngineError) -> Table {
        let groups = try Grouper.group(t, by: keys, verb: "group")
        // Without keys there is exactly one group, even over no rows (count() is then 0).
        let grouping = keys.isEmpty ? Grouping(ids: groups.grouping.ids, count: 1) : groups.grouping
        let keyIndices = keys.compactMap { t.index(of: $0) }
        var keyColumns: [Int: Column] = [:]
        for i in keyIndices { keyColumns[i] = t.columns[i].gather(groups.firstRows) }
        var names = keys, cols = keyIndices.map { keyColumns[$0]! }
        for a in aggregates {
            var ev = ExprEvaluator(table: t)
            ev.groups = (grouping, keyColumns)
            ev.source = a.expression.text
            var c = try ev.eval(a.expression.expr)
            if c.count != grouping.count { c = Kernels.constant(c.count > 0 ? c[0] : .null, type: c.type, count: grouping.count) }
            names.append(a.name); cols.append(c)
        }
        return try Table(fields: names, columns: cols)
    }

    func top(_ t: Table, count: Int, order: [BoundSortKey], partition: [String]) throws(EngineError) -> Table {
        let perm = try Ordering.permutation(t, order, executor: self)
        guard !partition.isEmpty else { return t.gather(Array(perm.prefix(count))) }
        let g = try Grouper.group(t, by: partition, verb: "top")
        // Groups in order of first appearance, each group's rows in sort order.
        var buckets = [[Int]](repeating: [], count: g.grouping.count)
        for r in perm where buckets[Int(g.grouping.ids[r])].count < count { buckets[Int(g.grouping.ids[r])].append(r) }
        return t.gather(buckets.flatMap { $0 })
    }
}
