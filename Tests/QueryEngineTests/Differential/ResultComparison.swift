@testable import QueryEngine

// Compares a Hemi result with SQLite's. Booleans are SQLite integers 0/1; integers and floats
// compare as numbers (SQLite's round() and avg() return REAL where Hemi may keep an integer)
// with a relative tolerance of 1e-9; strings exactly. Unsorted results compare as multisets:
// both sides are put in one canonical order first.

enum ResultComparison {
    static func normalise(_ v: Value) -> Value {
        if case .bool(let b) = v { return .int(b ? 1 : 0) }
        return v
    }

    static func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.string(let x), .string(let y)): return x == y
        default:
            guard let x = a.doubleValue, let y = b.doubleValue else { return false }
            if x == y { return true }
            return abs(x - y) <= 1e-9 * max(1, abs(x), abs(y))
        }
    }

    /// Canonical order for multisets: Value.compare, column by column.
    static func canonical(_ rows: [[Value]]) -> [[Value]] {
        rows.sorted { a, b in
            for (x, y) in zip(a, b) {
                let c = Value.compare(x, y)
                if c != 0 { return c < 0 }
            }
            return a.count < b.count
        }
    }

    /// nil when the results agree, else what differs.
    static func difference(hemi: [[Value]], sqlite: [[Value]], ordered: Bool) -> String? {
        let h = hemi.map { $0.map(normalise) }
        if h.count != sqlite.count { return "row counts differ: hemi \(h.count), sqlite \(sqlite.count)" }
        let (x, y) = ordered ? (h, sqlite) : (canonical(h), canonical(sqlite))
        for (i, (a, b)) in zip(x, y).enumerated() {
            if a.count != b.count { return "row \(i): hemi has \(a.count) columns, sqlite \(b.count)" }
            for (j, (u, v)) in zip(a, b).enumerated() where !same(u, v) {
                return "row \(i)\(ordered ? "" : " (canonical order)"), column \(j + 1): hemi \(show(u)), sqlite \(show(v))"
            }
        }
        return nil
    }

    static func show(_ v: Value) -> String {
        switch v {
        case .null: return "NULL"
        case .string(let s): return "'\(s)'"
        case .double(let d): return "\(d)"
        default: return v.description
        }
    }

    static func show(_ rows: [[Value]], limit: Int = 12) -> String {
        let lines = rows.prefix(limit).map { "    " + $0.map(show).joined(separator: ", ") }
        return (lines + (rows.count > limit ? ["    … \(rows.count - limit) more"] : [])).joined(separator: "\n")
    }
}
