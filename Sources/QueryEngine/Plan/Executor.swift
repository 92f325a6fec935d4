// Runs a plan bottom-up, materialising each verb's result as a table. Each verb works a
// column at a time: expressions evaluate to whole columns, and row selection (filter, sort,
// limit, join) is an index list gathered from every column once.

struct Executor {
    let resolver: MetricResolver?

    /// Runs a plan. A chain of one-input verbs is walked down to its bottom (a source, a
    /// join, or an aggregate over a filter, which run together) and then applied on the way
    /// back up in a loop, so a plan's length costs no stack: only joins recurse.
    func run(_ root: PlanNode) throws(EngineError) -> Table {
        var chain: [PlanNode] = []
        var node = root
        while true {
            if case .aggregate(.filter, _, _) = node { break }
            guard case .some(let child) = node.children.count == 1 ? node.children.first : nil else { break }
            chain.append(node)
            node = child
        }
        var t = try runBottom(node)
        for verb in chain.reversed() {
            t = try apply(verb, to: t)
            // Parallel kernels do not stop mid-way: a step that ran while Ctrl-C was pressed
            // is not returned.
            try Cancellation.check()
        }
        return t
    }

    /// A node that is not applied to a single input from the chain.
    private func runBottom(_ node: PlanNode) throws(EngineError) -> Table {
        try Cancellation.check()
        let result = try step(node)
        try Cancellation.check()   // as after each step of the chain
        return result
    }

    private func step(_ node: PlanNode) throws(EngineError) -> Table {
        switch node {
        case let .source(_, table):
            return table
        case let .aggregate(.filter(source, predicate), keys, aggregates):
            // Only the columns the keys and the aggregates read are gathered after the filter (a filter keeping most of a wide table otherwise copies every
            // column first: at 10M rows that was most of the time of a filtered count).
            let t = try run(source)
            let rows = try keptRows(t, predicate)
            let needed = prune(t, keeping: keys, aggregates.map(\.expression), keys: keys)
            return try aggregate(rows.map { needed.gather($0) } ?? needed, keys: keys, aggregates)
        case let .join(left, right, kind, on, suffix):
            return try Joiner.join(try run(left), try run(right), kind: kind, on: on, suffix: suffix)
        default:
            return try apply(node, to: try run(node.children[0]))
        }
    }

    /// A one-input verb over its input's result `t`.
    private func apply(_ node: PlanNode, to t: Table) throws(EngineError) -> Table {
        try Cancellation.check()
        switch node {
        case .source, .join:
            return try runBottom(node)
        case let .filter(_, predicate):
            return try filter(t, predicate)
        case let .select(_, columns):
            return try select(t, columns)
        case let .derive(_, columns, partition):
            return try derive(t, columns, partition: partition)
        case let .sort(_, keys):
            return t.gather(try Ordering.permutation(t, keys, executor: self))
        case let .limit(_, count, offset):
            guard count >= 0, offset >= 0 else { throw EngineError("limit: count and offset must be 0 or more, got \(count) and \(offset)") }
            let start = min(offset, t.rowCount), end = min(t.rowCount, start + count)
            return t.gather(Array(start..<end))
        case let .distinct(_, columns):
            return try distinct(t, columns)
        case let .aggregate(_, keys, aggregates):
            return try aggregate(t, keys: keys, aggregates)
        case let .top(_, count, order, partition):
            return try top(t, count: count, order: order, partition: partition)
        case let .window(_, function, argument, name, order, partition, offset):
            return try Windows.apply(function, argument: argument, name: name, order: order, partition: partition,
                                     offset: offset, to: t, executor: self)
        }
    }

    // MARK: expressions

    func bind(_ text: String, _ table: Table, mode: ExprBinder.Mode = .row) throws(EngineError) -> BoundExpr {
        do throws(ExprError) {
            return try ExprBinder.bind(text, fields: table.fields, resolver: resolver, mode: mode)
        } catch {
            throw error.engineError
        }
    }

    func evaluate(_ text: String, on table: Table, partition: Grouping?) throws(EngineError) -> Column {
        let bound = try bind(text, table)
        var ev = ExprEvaluator(table: table)
        ev.partition = partition
        ev.source = text
        let c = try ev.eval(bound)
        // A constant (literal) still has one value per row.
        if c.count != table.rowCount { return Kernels.constant(c[0], type: c.type, count: table.rowCount) }
        return c
    }

    /// `t` with only the columns that `rowExpressions` (row mode) and `groupExpressions` (per
    /// group of `keys`) read, in their order; `t` itself when an expression does not bind (the
    /// verb then reports the error on the whole table, as without pruning).
    func prune(_ t: Table, keeping rowExpressions: [String], _ groupExpressions: [String], keys: [String]) -> Table {
        var used = Set<Int>()
        for text in rowExpressions {
            guard let b = try? bind(text, t) else { return t }
            used.formUnion(b.columnsUsed)
        }
        let keyIndices = Set(keys.compactMap { t.index(of: $0) })
        used.formUnion(keyIndices)
        for text in groupExpressions {
            guard let b = try? bind(text, t, mode: .group(keys: keyIndices)) else { return t }
            used.formUnion(b.columnsUsed)
        }
        guard used.count < t.columns.count else { return t }
        let order = used.sorted()
        return Table(unchecked: order.map { t.fields[$0] }, columns: order.map { t.columns[$0] }, rowCount: t.rowCount)
    }

    // MARK: verbs

    func filter(_ t: Table, _ predicate: String) throws(EngineError) -> Table {
        try keptRows(t, predicate).map { t.gather($0) } ?? t
    }

    /// The rows where `predicate` is true, in order; nil when that is every row.
    func keptRows(_ t: Table, _ predicate: String) throws(EngineError) -> [Int]? {
        let bound = try bind(predicate, t)
        if let type = bound.type, type != .boolean {
            throw EngineError("filter needs a condition (true or false), but this expression gives \(type)\n  \(predicate)")
        }
        var ev = ExprEvaluator(table: t)
        ev.source = predicate
        let c = try ev.eval(bound)
        // SQL semantics: only rows where the condition is true; false and null are dropped.
        guard case .bool(let keep) = c.storage else { return [] }
        // The kept rows of each morsel, concatenated in morsel order.
        let rows: [Int] = keep.withUnsafeBufferPointer { k in
            Parallelism.concatMorsels(t.rowCount) { r in
                var out: [Int] = []
                out.reserveCapacity(r.count)
                if let valid = c.valid {
                    for i in r where k[i] && valid[i] { out.append(i) }
                } else {
                    for i in r where k[i] { out.append(i) }
                }
                return out
            }
        }
        // Workers skip their morsels once Ctrl-C is pressed: what they left is not used.
        try Cancellation.check()
        return rows.count == t.rowCount ? nil : rows
    }

    func select(_ t: Table, _ columns: [NamedExpression]) throws(EngineError) -> Table {
        var names: [String] = [], cols: [Column] = []
        for c in columns {
            if let i = t.index(of: c.expression) { cols.append(t.columns[i]) }
            else { cols.append(try evaluate(c.expression, on: t, partition: nil)) }
            names.append(c.name)
        }
        return try Table(fields: names, columns: cols)
    }

    func derive(_ t: Table, _ columns: [NamedExpression], partition: [String]) throws(EngineError) -> Table {
        var fields = t.fields, cols = t.columns
        let grouping = partition.isEmpty ? nil : try Grouper.group(t, by: partition, verb: "derive").grouping
        for c in columns {
            let current = Table(unchecked: fields, columns: cols, rowCount: t.rowCount)
            let value = try evaluate(c.expression, on: current, partition: grouping)
            try WorkBudget.charge(value.estimatedBytes)
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
        let projected = columns.isEmpty ? t : try select(t, columns.map { NamedExpression($0, $0) })
        return projected.gather(groups.firstRows)
    }

    func aggregate(_ t: Table, keys: [String], _ aggregates: [NamedExpression]) throws(EngineError) -> Table {
        let groups = try Grouper.group(t, by: keys, verb: "group")
        // Without keys there is exactly one group, even over no rows (count() is then 0).
        let grouping = keys.isEmpty ? Grouping(ids: groups.grouping.ids, count: 1) : groups.grouping
        let keyIndices = keys.compactMap { t.index(of: $0) }
        var keyColumns: [Int: Column] = [:]
        for i in keyIndices { keyColumns[i] = t.columns[i].gather(groups.firstRows) }
        var names = keys, cols = keyIndices.map { keyColumns[$0]! }
        for a in aggregates {
            let bound = try bind(a.expression, t, mode: .group(keys: Set(keyIndices)))
            var ev = ExprEvaluator(table: t)
            ev.groups = (grouping, keyColumns)
            ev.source = a.expression
            var c = try ev.eval(bound)
            if c.count != grouping.count { c = Kernels.constant(c.count > 0 ? c[0] : .null, type: c.type, count: grouping.count) }
            names.append(a.name); cols.append(c)
        }
        return try Table(fields: names, columns: cols)
    }

    func top(_ t: Table, count: Int, order: [SortKey], partition: [String]) throws(EngineError) -> Table {
        guard count >= 0 else { throw EngineError("top: count must be 0 or more, got \(count)") }
        let perm = try Ordering.permutation(t, order, executor: self)
        guard !partition.isEmpty else { return t.gather(Array(perm.prefix(count))) }
        let g = try Grouper.group(t, by: partition, verb: "top")
        // Groups in order of first appearance, each group's rows in sort order.
        var buckets = [[Int]](repeating: [], count: g.grouping.count)
        for (k, r) in perm.enumerated() where buckets[Int(g.grouping.ids[r])].count < count {
            try Cancellation.check(every: k)
            buckets[Int(g.grouping.ids[r])].append(r)
        }
        return t.gather(buckets.flatMap { $0 })
    }
}
