// Markdown output: a GitHub pipe table. Numeric columns are right-aligned (`---:`), cells are
// padded to a common display width so the source reads as a table too ("Perú", "中国" line
// up), numbers are written plainly (no separators, so years and codes stay as they are).
// A null is an empty cell; "|" inside a value is escaped as "\|" and a line break becomes
// "<br>", the two things that would otherwise break the table's rows; a tab becomes a space.

enum MarkdownWriter {
    static func table(_ table: Table) -> [UInt8] {
        guard !table.columns.isEmpty else { return [] }
        let style = MarkdownStyle()
        let header = table.fields.map { String(decoding: style.string($0.name), as: UTF8.self) }
        var cells: [[String]] = []
        var widths: [Int] = []
        for (c, column) in table.columns.enumerated() {
            let encode = style.encoder(for: column)
            var texts: [String] = []
            texts.reserveCapacity(table.rowCount)
            var scratch: [UInt8] = []
            var width = max(3, DisplayWidth.of(header[c]))
            for r in 0..<table.rowCount {
                scratch.removeAll(keepingCapacity: true)
                encode(&scratch, r)
                let text = String(decoding: scratch, as: UTF8.self)
                width = max(width, DisplayWidth.of(text))
                texts.append(text)
            }
            cells.append(texts)
            widths.append(width)
        }
        let right = table.fields.map { $0.type == .integer || $0.type == .float }

        var out = ""
        func line(_ texts: [String]) {
            out += "|"
            for (c, t) in texts.enumerated() { out += " " + DisplayWidth.pad(t, widths[c], right: right[c]) + " |" }
            out += "\n"
        }
        line(header)
        out += "|"
        for (c, w) in widths.enumerated() {
            out += " " + (right[c] ? String(repeating: "-", count: w - 1) + ":" : String(repeating: "-", count: w)) + " |"
        }
        out += "\n"
        for r in 0..<table.rowCount { line(cells.map { $0[r] }) }
        return Array(out.utf8)
    }
}

struct MarkdownStyle: CellStyle {
    let null: [UInt8] = []

    func string(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var previousCR = false
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "|"): out.append(contentsOf: "\\|".utf8)
            // A tab shows as a space in a rendered table anyway, and has no display width to
            // pad the source by.
            case UInt8(ascii: "\t"): out.append(UInt8(ascii: " "))
            case UInt8(ascii: "\r"): out.append(contentsOf: "<br>".utf8)
            // CRLF is one line break, not two.
            case UInt8(ascii: "\n"): if !previousCR { out.append(contentsOf: "<br>".utf8) }
            default: out.append(b)
            }
            previousCR = b == UInt8(ascii: "\r")
        }
        return out
    }

    func double(_ v: Double) -> [UInt8] { Array(Value.format(v).utf8) }
}
