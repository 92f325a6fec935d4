// Parsing numbers, booleans and dates straight from bytes. The syntax is strict (what CSV
// exports write: optional sign, digits, optional fraction and exponent) so that inference
// never mistakes an identifier such as "1e" or "0x10" for a number.

enum ByteParsing {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    /// A decimal integer that fits Int64.
    static func int(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        guard n > 0 else { return nil }
        var i = 0
        var negative = false
        if p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+") { negative = p[0] == UInt8(ascii: "-"); i = 1 }
        guard i < n else { return nil }
        var v: Int64 = 0
        while i < n {
            let d = p[i] &- 48
            guard d < 10 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = negative ? m.subtractingReportingOverflow(Int64(d)) : m.addingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            v = a
            i += 1
        }
        return v
    }

    private static let powers: [Double] = (0...22).map { e in
        var v = 1.0
        for _ in 0..<e { v *= 10 }
        return v
    }

    /// A decimal number (`-12`, `3.5`, `.5`, `1e6`, `2.5E-3`); nil past a double's range.
    static func double(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        guard n > 0 else { return nil }
        var i = 0
        var negative = false
        if p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+") { negative = p[0] == UInt8(ascii: "-"); i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0, significant = 0, fractionDigits = 0
        var exact = true
        while i < n, p[i] &- 48 < 10 {
            accumulate(p[i])
            i += 1
        }
        if i < n, p[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, p[i] &- 48 < 10 {
                accumulate(p[i])
                fractionDigits += 1
                i += 1
            }
        }
        guard digits > 0 else { return nil }
        var exponent = 0
        if i < n, p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") {
            i += 1
            var expNegative = false
            if i < n, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") { expNegative = p[i] == UInt8(ascii: "-"); i += 1 }
            var expDigits = 0
            while i < n, p[i] &- 48 < 10 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(p[i] - 48) }
                expDigits += 1
                i += 1
            }
            guard expDigits > 0 else { return nil }
            if expNegative { exponent = -exponent }
        }
        guard i == n else { return nil }
        // Clinger's fast path: a mantissa below 2^53 times an exact power of ten is correctly
        // rounded by one IEEE operation. Everything else goes to the standard library.
        let e = exponent - fractionDigits
        if exact, mantissa < (1 << 53), e >= -22, e <= 22 {
            let m = Double(mantissa)
            let v = e >= 0 ? m * powers[e] : m / powers[-e]
            return negative ? -v : v
        }
        // Beyond a double's range (1e400) is not a number here: never a silent infinity.
        guard let v = Double(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)), v.isFinite else { return nil }
        return v

        func accumulate(_ c: UInt8) {
            digits += 1
            if mantissa == 0 && c == 48 { return }
            significant += 1
            if significant > 19 { exact = false; return }
            mantissa = mantissa &* 10 &+ UInt64(c - 48)
        }
    }

    /// True when the integer `i` survives as a double unchanged (every integer up to 2^53
    /// does; 9223372036854775807 becomes 2^63).
    static func exactAsDouble(_ i: Int64) -> Bool {
        let d = Double(i)
        return d < 9.3e18 && Int64(exactly: d) == i
    }

    static func bool(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool? {
        if n == 4, (p[0] | 0x20) == UInt8(ascii: "t"), (p[1] | 0x20) == UInt8(ascii: "r"),
           (p[2] | 0x20) == UInt8(ascii: "u"), (p[3] | 0x20) == UInt8(ascii: "e") { return true }
        if n == 5, (p[0] | 0x20) == UInt8(ascii: "f"), (p[1] | 0x20) == UInt8(ascii: "a"),
           (p[2] | 0x20) == UInt8(ascii: "l"), (p[3] | 0x20) == UInt8(ascii: "s"),
           (p[4] | 0x20) == UInt8(ascii: "e") { return false }
        return nil
    }

    static func date(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32? {
        CivilDate.parse(UnsafeBufferPointer(start: p, count: n)[...])?.days
    }
}
