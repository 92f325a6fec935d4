// Strings are bytes in Lua and in files; the engine holds Swift `String`, which can only hold
// valid UTF-8. ByteText is the one lossless codec between the two, used at every boundary
// where outside bytes become engine text (CSV cells and header names, JSON strings and keys,
// Lua strings in from_rows, arguments and row functions) and where engine text becomes bytes
// again (the CSV/TSV/JSON/Markdown writers, values pushed to Lua).
//
// The scheme is Python's "surrogateescape" moved to a private-use block (Swift cannot hold
// lone surrogates): each byte b of an invalid sequence becomes the code point U+10FF00 + b.
// Only bytes 0x80...0xFF can be invalid (ASCII always decodes), so the reserved block is the
// 128 code points U+10FF80...U+10FFFF, spelled in UTF-8 as F4 8F BE|BF 80...BF. A real
// occurrence of one of those code points in the input is escaped too, byte by byte, so that
//
//     ByteText.bytes(of: ByteText.string(bytes)) == bytes      for every byte string.
//
// Valid UTF-8 without the reserved block (all the data one meets) decodes to the very same
// String that `String(decoding:as:)` gives, at about the same cost. A String made elsewhere
// (an expression literal, a Lua source) that holds reserved code points is written out as
// the raw bytes they stand for; nothing but this codec makes them.
//
// Display (box, HTML, the REPL) may mark escaped bytes: `ByteText.displayText` shows each as
// U+FFFD. The data never changes.

#if canImport(Glibc)
import Glibc
#endif

public enum ByteText {
    /// The first code point of the reserved block (U+10FF00 + 0x80).
    static let reservedBase: UInt32 = 0x10FF00

    // MARK: decode (bytes → String)

    /// The bytes as a String; bytes that are not UTF-8 (and the reserved block itself) are
    /// escaped into U+10FF80...U+10FFFF, one code point per byte.
    @inline(__always)
    public static func string(_ p: UnsafePointer<UInt8>, count n: Int) -> String {
        let buffer = UnsafeBufferPointer(start: p, count: n)
        if isPlain(p, n) { return String(decoding: buffer, as: UTF8.self) }
        return escaped(p, n)
    }

    /// The bytes as a String (see `string(_:count:)`).
    @inline(__always)
    public static func string(from buffer: UnsafeRawBufferPointer) -> String {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return "" }
        return string(base.assumingMemoryBound(to: UInt8.self), count: buffer.count)
    }

    /// The bytes as a String (see `string(_:count:)`).
    @inline(__always)
    public static func string(from buffer: UnsafeBufferPointer<UInt8>) -> String {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return "" }
        return string(base, count: buffer.count)
    }

    /// The bytes as a String (see `string(_:count:)`).
    public static func string<C: Collection>(bytes: C) -> String where C.Element == UInt8 {
        if let s = bytes.withContiguousStorageIfAvailable({ string(from: $0) }) { return s }
        return Array(bytes).withUnsafeBufferPointer { string(from: $0) }
    }

    /// True when the bytes are valid UTF-8 holding no reserved code point: then they decode
    /// as they are. Plain ASCII is decided 8 bytes at a time.
    @inline(__always)
    static func isPlain(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= n {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
            i += 8
        }
        while i < n {
            if p[i] >= 0x80 { return validTail(p, n, from: i) }
            i += 1
        }
        return true
    }

    /// Validates from `i` (a non-ASCII byte) on; false on an invalid sequence or a reserved
    /// code point.
    static func validTail(_ p: UnsafePointer<UInt8>, _ n: Int, from start: Int) -> Bool {
        var i = start
        while i < n {
            let b = p[i]
            if b < 0x80 { i += 1; continue }
            // Two-byte sequences (Latin letters with accents: most non-ASCII data) inline.
            if b >= 0xC2 && b <= 0xDF {
                guard i + 1 < n, p[i + 1] & 0xC0 == 0x80 else { return false }
                i += 2; continue
            }
            let len = sequenceLength(p, n, at: i)
            if len == 0 || (b == 0xF4 && isReserved(p, n, at: i)) { return false }
            i += len
        }
        return true
    }

    /// The length of the valid UTF-8 sequence starting at `i` (a byte ≥ 0x80), or 0 when the
    /// bytes there are no valid sequence (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF).
    @inline(__always)
    static func sequenceLength(_ p: UnsafePointer<UInt8>, _ n: Int, at i: Int) -> Int {
        let b0 = p[i]
        @inline(__always) func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            i + k < n && p[i + k] >= lo && p[i + k] <= hi
        }
        switch b0 {
        case 0xC2...0xDF: return cont(1) ? 2 : 0
        case 0xE0: return cont(1, 0xA0) && cont(2) ? 3 : 0
        case 0xED: return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0
        case 0xE1...0xEF: return cont(1) && cont(2) ? 3 : 0
        case 0xF0: return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4: return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0
        default: return 0
        }
    }

    /// True when a valid sequence at `i` is a code point of the reserved block (F4 8F BE|BF xx).
    @inline(__always)
    static func isReserved(_ p: UnsafePointer<UInt8>, _ n: Int, at i: Int) -> Bool {
        p[i] == 0xF4 && i + 3 < n && p[i + 1] == 0x8F && (p[i + 2] == 0xBE || p[i + 2] == 0xBF)
    }

    /// The slow path: valid sequences copied, every other byte ≥ 0x80 (and each byte of a
    /// reserved code point) escaped on its own.
    static func escaped(_ p: UnsafePointer<UInt8>, _ n: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(n + n / 2)
        var i = 0
        while i < n {
            let b = p[i]
            if b < 0x80 { out.append(b); i += 1; continue }
            let len = sequenceLength(p, n, at: i)
            if len > 0 && !isReserved(p, n, at: i) {
                out.append(contentsOf: UnsafeBufferPointer(start: p + i, count: len))
                i += len
            } else {
                let k = len == 0 ? 1 : 4
                for j in i..<(i + k) { appendEscape(p[j], to: &out) }
                i += k
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The UTF-8 of U+10FF00 + b (b ≥ 0x80): F4 8F BE|BF 80+(b & 0x3F).
    @inline(__always)
    static func appendEscape(_ b: UInt8, to out: inout [UInt8]) {
        out.append(0xF4); out.append(0x8F)
        out.append(b < 0xC0 ? 0xBE : 0xBF)
        out.append(0x80 | (b & 0x3F))
    }

    // MARK: encode (String → bytes)

    /// Calls `body` with the bytes `s` stands for: its UTF-8, with each reserved code point
    /// turned back into the byte it escapes. Without reserved code points (the usual case)
    /// the String's own storage is handed over, with no copy.
    public static func withBytes<R>(of s: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        var s = s
        return try s.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, memchr(base, 0xF4, utf8.count) != nil,
                  let unescaped = unescape(utf8) else { return try body(utf8) }
            return try unescaped.withUnsafeBufferPointer { try body($0) }
        }
    }

    /// The bytes `s` stands for (see `withBytes`).
    public static func bytes(of s: String) -> [UInt8] {
        withBytes(of: s) { Array($0) }
    }

    /// The UTF-8 with reserved code points as their bytes; nil when it holds none.
    static func unescape(_ utf8: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let n = utf8.count
        guard let p = utf8.baseAddress else { return nil }
        var out: [UInt8]? = nil
        var i = 0, copied = 0
        while i + 3 < n {
            if isReserved(p, n, at: i) {
                if out == nil { out = []; out!.reserveCapacity(n) }
                out!.append(contentsOf: UnsafeBufferPointer(start: p + copied, count: i - copied))
                out!.append((p[i + 2] == 0xBE ? 0x80 : 0xC0) | (p[i + 3] & 0x3F))
                i += 4; copied = i
            } else {
                i += 1
            }
        }
        guard out != nil else { return nil }
        out!.append(contentsOf: UnsafeBufferPointer(start: p + copied, count: n - copied))
        return out
    }

    // MARK: display

    /// The byte a code point of the reserved block stands for; nil for any other.
    @inline(__always)
    static func escapedByte(_ u: Unicode.Scalar) -> UInt8? {
        u.value >= reservedBase + 0x80 ? UInt8(truncatingIfNeeded: u.value - reservedBase) : nil
    }

    /// True when `s` holds an escaped byte (a code point of the reserved block).
    static func hasEscapes(_ s: String) -> Bool {
        s.utf8.contains(0xF4) && s.unicodeScalars.contains { $0.value >= reservedBase + 0x80 }
    }

    /// `s` for people to read: each escaped byte shown as U+FFFD. Only for display; the data
    /// keeps its bytes.
    static func displayText(_ s: String) -> String {
        guard hasEscapes(s) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars { out.append(u.value >= reservedBase + 0x80 ? "\u{FFFD}" : u) }
        return String(out)
    }
}
