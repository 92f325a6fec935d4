// Sort permutations. Each key is evaluated to a column, then reduced to something cheap to
// compare per row (an integer rank for strings, the number itself otherwise); the sort is
// stable, and nulls go last whatever the direction, as analysts expect a missing figure at
// the bottom of a ranking.

enum Ordering {
    private enum Key {
        case ints([Int64]), doubles([Double]), ranks([Int32])
    }

    static func permutation(_ t: Table, _ keys: [BoundSortKey], executor: Executor) throws(EngineError) -> [Int] {
        var prepared: [(Key, Column, Bool)] = []
        for k in keys {
            let c = try executor.evaluate(k.expression, on: t, partition: nil)
            let key: Key
            switch c.storage {
            case .int(let a): key = .ints(a)
            case .double(let a): key = .doubles(a)
            case .date(let a): key = .ints(a.map(Int64.init))
            case .bool(let a): key = .ints(a.map { $0 ? 1 : 0 })
            case .string(let codes, let dict):
                let rank = Kernels.ranks(dict)
                key = .ranks(codes.map { rank[Int($0)] })
            }
            prepared.append((key, c, k.descending))
        }
        @inline(__always) func cmp(_ a: Int, _ b: Int) -> Int {
            for (key, col, desc) in prepared {
                let na = col.isNull(a), nb = col.isNull(b)
                if na || nb {
                    if na && nb { continue }
                    return na ? 1 : -1
                }
                var c = 0
                switch key {
                case .ints(let x): c = x[a] < x[b] ? -1 : (x[a] > x[b] ? 1 : 0)
                case .doubles(let x):
                    // NaN sorts after every number (before nulls) so the order stays total.
                    let xa = x[a], xb = x[b]
                    if xa.isNaN || xb.isNaN { c = xa.isNaN == xb.isNaN ? 0 : (xa.isNaN ? 1 : -1) }
                    else { c = xa < xb ? -1 : (xa > xb ? 1 : 0) }
                case .ranks(let x): c = x[a] < x[b] ? -1 : (x[a] > x[b] ? 1 : 0)
                }
                if c != 0 { return desc ? -c : c }
            }
            return 0
        }
        // Stable: ties keep input order (the row index breaks them), so the order is total and
        // sorting morsels in parallel, then merging the runs, gives the one answer.
        func less(_ a: Int, _ b: Int) -> Bool {
            let c = cmp(a, b)
            return c != 0 ? c < 0 : a < b
        }
        // Each morsel's comparison counts its calls and looks at the cancellation flag every
        // 4,096 of them; a cancelled morsel gives up, and the check after the step throws.
        try Cancellation.check()
        var runs = Parallelism.mapMorsels(t.rowCount) { r -> [Int] in
            var calls = 0
            do {
                return try Array(r).sorted { a, b throws(EngineError) in
                    calls &+= 1
                    try Cancellation.check(every: calls)
                    return less(a, b)
                }
            } catch {
                return []
            }
        }
        try Cancellation.check()
        while runs.count > 1 {
            try Cancellation.check()
            let pairs = (runs.count + 1) / 2
            let current = runs
            runs = Parallelism.map(pairs) { k in
                k * 2 + 1 < current.count ? merge(current[k * 2], current[k * 2 + 1], less) : current[k * 2]
            }
        }
        return runs.first ?? []
    }

    /// Two sorted runs as one.
    private static func merge(_ a: [Int], _ b: [Int], _ less: (Int, Int) -> Bool) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if less(b[j], a[i]) { out.append(b[j]); j += 1 } else { out.append(a[i]); i += 1 }
        }
        out.append(contentsOf: a[i...])
        out.append(contentsOf: b[j...])
        return out
    }
}
