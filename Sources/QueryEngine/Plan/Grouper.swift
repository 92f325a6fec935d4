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
        for c in columns {
            let codes = Self.codes(c)
            var pairs: [Int64: Int32] = [:]
            var next: Int32 = 0
            for r in 0..<n {
                let key = Int64(ids[r]) << 32 | Int64(codes[r])
                if let id = pairs[key] { ids[r] = id } else { pairs[key] = next; ids[r] = next; next += 1 }
            }
            count = Int(next)
        }
        var first = [Int](repeating: -1, count: count)
        for r in 0..<n where first[Int(ids[r])] < 0 { first[Int(ids[r])] = r }
        return Groups(grouping: Grouping(ids: ids, count: count), firstRows: first)
    }

    /// Dense codes in 0..<2^32 for the values of one column; null gets its own code.
    static func codes(_ c: Column) -> [UInt32] {
        let n = c.count
        switch c.storage {
        case .string(let codes, let dict):
            // Equal strings may sit under different codes after a gather of merged
            // dictionaries; map each dictionary entry to the first code of its text.
            var canonical: [String: UInt32] = [:]
            let remap = dict.enumerated().map { i, s -> UInt32 in
                if let k = canonical[s] { return k }
                canonical[s] = UInt32(i); return UInt32(i)
            }
            let nullCode = UInt32(dict.count)
            return (0..<n).map { c.isNull($0) ? nullCode : remap[Int(codes[$0])] }
        case .bool(let a):
            return (0..<n).map { c.isNull($0) ? 2 : (a[$0] ? 1 : 0) }
        default:
            var seen: [Value: UInt32] = [:]
            var out = [UInt32](repeating: 0, count: n)
            for r in 0..<n {
                let v = c[r]
                if let k = seen[v] { out[r] = k } else { let k = UInt32(seen.count); seen[v] = k; out[r] = k }
            }
            return out
        }
    }
}
