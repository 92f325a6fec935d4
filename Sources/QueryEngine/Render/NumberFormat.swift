// Numbers for people: thousands separators on the integer part, the shortest text that
// round-trips for the fraction. Exports use `Value.description` instead (no separators).

public enum NumberFormat {
    public static func grouped(_ v: Int64) -> String {
        let digits = String(v.magnitude)
        return (v < 0 ? "-" : "") + group(digits)
    }

    public static func grouped(_ v: Double) -> String {
        let text = Value.format(v)
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
