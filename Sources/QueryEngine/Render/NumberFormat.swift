// Numbers for people: thousands separators on the integer part, the shortest text that
// round-trips for the fraction after rounding to 12 significant digits, so a sum shows
// 797,324.6 and not its binary artefact 797,324.6000000001. Exports use `Value.description`
// instead (no separators, every digit kept).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum NumberFormat {
    public static func grouped(_ v: Int64) -> String {
        let digits = String(v.magnitude)
        return (v < 0 ? "-" : "") + group(digits)
    }

    public static func grouped(_ v: Double) -> String {
        let text = Value.format(display(v))
        // Exponent forms, inf and NaN are left as they are: separators would not help.
        guard !text.contains("e"), !text.contains("n"), !text.contains("N") else { return text }
        var body = Substring(text)
        var sign = ""
        if body.hasPrefix("-") { sign = "-"; body = body.dropFirst() }
        if let dot = body.firstIndex(of: ".") {
            return sign + group(String(body[..<dot])) + body[dot...]
        }
        return sign + group(String(body))
    }

    /// What a box shows of a float: 12 significant digits and at most 4 decimals (a growth
    /// rate reads -6.0548, not -6.05476673428), except for tiny values, which keep their
    /// significant digits. Exports keep every digit.
    static func display(_ v: Double) -> Double {
        let r = significant(v, 12)
        guard r.isFinite, Swift.abs(r) >= 1e-4 else { return r }
        let fixed = (r * 10_000).rounded() / 10_000
        return fixed.isFinite ? fixed : r
    }

    /// `v` rounded to `digits` significant digits (display only).
    static func significant(_ v: Double, _ digits: Int) -> Double {
        guard v.isFinite, v != 0 else { return v }
        let magnitude = Int(floor(log10(Swift.abs(v))))
        let exponent = digits - 1 - magnitude
        guard exponent > 0, exponent < 300 else { return v }
        let scale = pow(10, Double(exponent))
        let r = (v * scale).rounded() / scale
        return r.isFinite ? r : v
    }

    private static func group(_ digits: String) -> String {
        guard digits.utf8.count > 3 else { return digits }
        var out = ""
        let chars = Array(digits)
        for (i, c) in chars.enumerated() {
            if i > 0 && (chars.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
