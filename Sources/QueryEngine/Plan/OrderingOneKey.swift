// A sort on one key (the usual `sort("name")`, `sort("total desc")`): each present row becomes
// a pair (key as an order-preserving unsigned integer, row number) and the pairs are sorted by
// plain integer comparison, morsels in parallel then merged pairwise, instead of calling the
// general comparator closure (a loop over keys, a switch and two null checks per call) ~20
// times a row. Null rows follow, in row order. The order is the comparator's exactly:
//  - integers, dates, booleans and string ranks: the sign bit flipped;
//  - floats: -0.0 as 0.0 (they tie, so the row number decides, as in the comparator), numbers
//    by their bits made order-preserving, every NaN as the largest key (after +inf);
//  - descending: the key's bits inverted (the comparator negates the comparison, NaN then
//    comes first), the row number still ascending;
//  - ties: the row number, ascending.

extension Ordering {
    private struct Pair {
        var key: UInt64
        var row: Int32
    }

    static func permutation(oneKey prepared: (Key, Column, Bool)) throws(EngineError) -> [Int] {
        let (key, column, descending) = prepared
        let n = column.count
        let flip: UInt64 = descending ? ~0 : 0
        @inline(__always) func signed(_ v: Int64) -> UInt64 { UInt64(bitPattern: v) ^ (1 << 63) ^ flip }
        @inline(__always) func float(_ x: Double) -> UInt64 {
            if x.isNaN { return UInt64.max ^ flip }
            let bits = (x == 0 ? 0.0 : x).bitPattern
            return (bits >> 63 == 0 ? bits | (1 << 63) : ~bits) ^ flip
        }
        let valid = column.valid
        // Present rows as pairs, a morsel at a time; each morsel sorted where it was made.
        try Cancellation.check()
        var runs = Parallelism.mapMorsels(n) { r -> [Pair] in
            if Cancellation.isRequested { return [] }
            var run: [Pair] = []
            run.reserveCapacity(r.count)
            switch key {
            case .ints(let x): for i in r where valid?[i] ?? true { run.append(Pair(key: signed(x[i]), row: Int32(i))) }
            case .ranks(let x): for i in r where valid?[i] ?? true { run.append(Pair(key: signed(Int64(x[i])), row: Int32(i))) }
            case .doubles(let x): for i in r where valid?[i] ?? true { run.append(Pair(key: float(x[i]), row: Int32(i))) }
            }
            run.sort { $0.key != $1.key ? $0.key < $1.key : $0.row < $1.row }
            return run
        }
        try Cancellation.check()
        while runs.count > 1 {
            try Cancellation.check()
            let current = runs
            runs = Parallelism.map((current.count + 1) / 2) { k in
                k * 2 + 1 < current.count ? merge(current[k * 2], current[k * 2 + 1]) : current[k * 2]
            }
        }
        // A merge that saw Ctrl-C gave up: never return what it left.
        try Cancellation.check()
        var out: [Int] = []
        out.reserveCapacity(n)
        for p in runs.first ?? [] { out.append(Int(p.row)) }
        if let valid { for i in 0..<n where !valid[i] { out.append(i) } }
        return out
    }

    /// Two sorted runs as one; empty when Ctrl-C was seen (the caller then throws).
    private static func merge(_ a: [Pair], _ b: [Pair]) -> [Pair] {
        var out: [Pair] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if (i &+ j) & (Cancellation.stride - 1) == 0 && Cancellation.isRequested { return [] }
            let x = a[i], y = b[j]
            if y.key < x.key || (y.key == x.key && y.row < x.row) { out.append(y); j += 1 } else { out.append(x); i += 1 }
        }
        out.append(contentsOf: a[i...])
        out.append(contentsOf: b[j...])
        return out
    }
}
