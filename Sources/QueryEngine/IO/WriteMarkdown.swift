// Markdown output: a GitHub pipe table. Numeric columns are right-aligned (`---:`), cells are
// padded to a common display width so the source reads as a table too ("Perú", "中国" line
// up; floats on their decimal point), numbers are written plainly (no separators, so years and codes stay as they are).
// A null is an empty cell; "|" inside a value is escaped as "\|" and a line break becomes
// "<br>", the two things that would otherwise break the table's rows; a tab becomes a space.

enum MarkdownWriter {
    static func table(_ table: Table) -> [UInt8] {
        guard !table.columns.isEmpty else { return [] }
        let style = MarkdownStyle()
        let header = table.fields.map { style.string($0.name) }
        let cells = table.columns.map { MarkdownCells($0, style: style) }
        let widths = cells.indices.map { max(3, width(header[$0]), cells[$0].maxWidth) }
        let right = table.fields.map { $0.type == .integer || $0.type == .float }

        var out: [UInt8] = []
        out.reserveCapacity((table.rowCount + 2) * (widths.reduce(1) { $0 + $1 + 3 } + 1))
        /// `trailing`: spaces after a right-aligned number, to put its decimal point in line.
        func cell(_ bytes: UnsafeBufferPointer<UInt8>, width w: Int, trailing: Int = 0, _ c: Int) {
            let fill = widths[c] - w - trailing
            out.append(UInt8(ascii: " "))
            if right[c] { out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: fill)) }
            out.append(contentsOf: bytes)
            if !right[c] { out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: fill)) }
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: trailing))
            out.append(contentsOf: " |".utf8)
        }
        out.append(UInt8(ascii: "|"))
        for c in header.indices { header[c].withUnsafeBufferPointer { cell($0, width: width(header[c]), c) } }
        out.append(UInt8(ascii: "\n"))
        out.append(UInt8(ascii: "|"))
        for (c, w) in widths.enumerated() {
            out.append(UInt8(ascii: " "))
            out.append(contentsOf: repeatElement(UInt8(ascii: "-"), count: right[c] ? w - 1 : w))
            if right[c] { out.append(UInt8(ascii: ":")) }
            out.append(contentsOf: " |".utf8)
        }
        out.append(UInt8(ascii: "\n"))
        for r in 0..<table.rowCount {
            // Cancelled: stop here; the caller (TableWriter.render, write) throws instead of
            // returning the partial text.
            if r & (Cancellation.stride - 1) == 0 && Cancellation.isRequested { break }
            out.append(UInt8(ascii: "|"))
            for c in cells.indices { cells[c].withCell(r) { cell($0, width: $1, trailing: cells[c].trailing(r), c) } }
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    /// Terminal columns of UTF-8 text; ASCII (numbers, dates, most names) is its byte count.
    static func width(_ bytes: [UInt8]) -> Int {
        bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x80 }) ? bytes.count : DisplayWidth.of(String(decoding: bytes, as: UTF8.self))
    }
}

/// One column's cell texts and display widths. A string column keeps one text per
/// dictionary entry (measuring "São Paulo" once, not once per row); other columns are
/// ASCII, laid end to end in one buffer.
struct MarkdownCells {
    private var flat: [UInt8] = []
    private var ends: [Int] = []
    private var codes: [UInt32]? = nil
    private var entries: [[UInt8]] = []
    private var entryWidths: [Int] = []
    private let valid: [Bool]?
    /// Float columns: per row, the decimals of the widest row minus this row's (a plain
    /// decimal's; 0 for a null, an exponent form, inf or nan), so the points line up.
    private var pads: [UInt8]? = nil
    private(set) var maxWidth = 0

    init(_ column: Column, style: MarkdownStyle) {
        valid = column.valid
        if case .string(let codes, let dictionary) = column.storage {
            self.codes = codes
            entries = dictionary.map { style.string($0) }
            entryWidths = entries.map { MarkdownWriter.width($0) }
            var used = [Bool](repeating: false, count: entries.count)
            for r in 0..<codes.count where valid?[r] ?? true { used[Int(codes[r])] = true }
            for (i, w) in entryWidths.enumerated() where used[i] { maxWidth = max(maxWidth, w) }
            return
        }
        let encode = style.encoder(for: column)
        ends.reserveCapacity(column.count)
        var start = 0
        // Float columns: each row's decimals (from the point to the end, 0 for none), -1 when
        // the text is not a plain decimal.
        var decimals: [Int8] = []
        let isFloat = column.type == .float
        if isFloat { decimals.reserveCapacity(column.count) }
        for r in 0..<column.count {
            encode(&flat, r)
            maxWidth = max(maxWidth, flat.count - start)
            if isFloat { decimals.append(MarkdownCells.decimals(flat[start...])) }
            start = flat.count
            ends.append(start)
        }
        let widest = decimals.max() ?? 0
        guard widest > 0 else { return }
        pads = decimals.map { $0 < 0 ? 0 : UInt8(widest - $0) }
        maxWidth = 0
        for r in 0..<column.count {
            maxWidth = max(maxWidth, ends[r] - (r == 0 ? 0 : ends[r - 1]) + Int(pads![r]))
        }
    }

    /// Bytes from the decimal point to the end of a plain decimal ("-12.25" → 3, "100" → 0);
    /// -1 for anything else (empty, "1e-09", "inf", "nan").
    static func decimals(_ text: ArraySlice<UInt8>) -> Int8 {
        guard !text.isEmpty, text.count < 100 else { return -1 }
        var point: Int? = nil
        for (i, b) in text.enumerated() {
            if b == UInt8(ascii: ".") { point = i; continue }
            if !(b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) && b != UInt8(ascii: "-") { return -1 }
        }
        return point.map { Int8(text.count - $0) } ?? 0
    }

    /// Spaces to write after row `r`'s text (see `pads`).
    func trailing(_ r: Int) -> Int { pads.map { Int($0[r]) } ?? 0 }

    /// Calls `body` with the text of row `r` and its width.
    func withCell(_ r: Int, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) {
        if let codes {
            if let valid, !valid[r] { body(UnsafeBufferPointer(start: nil, count: 0), 0); return }
            let k = Int(codes[r])
            entries[k].withUnsafeBufferPointer { body($0, entryWidths[k]) }
            return
        }
        let start = r == 0 ? 0 : ends[r - 1]
        flat.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<ends[r]]), ends[r] - start) }
    }
}

struct MarkdownStyle: CellStyle {
    let null: [UInt8] = []

    func string(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var previousCR = false
        for b in ByteText.bytes(of: s) {
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

    // Markdown is read by people: 12 significant digits, so a sum reads 797324.6, not its
    // binary artefact 797324.6000000001 (CSV and JSON keep every digit).
    func double(_ v: Double) -> [UInt8] { Array(Value.format(NumberFormat.significant(v, 12)).utf8) }
}
