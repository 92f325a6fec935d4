// Ranks of strings in UTF-8 byte order (ByteKey's order), for sort keys, min/max and `<`
// between two string columns. Sorting a dictionary through ByteKey.compare paid for two
// `withUTF8` calls (a String copy, a check of its storage, a closure each) per comparison,
// ~20 comparisons per string: at 1M distinct strings, 0.5-1 s more than the String sort it
// replaced (Benchmarks/strings). Here the strings are copied once into one flat byte buffer
// with their offsets, each entry carries its first 8 bytes as a big-endian integer, and the
// sort compares those integers, reading the rest of the bytes (memcmp) only on a tie. Morsels
// of entries are sorted in parallel and merged pairwise, as rows are in Ordering.
//
// The padded prefix orders like the bytes: where two prefixes first differ, either both
// strings have a byte there, or one has ended (its padding is 0) and the other's byte is
// above 0, so the shorter, a prefix of the longer, is first, as memcmp-then-length says.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum ByteRanks {
    /// The dense rank of each string (0 for the first in byte order; equal strings, which a
    /// merged dictionary may hold under two codes, share a rank).
    static func ranks(_ strings: [String]) -> [Int32] {
        let n = strings.count
        guard n > 1 else { return [Int32](repeating: 0, count: n) }
        let flat = FlatBytes(strings)
        return flat.withEntries { base, offsets, entries in
            let sorted = sort(entries, base, offsets)
            var rank = [Int32](repeating: 0, count: n)
            guard sorted.count == n else { return rank }  // a merge that saw Ctrl-C gave up
            var r: Int32 = 0
            for k in 1..<n {
                if less(sorted[k - 1], sorted[k], base, offsets) { r += 1 }
                rank[Int(sorted[k].index)] = r
            }
            return rank
        }
    }

    /// The ranks of two dictionaries' strings in the sorted union of both, so strings from
    /// different columns compare by integer rank.
    static func ranks(_ a: [String], _ b: [String]) -> ([Int32], [Int32]) {
        let all = ranks(a + b)
        return (Array(all[..<a.count]), Array(all[a.count...]))
    }

    /// -1, 0 or 1 as each string sorts before, equal to or after `literal` (one pass over a
    /// dictionary for `column < 'M'`), in parallel over the strings.
    static func compare(_ strings: [String], with literal: String) -> [Int8] {
        var literal = literal
        return literal.withUTF8 { lit in
            strings.withUnsafeBufferPointer { sp in
                Parallelism.array(sp.count) { r, out in
                    for i in r {
                        var s = sp[i]
                        out[i] = s.withUTF8 { x in
                            let m = min(x.count, lit.count)
                            if m > 0, let xb = x.baseAddress, let lb = lit.baseAddress {
                                let c = memcmp(xb, lb, m)
                                if c != 0 { return c < 0 ? -1 : 1 }
                            }
                            return x.count < lit.count ? -1 : (x.count > lit.count ? 1 : 0)
                        }
                    }
                }
            }
        }
    }

    /// A string's place in the sort: its first 8 bytes (zero-padded, big-endian) and index.
    struct Entry {
        var prefix: UInt64
        var index: Int32
    }

    /// The strings' bytes one after another; string i is `offsets[i]..<offsets[i + 1]`.
    private struct FlatBytes {
        let bytes: [UInt8]
        let offsets: [Int]

        init(_ strings: [String]) {
            let n = strings.count
            var offsets = [Int](repeating: 0, count: n + 1)
            for i in 0..<n { offsets[i + 1] = offsets[i] + strings[i].utf8.count }
            let total = offsets[n]
            bytes = [UInt8](unsafeUninitializedCapacity: max(1, total)) { buf, count in
                let base = buf.baseAddress!
                base[0] = 0
                offsets.withUnsafeBufferPointer { off in
                    strings.withUnsafeBufferPointer { sp in
                        Parallelism.forEachMorsel(n) { _, r in
                            for i in r {
                                var s = sp[i]
                                s.withUTF8 { src in
                                    if let from = src.baseAddress { (base + off[i]).initialize(from: from, count: src.count) }
                                }
                            }
                        }
                    }
                }
                count = max(1, total)
            }
            self.offsets = offsets
        }

        /// `body(bytes, offsets, entries)` with an entry per string, in string order.
        func withEntries<T>(_ body: (UnsafePointer<UInt8>, UnsafePointer<Int>, [Entry]) -> T) -> T {
            bytes.withUnsafeBufferPointer { bp in
                offsets.withUnsafeBufferPointer { op in
                    let base = bp.baseAddress!, off = op.baseAddress!
                    let entries: [Entry] = Parallelism.array(offsets.count - 1) { r, out in
                        for i in r {
                            (out + i).initialize(to: Entry(prefix: ByteRanks.prefix(base + off[i], off[i + 1] - off[i]), index: Int32(i)))
                        }
                    }
                    return body(base, off, entries)
                }
            }
        }
    }

    /// The first 8 bytes of `n` at `p` as a big-endian integer, zero-padded.
    @inline(__always) static func prefix(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        if n >= 8 { return UInt64(bigEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)) }
        var v: UInt64 = 0
        for k in 0..<n { v |= UInt64(p[k]) << UInt64(56 - 8 * k) }
        return v
    }

    /// Entry x's string sorts strictly before entry y's.
    @inline(__always) static func less(_ x: Entry, _ y: Entry, _ base: UnsafePointer<UInt8>, _ off: UnsafePointer<Int>) -> Bool {
        if x.prefix != y.prefix { return x.prefix < y.prefix }
        let i = Int(x.index), j = Int(y.index)
        let la = off[i + 1] - off[i], lb = off[j + 1] - off[j]
        let m = min(la, lb)
        if m > 8 {
            let c = memcmp(base + off[i] + 8, base + off[j] + 8, m - 8)
            if c != 0 { return c < 0 }
        }
        return la < lb
    }

    /// The entries in byte order: morsels sorted in parallel, then merged pairwise. Empty
    /// when a merge saw Ctrl-C (the caller's step throws `interrupted` when it ends).
    private static func sort(_ entries: [Entry], _ base: UnsafePointer<UInt8>, _ off: UnsafePointer<Int>) -> [Entry] {
        var runs = entries.withUnsafeBufferPointer { ep in
            Parallelism.mapMorsels(ep.count) { r -> [Entry] in
                if Cancellation.isRequested { return [] }
                var run = Array(ep[r])
                run.sort { less($0, $1, base, off) }
                return run
            }
        }
        while runs.count > 1 {
            if Cancellation.isRequested { return [] }
            let current = runs
            runs = Parallelism.map((current.count + 1) / 2) { k in
                k * 2 + 1 < current.count ? merge(current[k * 2], current[k * 2 + 1], base, off) : current[k * 2]
            }
        }
        return runs.first ?? []
    }

    /// Two sorted runs as one (ties: the first run's entry first); empty after Ctrl-C.
    private static func merge(_ a: [Entry], _ b: [Entry], _ base: UnsafePointer<UInt8>, _ off: UnsafePointer<Int>) -> [Entry] {
        if a.isEmpty || b.isEmpty { return [] }  // a run that gave up
        var out: [Entry] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            if (i &+ j) & (Cancellation.stride - 1) == 0 && Cancellation.isRequested { return [] }
            if less(b[j], a[i], base, off) { out.append(b[j]); j += 1 } else { out.append(a[i]); i += 1 }
        }
        out.append(contentsOf: a[i...])
        out.append(contentsOf: b[j...])
        return out
    }
}
