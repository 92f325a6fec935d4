// Column names are Swift Strings, and Swift compares Strings as Unicode text (canonical
// equivalence): "é" written as one code point (NFC, U+00E9) and as e + combining accent (NFD,
// U+0065 U+0301) are one name. That is what makes lookup forgiving — `select("é")` typed on a
// Mac (NFD) finds a column read from a Windows file (NFC) — but in Lua, in JSON and in a CSV
// header the two are different byte strings, so where a set of names is formed from input
// (from_rows keys, JSON keys, derive/select/agg names) two of them can collapse into one
// column and a value is dropped. This file finds such pairs so the caller can refuse them
// with an error that shows the code points; values, unlike names, compare as bytes (ByteKey).

public enum ColumnNames {
    /// Whether `a` and `b` are one name as Unicode text but different bytes.
    @inline(__always)
    public static func differOnlyInNormalisation(_ a: String, _ b: String) -> Bool {
        a == b && !a.utf8.elementsEqual(b.utf8)
    }

    /// The message for two names that differ only in Unicode normalisation, the one of fewer
    /// code points (the more composed) first, then by bytes: which one a caller meets first
    /// can follow a Lua table's iteration order, which changes from run to run, and the
    /// message should not.
    public static func clash(_ a: String, _ b: String) -> String {
        let (na, nb) = (a.unicodeScalars.count, b.unicodeScalars.count)
        let aFirst = na != nb ? na < nb : a.utf8.lexicographicallyPrecedes(b.utf8)
        let (first, second) = aFirst ? (a, b) : (b, a)
        return "columns \"\(first)\" (\(codePoints(first))) and \"\(second)\" (\(codePoints(second))) differ only in Unicode normalisation; "
            + "Hemi compares column names as Unicode text: rename one"
    }

    /// "U+0065 U+0301": each code point of `s`.
    public static func codePoints(_ s: String) -> String {
        s.unicodeScalars.map { scalar in
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }.joined(separator: " ")
    }

    /// Fails when two of `names` are the same text: with `clash` when their bytes differ,
    /// else "appears twice". `what` starts the message ("table", "select", …).
    public static func checkUnique(_ names: [String], what: String) throws(EngineError) {
        var seen: [String: String] = [:]   // text → the first spelling met
        seen.reserveCapacity(names.count)
        for n in names {
            if let first = seen[n] {
                if differOnlyInNormalisation(first, n) { throw EngineError("\(what): " + clash(first, n)) }
                throw EngineError("\(what): column name \"\(n)\" appears twice")
            }
            seen[n] = n
        }
    }

    /// Fails when one of `names` (new or replacing columns, distinct as bytes, as a Lua
    /// table's keys are) is another's or one of `existing` as text but not as bytes.
    public static func checkNew(_ names: [String], beside existing: [String], verb: String) throws(EngineError) {
        var seen: [String: String] = [:]
        for n in existing { seen[n] = n }
        for n in names {
            if let first = seen[n], differOnlyInNormalisation(first, n) { throw EngineError("\(verb): " + clash(first, n)) }
            seen[n] = n
        }
    }
}
