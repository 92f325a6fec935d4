// Aggregates: reduce a column to one value per group. Nulls are skipped, as in SQL: sum of
// no values is null, count counts non-null values (count() counts rows).

enum Aggregator {
    /// One value per group of `grouping`. `arg` is nil for count(); `rows` is the input length.
    static func reduce(_ f: AggregateFunction, _ arg: Column?, rows: Int, by grouping: Grouping,
                       type: DataType?) throws(EngineError) -> Column {
        let g = grouping.count
        let ids = grouping.ids
        if let partial = try partials(f, arg, rows: rows, by: grouping, type: type) { return partial }
        guard let arg else {
            var counts = [Int64](repeating: 0, count: g)
            for r in 0..<rows { counts[Int(ids[r])] += 1 }
            return Column(.int(counts))
        }
        @inline(__always) func present(_ r: Int) -> Bool { !arg.isNull(r) }
        switch f {
        case .count:
            var counts = [Int64](repeating: 0, count: g)
            for r in 0..<rows where present(r) { counts[Int(ids[r])] += 1 }
            return Column(.int(counts))
        case .count_distinct:
            var seen = [Set<Value>](repeating: [], count: g)
            for r in 0..<rows where present(r) { seen[Int(ids[r])].insert(arg[r]) }
            return Column(.int(seen.map { Int64($0.count) }))
        case .sum:
            var has = [Bool](repeating: false, count: g)
            if case .int(let a) = arg.storage, type == .integer {
                var sums = [Int64](repeating: 0, count: g)
                for r in 0..<rows where present(r) {
                    let k = Int(ids[r])
                    let (s, o) = sums[k].addingReportingOverflow(a[r])
                    if o { throw EngineError("integer overflow in sum; write sum(1.0 * x) to add in floating point") }
                    sums[k] = s; has[k] = true
                }
                return Column(.int(sums), valid: has)
            }
            let x = Kernels.doubles(arg)
            var sums = [Double](repeating: 0, count: g)
            for r in 0..<rows where present(r) { sums[Int(ids[r])] += x[r]; has[Int(ids[r])] = true }
            return Column(.double(sums), valid: has)
        case .avg:
            let x = Kernels.doubles(arg)
            var sums = [Double](repeating: 0, count: g), counts = [Int](repeating: 0, count: g)
            for r in 0..<rows where present(r) { sums[Int(ids[r])] += x[r]; counts[Int(ids[r])] += 1 }
            return Column(.double((0..<g).map { counts[$0] == 0 ? 0 : sums[$0] / Double(counts[$0]) }),
                          valid: counts.map { $0 > 0 })
        case .median:
            let x = Kernels.doubles(arg)
            var buckets = [[Double]](repeating: [], count: g)
            for r in 0..<rows where present(r) { buckets[Int(ids[r])].append(x[r]) }
            let out = buckets.map { b -> Double in
                guard !b.isEmpty else { return 0 }
                let s = b.sorted(), m = s.count / 2
                return s.count % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2
            }
            return Column(.double(out), valid: buckets.map { !$0.isEmpty })
        case .min, .max:
            // Best row per group under the engine's total order; then gather those rows.
            var best = [Int](repeating: -1, count: g)
            let sign = f == .min ? -1 : 1
            if case .string(let codes, let dict) = arg.storage {
                let rank = Kernels.ranks(dict)
                for r in 0..<rows where present(r) {
                    let k = Int(ids[r])
                    if best[k] < 0 || (Int(rank[Int(codes[r])]) - Int(rank[Int(codes[best[k]])])) * sign > 0 { best[k] = r }
                }
            } else {
                for r in 0..<rows where present(r) {
                    let k = Int(ids[r])
                    if best[k] < 0 || Value.compare(arg[r], arg[best[k]]) * sign > 0 { best[k] = r }
                }
            }
            return arg.gather(best)
        }
    }

    /// count, sum and avg over several morsels with few groups: a partial result per morsel,
    /// then the partials added in morsel order. Whether this runs depends on the row and group
    /// counts and the morsel size, never on the thread count, so float sums are the same bits
    /// on any number of threads. nil: the front-to-back loops above apply.
    private static func partials(_ f: AggregateFunction, _ arg: Column?, rows: Int, by grouping: Grouping,
                                 type: DataType?) throws(EngineError) -> Column? {
        let g = grouping.count
        guard Parallelism.morsels(rows).count > 1, g <= max(64, Parallelism.morselRows / 4) else { return nil }
        let ids = grouping.ids
        let valid = arg?.valid
        switch (f, arg?.storage) {
        case (.count, _), (_, nil):
            guard f == .count || arg == nil else { return nil }
            let parts = ids.withUnsafeBufferPointer { idp in
                Parallelism.mapMorsels(rows) { r -> [Int64] in
                    var counts = [Int64](repeating: 0, count: g)
                    if let valid { for i in r where valid[i] { counts[Int(idp[i])] += 1 } }
                    else { for i in r { counts[Int(idp[i])] += 1 } }
                    return counts
                }
            }
            var total = [Int64](repeating: 0, count: g)
            for p in parts { for k in 0..<g { total[k] += p[k] } }
            return Column(.int(total))
        case (.sum, .int(let a)?) where type == .integer:
            let parts = ids.withUnsafeBufferPointer { idp in
                a.withUnsafeBufferPointer { ap in
                    Parallelism.mapMorsels(rows) { r -> (sums: [Int64], has: [Bool], overflow: Bool) in
                        var sums = [Int64](repeating: 0, count: g), has = [Bool](repeating: false, count: g)
                        for i in r where valid?[i] ?? true {
                            let k = Int(idp[i])
                            let (s, o) = sums[k].addingReportingOverflow(ap[i])
                            if o { return ([], [], true) }
                            sums[k] = s; has[k] = true
                        }
                        return (sums, has, false)
                    }
                }
            }
            var total = [Int64](repeating: 0, count: g), has = [Bool](repeating: false, count: g)
            for p in parts {
                if p.overflow { throw EngineError("integer overflow in sum; write sum(1.0 * x) to add in floating point") }
                for k in 0..<g where p.has[k] {
                    let (s, o) = total[k].addingReportingOverflow(p.sums[k])
                    if o { throw EngineError("integer overflow in sum; write sum(1.0 * x) to add in floating point") }
                    total[k] = s; has[k] = true
                }
            }
            return Column(.int(total), valid: has)
        case (.sum, .int?), (.sum, .double?), (.avg, .int?), (.avg, .double?):
            let x = Kernels.doubles(arg!)
            let parts = ids.withUnsafeBufferPointer { idp in
                x.withUnsafeBufferPointer { xp in
                    Parallelism.mapMorsels(rows) { r -> (sums: [Double], counts: [Int]) in
                        var sums = [Double](repeating: 0, count: g), counts = [Int](repeating: 0, count: g)
                        if let valid { for i in r where valid[i] { let k = Int(idp[i]); sums[k] += xp[i]; counts[k] += 1 } }
                        else { for i in r { let k = Int(idp[i]); sums[k] += xp[i]; counts[k] += 1 } }
                        return (sums, counts)
                    }
                }
            }
            var sums = [Double](repeating: 0, count: g), counts = [Int](repeating: 0, count: g)
            for p in parts { for k in 0..<g { sums[k] += p.sums[k]; counts[k] += p.counts[k] } }
            if f == .sum { return Column(.double(sums), valid: counts.map { $0 > 0 }) }
            return Column(.double((0..<g).map { counts[$0] == 0 ? 0 : sums[$0] / Double(counts[$0]) }), valid: counts.map { $0 > 0 })
        default:
            return nil
        }
    }
}
