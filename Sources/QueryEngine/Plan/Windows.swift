// Window functions: a value per row computed from the other rows of its partition in a given
// order — lag/lead, change and percent change from the previous row (year-on-year when the
// order is the year), rank, row number and running sum. The row order of the table is kept.

enum Windows {
    static func apply(_ f: WindowFunction, argument: String?, name: String, order: [SortKey], partition: [String],
                      offset: Int, to t: Table, executor: Executor) throws(EngineError) -> Table {
        let needsArgument: Set<WindowFunction> = [.lag, .lead, .change, .pct_change, .cumsum]
        if needsArgument.contains(f) && argument == nil {
            throw EngineError("\(f.rawValue): needs a column or expression")
        }
        guard offset >= 0 else { throw EngineError("\(f.rawValue): offset must be 0 or more, got \(offset)") }
        let arg = try argument.map { (a: String) throws(EngineError) -> Column in try executor.evaluate(a, on: t, partition: nil) }
        if let arg, [.change, .pct_change, .cumsum].contains(f), !arg.type.isNumeric {
            throw EngineError("\(f.rawValue)(\(argument ?? "")): needs a number, got \(arg.type)")
        }
        // Rows in window order, then split into partitions (keeping that order inside each).
        let perm = order.isEmpty ? Array(0..<t.rowCount) : try Ordering.permutation(t, order, executor: executor)
        let ids = partition.isEmpty ? [Int32](repeating: 0, count: t.rowCount)
                                    : try Grouper.group(t, by: partition, verb: f.rawValue).grouping.ids
        var parts: [Int32: [Int]] = [:]
        for (k, r) in perm.enumerated() {
            try Cancellation.check(every: k)
            parts[ids[r], default: []].append(r)
        }

        let n = t.rowCount
        var result: Column
        switch f {
        case .lag, .lead:
            var src = [Int](repeating: -1, count: n)
            for rows in parts.values {
                for (k, r) in rows.enumerated() {
                    let j = f == .lag ? k - offset : k + offset
                    if j >= 0 && j < rows.count { src[r] = rows[j] }
                }
            }
            result = arg!.gather(src)
        case .change, .pct_change:
            let x = Kernels.doubles(arg!)
            let isInt = arg!.type == .integer && f == .change
            var out = [Double](repeating: 0, count: n), valid = [Bool](repeating: false, count: n)
            for rows in parts.values {
                for (k, r) in rows.enumerated() where k >= offset {
                    let p = rows[k - offset]
                    guard !arg!.isNull(r), !arg!.isNull(p) else { continue }
                    if f == .change { out[r] = x[r] - x[p]; valid[r] = true }
                    else if x[p] != 0 { out[r] = (x[r] - x[p]) / Swift.abs(x[p]) * 100; valid[r] = true }
                }
            }
            result = isInt ? Column(.int(out.map { Int64($0) }), valid: valid) : Column(.double(out), valid: valid)
        case .rank, .dense_rank, .row_number:
            // Ties (equal order keys) share a rank; rank leaves gaps after ties, dense_rank not.
            var out = [Int64](repeating: 0, count: n)
            var keyCols: [Column] = []
            for k in order {
                if let i = t.index(of: k.expression) { keyCols.append(t.columns[i]) }
                else { keyCols.append(try executor.evaluate(k.expression, on: t, partition: nil)) }
            }
            func same(_ a: Int, _ b: Int) -> Bool { keyCols.allSatisfy { $0[a] == $0[b] } }
            for rows in parts.values {
                var rank: Int64 = 0, dense: Int64 = 0
                for (k, r) in rows.enumerated() {
                    let tie = k > 0 && same(rows[k - 1], r)
                    if !tie { rank = Int64(k + 1); dense += 1 }
                    out[r] = f == .row_number ? Int64(k + 1) : (f == .rank ? rank : dense)
                }
            }
            result = Column(.int(out))
        case .cumsum:
            let x = Kernels.doubles(arg!)
            var out = [Double](repeating: 0, count: n)
            for rows in parts.values {
                var s = 0.0
                for r in rows { if !arg!.isNull(r) { s += x[r] }; out[r] = s }
            }
            result = arg!.type == .integer ? Column(.int(out.map { Int64($0) })) : Column(.double(out))
        }
        var fields = t.fields, cols = t.columns
        if let i = fields.firstIndex(where: { $0.name == name }) { fields[i] = Field(name, result.type); cols[i] = result }
        else { fields.append(Field(name, result.type)); cols.append(result) }
        return Table(unchecked: fields, columns: cols, rowCount: n)
    }
}
