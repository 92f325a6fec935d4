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
        // Stable: ties keep input order (the row index breaks them). The comparison counts
        // its calls and looks at the cancellation flag every 4,096 of them.
        try Cancellation.check()
        var calls = 0
        do {
            return try Array(0..<t.rowCount).sorted { a, b throws(EngineError) in
                calls &+= 1
                try Cancellation.check(every: calls)
                let c = cmp(a, b)
                return c != 0 ? c < 0 : a < b
            }
        } catch let error as EngineError {
            throw error
        } catch {
            throw EngineError("sort: \(error)")
        }
    }
}
