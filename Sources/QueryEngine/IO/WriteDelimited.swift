// CSV and TSV output: a header row, then one line per row, "\n" line ends (what DuckDB,
// pandas and the CSV reader here all expect).
//
// CSV follows RFC 4180 and is written so the CSV reader reads it back unchanged: a field is
// quoted when it holds the delimiter, a quote, CR or LF, or starts or ends with a space or
// tab; a null is an empty field, while an empty string and the strings "NA" and "null" are
// quoted (a quoted field is never null, so a reader that takes NA for null still reads them
// as text). A null in a one-column table is a blank line, which the reader takes as a record
// of one empty field in a one-column file (RFC 4180), as it does not in wider files.
//
// TSV cannot quote, so a tab, newline, carriage return or backslash inside a field is
// written as \t, \n, \r or \\ (the convention of PostgreSQL's text format and of
// text/tab-separated-values). Null and the empty string are both an empty field.

enum DelimitedWriter {
    static func csv(_ table: Table) -> [UInt8] {
        write(table, style: CSVStyle(), delimiter: UInt8(ascii: ","))
    }

    static func tsv(_ table: Table) -> [UInt8] {
        write(table, style: TSVStyle(), delimiter: UInt8(ascii: "\t"))
    }

    private static func write<S: CellStyle>(_ table: Table, style: S, delimiter: UInt8) -> [UInt8] {
        guard !table.columns.isEmpty else { return [] }
        var out: [UInt8] = []
        // A guess that saves most reallocations: a dozen bytes a cell.
        out.reserveCapacity(min(1 << 30, (table.rowCount + 1) * table.columns.count * 12))
        for (i, field) in table.fields.enumerated() {
            if i > 0 { out.append(delimiter) }
            out.append(contentsOf: style.string(field.name))
        }
        out.append(UInt8(ascii: "\n"))
        let encoders = table.columns.map { style.encoder(for: $0) }
        for r in 0..<table.rowCount {
            // Cancelled: stop here; the caller (TableWriter.render, write) throws instead of
            // returning the partial text.
            if r & (Cancellation.stride - 1) == 0 && Cancellation.isRequested { break }
            for (i, encode) in encoders.enumerated() {
                if i > 0 { out.append(delimiter) }
                encode(&out, r)
            }
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }
}

struct CSVStyle: CellStyle {
    let null: [UInt8] = []

    func string(_ s: String) -> [UInt8] {
        let bytes = ByteText.bytes(of: s)
        guard needsQuotes(bytes) else { return bytes }
        var out: [UInt8] = [UInt8(ascii: "\"")]
        out.reserveCapacity(bytes.count + 2)
        for b in bytes {
            if b == UInt8(ascii: "\"") { out.append(b) }
            out.append(b)
        }
        out.append(UInt8(ascii: "\""))
        return out
    }

    func double(_ v: Double) -> [UInt8] { Array(Value.format(v).utf8) }

    private func needsQuotes(_ b: [UInt8]) -> Bool {
        // Empty and the reader's null markers: unquoted they would read back as null.
        if b.isEmpty || b == Array("NA".utf8) || b == Array("null".utf8) { return true }
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        if b[0] == space || b[0] == tab || b[b.count - 1] == space || b[b.count - 1] == tab { return true }
        for c in b where c == UInt8(ascii: ",") || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
            return true
        }
        return false
    }
}

struct TSVStyle: CellStyle {
    let null: [UInt8] = []

    func string(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for b in ByteText.bytes(of: s) {
            switch b {
            case UInt8(ascii: "\t"): out.append(contentsOf: "\\t".utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: "\\n".utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: "\\r".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            default: out.append(b)
            }
        }
        return out
    }

    func double(_ v: Double) -> [UInt8] { Array(Value.format(v).utf8) }
}
