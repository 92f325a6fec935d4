// Engine text compared as bytes. Lua, sqlite3 (BINARY) and DuckDB compare strings byte by
// byte; Swift's String `==`, `<` and hashing follow Unicode canonical equivalence, so "é"
// precomposed (C3 A9) and "e" + combining acute (65 CC 81) would be one value to the engine
// and two to everything around it. Every comparison of data strings in the engine (dictionary
// lookups, group and join keys, distinct, `==`/`<` in expressions, `in` lists, sort, min/max)
// goes through this type or its two functions, never through String's own operators.
//
// Order is that of the UTF-8 bytes, which is also code point order. Bytes the ByteText codec
// escaped (invalid UTF-8, held as U+10FF80...U+10FFFF) compare as those code points: after
// every valid character, among themselves by the byte they stand for. So an invalid byte sorts
// after all valid text, where sqlite3 would put 0x80...0xBF before the lead bytes C2...F4;
// for valid UTF-8 the order is exactly sqlite3's and DuckDB's.
//
// Column names are not data and stay plain Swift strings.

struct ByteKey: Sendable, Hashable, Comparable {
    let text: String

    @inline(__always) init(_ text: String) { self.text = text }

    @inline(__always) static func == (a: ByteKey, b: ByteKey) -> Bool { ByteKey.equal(a.text, b.text) }
    @inline(__always) static func < (a: ByteKey, b: ByteKey) -> Bool { ByteKey.compare(a.text, b.text) < 0 }

    func hash(into hasher: inout Hasher) {
        var s = text
        s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// True when the two strings have the same UTF-8 bytes.
    @inline(__always) static func equal(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a.utf8.elementsEqual(b.utf8)
    }

    /// -1, 0 or 1 as the UTF-8 bytes of `a` sort before, equal or after those of `b`
    /// (memcmp, then the shorter first).
    static func compare(_ a: String, _ b: String) -> Int {
        var a = a, b = b
        return a.withUTF8 { pa in
            b.withUTF8 { pb in
                let n = min(pa.count, pb.count)
                if n > 0, let x = pa.baseAddress, let y = pb.baseAddress {
                    let c = memcmp(x, y, n)
                    if c != 0 { return c < 0 ? -1 : 1 }
                }
                return pa.count < pb.count ? -1 : (pa.count > pb.count ? 1 : 0)
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
