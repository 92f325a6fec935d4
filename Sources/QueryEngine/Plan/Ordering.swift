// Sort permutations. Each key is evaluated to a column, then reduced to something cheap to
// compare per row (an integer rank for strings, the number itself otherwise); the sort is
// stable, and nulls go last whatever the direction, as analysts expect a missing figure at
// the bottom of a ranking.

enum Ordering {
    enum Key {
        case ints([Int64]), doubles([Double]), ranks([Int32])
    }

    static func permutation(_ t: Table, _ keys: [BoundSortKey], executor: Executor) throws(EngineError) -> [Int] {
        let prepared = try prepare(t, keys, executor: executor)
        if prepared.count == 1 { return try permutation(oneKey: prepared[0]) }
        let less = comparator(prepared)
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
        // A merge that saw Ctrl-C gave up: never return what it left.
        try Cancellation.check()
        return runs.first ?? []
    }

    /// The first `count` rows of `permutation(t, keys)`, without sorting the rest: each morsel
    /// keeps its best `count` rows in a heap, then those candidates are sorted. The order is
    /// total (the row number breaks ties), so the answer is the same on any thread count and
    /// the same as the full sort's. Worth it when `count` is small against a morsel.
    static func top(_ t: Table, _ keys: [BoundSortKey], count: Int, executor: Executor) throws(EngineError) -> [Int] {
        let n = t.rowCount
        guard count > 0 else { return [] }
        guard count * 8 <= Parallelism.morselRows, count < n else {
            return Array(try permutation(t, keys, executor: executor).prefix(count))
        }
        let less = comparator(try prepare(t, keys, executor: executor))
        try Cancellation.check()
        let candidates = Parallelism.mapMorsels(n) { r -> [Int] in
            // A heap of the best rows so far whose root is the one that sorts last of them.
            var heap: [Int] = []
            heap.reserveCapacity(count)
            for i in r {
                if i & (Cancellation.stride - 1) == 0 && Cancellation.isRequested { return [] }
                if heap.count < count {
                    heap.append(i)
                    var c = heap.count - 1
                    while c > 0 {
                        let p = (c - 1) / 2
                        guard less(heap[p], heap[c]) else { break }
                        heap.swapAt(p, c); c = p
                    }
                } else if less(i, heap[0]) {
                    heap[0] = i
                    var p = 0
                    while true {
                        let l = 2 * p + 1, rr = l + 1
                        var last = p
                        if l < count && less(heap[last], heap[l]) { last = l }
                        if rr < count && less(heap[last], heap[rr]) { last = rr }
                        if last == p { break }
                        heap.swapAt(p, last); p = last
                    }
                }
            }
            return heap
        }
        // A morsel that saw Ctrl-C gave up: never return what it left.
        try Cancellation.check()
        return Array(candidates.flatMap { $0 }.sorted(by: less).prefix(count))
    }

    /// Each key evaluated and reduced to what is cheap to compare, with its column (for the
    /// nulls) and direction.
    private static func prepare(_ t: Table, _ keys: [BoundSortKey], executor: Executor) throws(EngineError) -> [(Key, Column, Bool)] {
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
        return prepared
    }

    /// "Row a sorts before row b" under the keys: nulls last whatever the direction, NaN after
    /// every number, ties broken by the row number, so the order is total.
    private static func comparator(_ prepared: [(Key, Column, Bool)]) -> (Int, Int) -> Bool {
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
        return { a, b in
            let c = cmp(a, b)
            return c != 0 ? c < 0 : a < b
        }
    }

    /// Two sorted runs as one.
    private static func merge(_ a: [Int], _ b: [Int], _ less: (Int, Int) -> Bool) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            // The last merge of 10M rows takes longer than Ctrl-C may wait: a merge that sees
            // the flag gives up, and the check after the merges throws.
            if (i &+ j) & (Cancellation.stride - 1) == 0 && Cancellation.isRequested { return [] }
            if less(b[j], a[i]) { out.append(b[j]); j += 1 } else { out.append(a[i]); i += 1 }
        }
        out.append(contentsOf: a[i...])
        out.append(contentsOf: b[j...])
        return out
    }
}
