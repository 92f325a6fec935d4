// Runs a bound (and optimised) plan bottom-up, materialising each verb's result as a table.
// It only evaluates: every expression was parsed, bound and checked when its verb was called,
// and rewrites belong to the optimiser. Each verb works a column at a time: expressions
// evaluate to whole columns, and row selection (filter, sort, limit, join) is an index list
// gathered from every column once.

struct Executor {
    /// Runs a plan. A chain of one-input verbs is walked down to its bottom (a source or a
    /// join) and then applied on the way back up in a loop, so a plan's length costs no
    /// stack: only joins recurse.
    func run(_ root: PlanNode) throws(EngineError) -> Table {
        var chain: [PlanNode] = []
        var node = root
        while node.children.count == 1 { chain.append(node); node = node.children[0] }
        try Cancellation.check()
        var t: Table
        switch node.operation {
        case let .source(_, table): t = table
        case let .join(left, right, kind, on, suffix):
            t = try Joiner.join(try run(left), try run(right), kind: kind, on: on, suffix: suffix)
        default: fatalError("a plan's bottom is a source or a join")
        }
        var i = chain.count - 1
        while i >= 0 {
            let verb = chain[i]
            if i > 0, case let .filter(_, predicate) = verb.operation, case let .project(_, columns) = chain[i - 1].operation {
                // A filter whose result is narrowed at once (Optimizer.pruneColumns): only the
                // columns kept are gathered, not those the predicate alone read.
                try Cancellation.check()
                let narrow = Table(unchecked: columns.map { t.fields[$0] }, columns: columns.map { t.columns[$0] }, rowCount: t.rowCount)
                t = try keptRows(t, predicate).map { narrow.gather($0) } ?? narrow
                i -= 2
            } else {
                t = try apply(verb, to: t)
                i -= 1
            }
            // Parallel kernels do not stop mid-way: a step that ran while Ctrl-C was pressed
            // is not returned.
            try Cancellation.check()
        }
        try Cancellation.check()
        return t
    }

    /// A one-input verb over its input's result `t`.
    private func apply(_ node: PlanNode, to t: Table) throws(EngineError) -> Table {
        try Cancellation.check()
        switch node.operation {
        case .source, .join:
            return try run(node)
        case let .filter(_, predicate):
            return try keptRows(t, predicate).map { t.gather($0) } ?? t
        case let .select(_, columns):
            return try select(t, columns)
        case let .derive(_, columns, partition):
            return try derive(t, columns, partition: partition)
        case let .sort(_, keys):
            return t.gather(try Ordering.permutation(t, keys, executor: self))
        case let .limit(_, count, offset):
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
        case let .project(_, columns):
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
        // Element-wise kernels skip their morsels once Ctrl-C is pressed (Parallelism.
        // elementwise): such a column is never returned.
        try Cancellation.check()
        // A constant (literal) still has one value per row.
        if c.count != t.rowCount { return Kernels.constant(c[0], type: c.type, count: t.rowCount) }
        return c
    }

    // MARK: verbs

    /// The rows where `predicate` is true, in order; nil when that is every row.
    func keptRows(_ t: Table, _ predicate: BoundExpression) throws(EngineError) -> [Int]? {
        // A numeric comparison goes straight to row numbers, without the columns in between.
        if let rows = FusedFilter.keptRows(t, predicate.expr) {
            try Cancellation.check()
            return rows.count == t.rowCount ? nil : rows
        }
        let c = try evaluate(predicate, on: t, partition: nil)
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
        // Workers do not stop mid-morsel: what ran while Ctrl-C was pressed is not used.
        try Cancellation.check()
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
        guard !partition.isEmpty else { return t.gather(try Ordering.top(t, order, count: count, executor: self)) }
        let perm = try Ordering.permutation(t, order, executor: self)
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
