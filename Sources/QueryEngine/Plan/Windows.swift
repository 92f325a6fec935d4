// Window functions: a value per row computed from the other rows of its partition in a given
// order — lag/lead, change and percent change from the previous row (year-on-year when the
// order is the year), rank, row number, percent rank, ntile, running sum and z-score. The row
// order of the table is kept. Arguments were checked when the verb was bound (Query.window).
// Partitions are computed in parallel, each writing only its own rows.

enum Windows {
    /// Functions of a column or expression (the others rank by the order alone).
    static let needsArgument: Set<WindowFunction> = [.lag, .lead, .change, .pct_change, .cumsum, .zscore]
    /// Functions whose argument must be a number.
    static let numeric: Set<WindowFunction> = [.change, .pct_change, .cumsum, .zscore]

    /// The type of the column `f` makes (nil argument type: an all-null argument).
    static func resultType(_ f: WindowFunction, argument: DataType?) -> DataType {
        switch f {
        case .lag, .lead: return argument ?? .string
        case .change, .cumsum: return argument == .integer ? .integer : .float
        case .pct_change, .percent_rank, .zscore: return .float
        case .rank, .dense_rank, .row_number, .ntile: return .integer
        }
    }

    /// An array of `n` copies of `initial` that `body` fills in place through a pointer
    /// (partitions write their own rows from several threads).
    private static func filled<T>(_ n: Int, _ initial: T, _ body: (UnsafeMutableBufferPointer<T>) -> Void) -> [T] {
        var a = [T](repeating: initial, count: n)
        a.withUnsafeMutableBufferPointer { body($0) }
        return a
    }

    static func apply(_ f: WindowFunction, argument: BoundExpression?, name: String, order: [BoundSortKey], partition: [String],
                      offset: Int, to t: Table, executor: Executor) throws(EngineError) -> Table {
        let arg = try argument.map { (a: BoundExpression) throws(EngineError) -> Column in try executor.evaluate(a, on: t, partition: nil) }
        // Rows in window order, then split into partitions (keeping that order inside each).
        let perm = order.isEmpty ? Array(0..<t.rowCount) : try Ordering.permutation(t, order, executor: executor)
        let grouping = partition.isEmpty ? Grouping(ids: [Int32](repeating: 0, count: t.rowCount), count: t.rowCount > 0 ? 1 : 0)
                                         : try Grouper.group(t, by: partition, verb: f.rawValue).grouping
        var parts = [[Int]](repeating: [], count: grouping.count)
        for (k, r) in perm.enumerated() {
            try Cancellation.check(every: k)
            parts[Int(grouping.ids[r])].append(r)
        }
        let partitions = parts

        let n = t.rowCount
        // Partitions are computed in parallel, each writing only its own rows of the result:
        // the same values whatever the thread count. `each` runs `body` for every partition.
        func each(_ body: ([Int]) -> Void) {
            let tasks = Swift.min(partitions.count, 64 * Parallelism.threads)
            Parallelism.run(tasks: tasks) { task in
                var g = task
                while g < partitions.count {
                    if !Cancellation.isRequested { body(partitions[g]) }
                    g += tasks
                }
            }
        }
        var result: Column
        switch f {
        case .lag, .lead:
            let src: [Int] = filled(n, -1) { out in
                each { rows in
                    for (k, r) in rows.enumerated() {
                        let j = f == .lag ? k - offset : k + offset
                        if j >= 0 && j < rows.count { out[r] = rows[j] }
                    }
                }
            }
            result = arg!.gather(src)
        case .change, .pct_change:
            let x = Kernels.doubles(arg!)
            let isInt = arg!.type == .integer && f == .change
            var valid = [Bool](repeating: false, count: n)
            let out: [Double] = valid.withUnsafeMutableBufferPointer { v in
                filled(n, 0) { out in
                    each { rows in
                        for (k, r) in rows.enumerated() where k >= offset {
                            let p = rows[k - offset]
                            guard !arg!.isNull(r), !arg!.isNull(p) else { continue }
                            if f == .change { out[r] = x[r] - x[p]; v[r] = true }
                            else if x[p] != 0 { out[r] = (x[r] - x[p]) / Swift.abs(x[p]) * 100; v[r] = true }
                        }
                    }
                }
            }
            result = isInt ? Column(.int(out.map { Int64($0) }), valid: valid) : Column(.double(out), valid: valid)
        case .rank, .dense_rank, .row_number:
            // Ties (equal order keys) share a rank; rank leaves gaps after ties, dense_rank not.
            var keyCols: [Column] = []
            if f != .row_number { for k in order { keyCols.append(try executor.evaluate(k.expression, on: t, partition: nil)) } }
            let keys = keyCols
            func same(_ a: Int, _ b: Int) -> Bool { keys.allSatisfy { $0[a] == $0[b] } }
            let out: [Int64] = filled(n, 0) { out in
                each { rows in
                    var rank: Int64 = 0, dense: Int64 = 0
                    for (k, r) in rows.enumerated() {
                        if f == .row_number { out[r] = Int64(k + 1); continue }
                        let tie = k > 0 && same(rows[k - 1], r)
                        if !tie { rank = Int64(k + 1); dense += 1 }
                        out[r] = f == .rank ? rank : dense
                    }
                }
            }
            result = Column(.int(out))
        case .percent_rank:
            // (rank - 1) / (rows - 1) among the rows whose order keys are all present; a row
            // with a missing key is left out and gets nil (a missing figure has no rank). One
            // such row alone ranks 0, as in SQL.
            var keyCols: [Column] = []
            for k in order { keyCols.append(try executor.evaluate(k.expression, on: t, partition: nil)) }
            let keys = keyCols
            func same(_ a: Int, _ b: Int) -> Bool { keys.allSatisfy { $0[a] == $0[b] } }
            var valid = [Bool](repeating: false, count: n)
            let out: [Double] = valid.withUnsafeMutableBufferPointer { v in
                filled(n, 0) { out in
                    each { rows in
                        let present = rows.filter { r in !keys.contains { $0.isNull(r) } }
                        var rank = 0
                        for (k, r) in present.enumerated() {
                            if k == 0 || !same(present[k - 1], r) { rank = k }
                            out[r] = present.count > 1 ? Double(rank) / Double(present.count - 1) : 0
                            v[r] = true
                        }
                    }
                }
            }
            result = Column(.double(out), valid: valid)
        case .ntile:
            // Buckets 1...offset of sizes that differ by at most one, the larger ones first.
            let out: [Int64] = filled(n, 0) { out in
                each { rows in
                    let size = rows.count / offset, larger = rows.count % offset
                    var bucket = 0, left = 0
                    for r in rows {
                        if left == 0 { bucket += 1; left = size + (bucket <= larger ? 1 : 0) }
                        out[r] = Int64(bucket); left -= 1
                    }
                }
            }
            result = Column(.int(out))
        case .zscore:
            // (x - mean) / standard deviation (n - 1) of the partition's present values; nil for
            // a missing x, and for every row when fewer than two values or all equal.
            let x = Kernels.doubles(arg!)
            var valid = [Bool](repeating: false, count: n)
            let out: [Double] = valid.withUnsafeMutableBufferPointer { v in
                filled(n, 0) { out in
                    each { rows in
                        let present = rows.filter { !arg!.isNull($0) }
                        guard present.count > 1 else { return }
                        let mean = present.reduce(0.0) { $0 + x[$1] } / Double(present.count)
                        let sd = (present.reduce(0.0) { $0 + (x[$1] - mean) * (x[$1] - mean) } / Double(present.count - 1)).squareRoot()
                        guard sd > 0, sd.isFinite else { return }
                        for r in present { out[r] = (x[r] - mean) / sd; v[r] = true }
                    }
                }
            }
            result = Column(.double(out), valid: valid)
        case .cumsum:
            let x = Kernels.doubles(arg!)
            let out: [Double] = filled(n, 0) { out in
                each { rows in
                    var s = 0.0
                    for r in rows { if !arg!.isNull(r) { s += x[r] }; out[r] = s }
                }
            }
            result = arg!.type == .integer ? Column(.int(out.map { Int64($0) })) : Column(.double(out))
        }
        // A partition skipped after Ctrl-C leaves its rows unset: never return them.
        try Cancellation.check()
        var fields = t.fields, cols = t.columns
        if let i = fields.firstIndex(where: { $0.name == name }) { fields[i] = Field(name, result.type); cols[i] = result }
        else { fields.append(Field(name, result.type)); cols.append(result) }
        return Table(unchecked: fields, columns: cols, rowCount: n)
    }
}
