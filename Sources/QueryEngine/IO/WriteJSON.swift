// JSON output: an array of objects, one object per line so a diff shows changed rows, keys
// in column order. JSON Lines: the same objects, one per line, without the array.
//
// Values: null as null; integers as written (all 64 bits: JavaScript readers lose precision
// above 2^53, the JSON reader here does not); floats in the shortest text that round-trips,
// with ".0" on integral values so a float column reads back as float; NaN and ±infinity,
// which JSON cannot express, as null; booleans as true/false; dates as "YYYY-MM-DD";
// strings escaped per RFC 8259 (\" \\ \n \r \t \b \f, other control characters \u00XX,
// everything else as UTF-8).

enum JSONWriter {
    static func array(_ table: Table) -> [UInt8] {
        guard table.rowCount > 0 else { return Array("[]\n".utf8) }
        var out: [UInt8] = Array("[\n".utf8)
        objects(table, into: &out, prefix: "  ", separator: ",\n", last: "\n")
        out.append(contentsOf: "]\n".utf8)
        return out
    }

    static func lines(_ table: Table) -> [UInt8] {
        var out: [UInt8] = []
        objects(table, into: &out, prefix: "", separator: "\n", last: "\n")
        return out
    }

    /// `{"key": value, …}` per row: `prefix` before each, `separator` between, `last` after
    /// the final one.
    private static func objects(_ table: Table, into out: inout [UInt8], prefix: String, separator: String, last: String) {
        let style = JSONStyle()
        // `"name": ` for each column, with ", " before all but the first.
        let keys: [[UInt8]] = table.fields.enumerated().map { i, f in
            (i > 0 ? Array(", ".utf8) : []) + style.string(f.name) + Array(": ".utf8)
        }
        let encoders = table.columns.map { style.encoder(for: $0) }
        let prefix = Array(prefix.utf8), separator = Array(separator.utf8), last = Array(last.utf8)
        out.reserveCapacity(out.count + table.rowCount * (keys.reduce(4) { $0 + $1.count } + table.columns.count * 10))
        for r in 0..<table.rowCount {
            // Cancelled: stop here; the caller (TableWriter.render, write) throws instead of
            // returning the partial text.
            if r & (Cancellation.stride - 1) == 0 && Cancellation.isRequested { break }
            out.append(contentsOf: prefix)
            out.append(UInt8(ascii: "{"))
            for (key, encode) in zip(keys, encoders) {
                out.append(contentsOf: key)
                encode(&out, r)
            }
            out.append(UInt8(ascii: "}"))
            out.append(contentsOf: r == table.rowCount - 1 ? last : separator)
        }
    }
}

struct JSONStyle: CellStyle {
    let null: [UInt8] = Array("null".utf8)

    func string(_ s: String) -> [UInt8] { JSONStyle.quoted(s) }

    func double(_ v: Double) -> [UInt8] {
        guard v.isFinite else { return null }
        let text = Value.format(v)
        // "2023" would read back as an integer; "2023.0" keeps the column a float column.
        if text.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || ($0 >= 48 && $0 <= 57) }) {
            return Array((text + ".0").utf8)
        }
        return Array(text.utf8)
    }

    func date(_ days: Int32) -> [UInt8] { JSONStyle.quoted(CivilDate(days: days).description) }

    private static let hex = Array("0123456789abcdef".utf8)

    static func quoted(_ s: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        out.reserveCapacity(s.utf8.count + 2)
        for b in ByteText.bytes(of: s) {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: "\\n".utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: "\\r".utf8)
            case UInt8(ascii: "\t"): out.append(contentsOf: "\\t".utf8)
            case 0x08: out.append(contentsOf: "\\b".utf8)
            case 0x0C: out.append(contentsOf: "\\f".utf8)
            case 0..<0x20: out.append(contentsOf: "\\u00".utf8 + [hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }
}
