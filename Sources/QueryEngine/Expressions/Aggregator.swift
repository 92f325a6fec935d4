// Aggregates: reduce a column to one value per group. Nulls are skipped, as in SQL: sum of
// no values is null, count counts non-null values (count() counts rows).

enum Aggregator {
    /// One value per group of `grouping`. `arg` is nil for count(); `rows` is the input length.
    static func reduce(_ f: AggregateFunction, _ arg: Column?, rows: Int, by grouping: Grouping,
                       type: DataType?) throws(EngineError) -> Column {
        let g = grouping.count
        let ids = grouping.ids
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
}
