// Assigns rows to groups by the values of key columns. Each key column is first turned into
// small integer codes (strings already are: dictionary codes), then codes are combined column
// by column, so the hash work is on integers, not on rows of values. Null is its own key,
// as in SQL's GROUP BY. Groups are numbered in order of first appearance.

struct Groups {
    let grouping: Grouping
    /// The first row of each group (used to pick key values and distinct rows).
    let firstRows: [Int]
}

enum Grouper {
    static func group(_ t: Table, by names: [String], verb: String) throws(EngineError) -> Groups {
        var columns: [Column] = []
        for n in names {
            guard let c = t.column(n) else {
                let close = Suggest.closest(n, t.columnNames)
                throw EngineError("\(verb): unknown column \"\(n)\"" + (close.isEmpty ? "" : " (closest: \(close.joined(separator: ", ")))"))
            }
            columns.append(c)
        }
        let n = t.rowCount
        var ids = [Int32](repeating: 0, count: n)
        var count = n == 0 ? 0 : 1
        var firstRows: [Int]? = nil
        for c in columns {
            try Cancellation.check()
            let (codes, cardinality) = Self.codes(c)
            var next: Int32 = 0
            firstRows = nil
            if count * cardinality <= 1 << 16 && Parallelism.morsels(n).count > 1 {
                // Few pairs and several morsels: numbered per morsel, then merged in morsel order
                // (GroupMorsels), which numbers them by first appearance all the same.
                let step = GroupMorsels.combine(&ids, codes, cardinality: cardinality, pairs: count * cardinality)
                count = step.count
                firstRows = step.firstRows
                continue
            }
            if count * cardinality <= max(1 << 16, 4 * n) {
                // Few (group, code) pairs: a flat table instead of a hash map (no hashing per
                // row; most group keys — partners, years, product codes — land here).
                var slots = [Int32](repeating: -1, count: count * cardinality)
                for r in 0..<n {
                    try Cancellation.check(every: r)
                    let key = Int(ids[r]) * cardinality + Int(codes[r])
                    let id = slots[key]
                    if id >= 0 { ids[r] = id } else { slots[key] = next; ids[r] = next; next += 1 }
                }
            } else {
                var pairs: [Int64: Int32] = [:]
                for r in 0..<n {
                    try Cancellation.check(every: r)
                    let key = Int64(ids[r]) << 32 | Int64(codes[r])
                    if let id = pairs[key] { ids[r] = id } else { pairs[key] = next; ids[r] = next; next += 1 }
                }
            }
            count = Int(next)
        }
        if let firstRows { return Groups(grouping: Grouping(ids: ids, count: count), firstRows: firstRows) }
        var first = [Int](repeating: -1, count: count)
        for r in 0..<n where first[Int(ids[r])] < 0 { first[Int(ids[r])] = r }
        return Groups(grouping: Grouping(ids: ids, count: count), firstRows: first)
    }

    /// Codes for the values of one column, all below `cardinality`; equal values get equal
    /// codes and null its own.
    static func codes(_ c: Column) -> (codes: [UInt32], cardinality: Int) {
        let n = c.count
        switch c.storage {
        case .string(let codes, let dict):
            // Equal strings may sit under different codes after a gather of merged
            // dictionaries; map each dictionary entry to the first code of its text.
            var canonical: [ByteKey: UInt32] = [:]
            let remap = dict.enumerated().map { i, s -> UInt32 in
                if let k = canonical[ByteKey(s)] { return k }
                canonical[ByteKey(s)] = UInt32(i); return UInt32(i)
            }
            let nullCode = UInt32(dict.count)
            let valid = c.valid
            let out: [UInt32] = codes.withUnsafeBufferPointer { cp in
                Parallelism.array(n) { r, o in
                    if let valid { for i in r { o[i] = valid[i] ? remap[Int(cp[i])] : nullCode } }
                    else { for i in r { o[i] = remap[Int(cp[i])] } }
                }
            }
            return (out, dict.count + 1)
        case .bool(let a):
            return ((0..<n).map { c.isNull($0) ? 2 : (a[$0] ? 1 : 0) }, 3)
        case .int(let a):
            return integerCodes(n, { a[$0] }, isNull: c.isNull)
        case .date(let a):
            return integerCodes(n, { Int64(a[$0]) }, isNull: c.isNull)
        case .double:
            // NaN is one group, as in DuckDB and PostgreSQL (NaN == NaN is false, so as a
            // dictionary key every NaN would be a group of its own); -0.0 groups with 0.0.
            var seen: [Value: UInt32] = [:]
            var nanCode: UInt32? = nil
            var next: UInt32 = 0
            var out = [UInt32](repeating: 0, count: n)
            for r in 0..<n {
                let v = c[r]
                if case .double(let d) = v, d.isNaN {
                    if nanCode == nil { nanCode = next; next += 1 }
                    out[r] = nanCode!
                } else if let k = seen[v] {
                    out[r] = k
                } else {
                    seen[v] = next; out[r] = next; next += 1
                }
            }
            return (out, Int(next))
        }
    }

    /// Integers in a narrow range (years, product codes) become their offset from the
    /// smallest, null the code past the largest; others are numbered through a hash map.
    private static func integerCodes(_ n: Int, _ value: (Int) -> Int64, isNull: (Int) -> Bool) -> (codes: [UInt32], cardinality: Int) {
        let ranges = Parallelism.mapMorsels(n) { r -> (Int64, Int64) in
            var lo = Int64.max, hi = Int64.min
            for i in r where !isNull(i) { let v = value(i); lo = min(lo, v); hi = max(hi, v) }
            return (lo, hi)
        }
        let lo = ranges.map(\.0).min() ?? Int64.max, hi = ranges.map(\.1).max() ?? Int64.min
        if lo > hi { return ([UInt32](repeating: 0, count: n), 1) }   // every value null
        let (span, overflow) = hi.subtractingReportingOverflow(lo)
        if !overflow && span < Int64(max(1 << 16, 2 * n)) {
            let nullCode = UInt32(span + 1)
            return (Parallelism.array(n) { r, o in for i in r { o[i] = isNull(i) ? nullCode : UInt32(value(i) - lo) } }, Int(span) + 2)
        }
        var seen: [Int64: UInt32] = [:]
        var out = [UInt32](repeating: 0, count: n)
        for r in 0..<n where !isNull(r) {
            let v = value(r)
            if let k = seen[v] { out[r] = k } else { let k = UInt32(seen.count); seen[v] = k; out[r] = k }
        }
        // Nulls take the code after every value's.
        let nulls = UInt32(seen.count)
        for r in 0..<n where isNull(r) { out[r] = nulls }
        return (out, seen.count + 1)
    }
}
