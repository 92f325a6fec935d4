// The last step of a parallel CSV read: one column of the table from the same column of every
// chunk, each chunk copied into its slice of a single array by its own task. Chunks typed
// narrower than the column widen on the way (integers into a float column; all-null chunks
// as zeros under a null mask); string chunks' dictionaries merge in chunk order, so codes
// follow first appearance in the file, as a front-to-back read numbers them.

enum CSVColumnAssembly {
    static func column(_ c: Int, type: DataType, parts: [CSVChunk], starts: [Int]) -> Column {
        let total = starts[parts.count]
        let anyNull = parts.contains { $0.columns[c].hasNull }
        let valid: [Bool]? = anyNull ? fill(total, parts, starts) { i, out in let part = parts[i];
            if let v = part.columns[c].valid { v.withUnsafeBufferPointer { out.baseAddress!.update(from: $0.baseAddress!, count: $0.count) } }
            else { out.update(repeating: true) }
        } : nil
        switch type {
        case .integer:
            return Column(.int(fill(total, parts, starts) { i, out in
                if parts[i].columns[c].kind == .int { copy(parts[i].columns[c].ints, into: out) } else { out.update(repeating: 0) }
            }), valid: valid)
        case .float:
            return Column(.double(fill(total, parts, starts) { i, out in let part = parts[i];
                let col = part.columns[c]
                switch col.kind {
                case .double: copy(col.doubles, into: out)
                case .int: for (k, v) in col.ints.enumerated() { out[k] = Double(v) }
                default: out.update(repeating: 0)
                }
            }), valid: valid)
        case .boolean:
            return Column(.bool(fill(total, parts, starts) { i, out in let part = parts[i];
                if part.columns[c].kind == .bool { copy(part.columns[c].bools, into: out) } else { out.update(repeating: false) }
            }), valid: valid)
        case .date:
            return Column(.date(fill(total, parts, starts) { i, out in let part = parts[i];
                if part.columns[c].kind == .date { copy(part.columns[c].dates, into: out) } else { out.update(repeating: 0) }
            }), valid: valid)
        case .string:
            // Chunk codes → codes of one dictionary, merged by the bytes in chunk order.
            var merged = ByteDictionary()
            let remaps = parts.map { part -> [UInt32] in
                var remap: [UInt32] = []
                remap.reserveCapacity(part.columns[c].dictionary.count)
                part.columns[c].dictionary.forEachKey { p, n in remap.append(merged.code(p, n)) }
                return remap
            }
            let codes: [UInt32] = fill(total, parts, starts) { i, out in let part = parts[i];
                let col = part.columns[c]
                guard col.kind == .string else { out.update(repeating: 0); return }
                let remap = remaps[i]
                // Null rows keep code 0 (a chunk of nulls has no dictionary at all).
                if let v = col.valid {
                    for (k, code) in col.codes.enumerated() { out[k] = v[k] ? remap[Int(code)] : 0 }
                } else {
                    for (k, code) in col.codes.enumerated() { out[k] = remap[Int(code)] }
                }
            }
            var strings = merged.strings
            if strings.isEmpty && total > 0 { strings = [""] }  // null rows point at code 0
            return Column(.string(codes: codes, dictionary: strings), valid: valid)
        }
    }

    /// An array of `total` elements, chunk i's slice [starts[i], starts[i+1]) filled by
    /// `body` on the pool.
    private static func fill<T>(_ total: Int, _ parts: [CSVChunk], _ starts: [Int],
                                _ body: (Int, UnsafeMutableBufferPointer<T>) -> Void) -> [T] {
        [T](unsafeUninitializedCapacity: total) { buffer, count in
            let base = buffer.baseAddress
            Parallelism.run(tasks: parts.count) { i in
                let n = starts[i + 1] - starts[i]
                guard n > 0, let base else { return }
                body(i, UnsafeMutableBufferPointer(start: base + starts[i], count: n))
            }
            count = total
        }
    }

    @inline(__always)
    private static func copy<T>(_ values: [T], into out: UnsafeMutableBufferPointer<T>) {
        values.withUnsafeBufferPointer { src in
            guard let s = src.baseAddress, let d = out.baseAddress else { return }
            d.update(from: s, count: min(src.count, out.count))
        }
    }
}
