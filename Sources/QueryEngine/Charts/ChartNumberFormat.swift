// Number text for charts, independent of the process locale so that the same input always
// gives the same bytes: "," groups thousands, "." separates decimals, a fixed number of
// decimals per chart.

public enum ChartNumberFormat {
    /// `value` with `decimals` decimals and thousands separators: 1234567.891 → "1,234,567.89".
    public static func grouped(_ value: Double, decimals: Int) -> String {
        format(value, decimals: decimals, grouping: true)
    }

    /// Like `grouped` without separators, for years and other labels: 2018 → "2018".
    public static func plain(_ value: Double, decimals: Int) -> String {
        format(value, decimals: decimals, grouping: false)
    }

    /// The fewest decimals (at most `limit`) that show every value exactly; `limit` when
    /// none does. One count per chart keeps a column of numbers aligned.
    public static func decimalsNeeded(_ values: [Double], limit: Int = 2) -> Int {
        let finite = values.filter { $0.isFinite }
        for d in 0..<limit {
            let scale = power10(d)
            let exact = finite.allSatisfy { v in
                let x = v * scale
                return abs(x - x.rounded()) <= 1e-7 * max(1, abs(x))
            }
            if exact { return d }
        }
        return limit
    }

    /// SVG coordinates: at most two decimals, trailing zeros dropped ("12.5", "40", "-3.25").
    static func coordinate(_ value: Double) -> String {
        var s = format(value, decimals: 2, grouping: false)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }

    private static func format(_ value: Double, decimals: Int, grouping: Bool) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        let d = min(max(decimals, 0), 9)
        let scale = power10(d)
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        // Beyond 2^53 a Double holds no decimals; fall back to Swift's shortest form.
        guard scaled < 9.0e15 else { return String(value) }
        let n = UInt64(scaled)
        let unit = UInt64(scale)
        let whole = String(n / unit)
        var text = grouping ? group(whole) : whole
        if d > 0 {
            let frac = String(n % unit)
            text += "." + String(repeating: "0", count: d - frac.count) + frac
        }
        return (value < 0 && n != 0) ? "-" + text : text
    }

    private static func group(_ digits: String) -> String {
        let chars = Array(digits)
        var out = ""
        for (i, c) in chars.enumerated() {
            if i > 0 && (chars.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    private static func power10(_ d: Int) -> Double {
        var p = 1.0
        for _ in 0..<d { p *= 10 }
        return p
    }
}
