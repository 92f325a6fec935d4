// Renders a table for the terminal in the style of the DuckDB CLI: a box with column names
// and types, numbers right-aligned with thousands separators (floats on the decimal point), NULL for nulls. Long tables
// show their first and last rows around a "…" row; wide tables drop middle columns for a
// "…" column. Whatever is left out is counted in the footer, never dropped silently.

public struct BoxOptions: Sendable {
    /// Terminal width the box must fit.
    public var maxWidth: Int
    /// Tables with more rows show this many (half from the top, half from the bottom).
    public var maxRows: Int
    /// Widest a single column may be; longer cells end in "…".
    var maxColumnWidth: Int

    public init(maxWidth: Int = 120, maxRows: Int = 20, maxColumnWidth: Int = 40) {
        self.maxWidth = maxWidth
        self.maxRows = maxRows
        self.maxColumnWidth = maxColumnWidth
    }
}

public enum BoxRenderer {
    public static func render(_ table: Table, options: BoxOptions = BoxOptions()) -> String {
        let rowCount = table.rowCount
        let (head, tail, rowsElided) = shown(rowCount: rowCount, maxRows: options.maxRows)
        let shownRows: [Int] = rowsElided ? Array(0..<head) + Array((rowCount - tail)..<rowCount) : Array(0..<rowCount)
        let cap = max(3, options.maxColumnWidth)

        // Cells of every column for the rows shown, and each column's natural width.
        var cells: [[String]] = []
        var widths: [Int] = []
        for (i, column) in table.columns.enumerated() {
            let plain = isIdentifierLike(table.fields[i].name)
            var texts = shownRows.map { DisplayWidth.fit(cellText(column[$0], grouped: !plain), cap) }
            if table.fields[i].type == .float { texts = alignedOnThePoint(texts) }
            cells.append(texts)
            let name = DisplayWidth.fit(table.fields[i].name, cap)
            var w = max(DisplayWidth.of(name), DisplayWidth.of(table.fields[i].type.rawValue))
            for t in texts { w = max(w, DisplayWidth.of(t)) }
            widths.append(w)
        }

        let kept = fitColumns(widths, maxWidth: options.maxWidth)
        // nil in the layout stands for the "…" column that replaces the dropped ones.
        var layout: [Int?] = []
        for (k, c) in kept.enumerated() {
            if k > 0 && c != kept[k - 1] + 1 { layout.append(nil) }
            layout.append(c)
        }
        if kept.isEmpty && !table.columns.isEmpty { layout = [nil] }
        let colWidths = layout.map { $0.map { widths[$0] } ?? 1 }

        var out = ""
        func rule(_ l: String, _ m: String, _ r: String) {
            out += l + colWidths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: m) + r + "\n"
        }
        func line(_ texts: [String]) {
            out += "│" + texts.map { " " + $0 + " " }.joined(separator: "│") + "│\n"
        }
        if layout.isEmpty {
            out = "(no columns)\n"
        } else {
            rule("┌", "┬", "┐")
            line(layout.enumerated().map { k, c in
                DisplayWidth.center(c.map { DisplayWidth.fit(table.fields[$0].name, cap) } ?? "…", colWidths[k])
            })
            line(layout.enumerated().map { k, c in
                DisplayWidth.center(c.map { table.fields[$0].type.rawValue } ?? "…", colWidths[k])
            })
            rule("├", "┼", "┤")
            func elision() { line(layout.enumerated().map { k, _ in DisplayWidth.center("…", colWidths[k]) }) }
            for (r, _) in shownRows.enumerated() {
                if rowsElided && r == head { elision() }
                line(layout.enumerated().map { k, c in
                    guard let c else { return DisplayWidth.center("…", colWidths[k]) }
                    return DisplayWidth.pad(cells[c][r], colWidths[k], right: rightAligned(table.fields[c].type))
                })
            }
            if rowsElided && head == shownRows.count { elision() }
            rule("└", "┴", "┘")
        }

        var footer: [String] = []
        if rowsElided {
            footer.append("\(rowsText(rowCount)) (\(shownRows.count) shown)")
        } else if rowCount == 0 {
            footer.append(rowsText(0))
        }
        if kept.count < table.columns.count {
            footer.append("\(NumberFormat.grouped(Int64(table.columns.count))) columns (\(kept.count) shown)")
        }
        if !footer.isEmpty { out += footer.joined(separator: ", ") + "\n" }
        return out
    }

    /// Integer columns holding years, ids and codes read wrong with separators ("2,023"):
    /// a name that says so (year, *_year, id, *_id, code, *_code) turns them off.
    static func isIdentifierLike(_ name: String) -> Bool {
        let n = name.lowercased()
        for word in ["year", "id", "code"] where n == word || n.hasSuffix("_" + word) { return true }
        return false
    }

    static func rightAligned(_ t: DataType) -> Bool { t == .integer || t == .float }

    /// Which rows a display of at most `maxRows` shows (the box and the HTML table): the first
    /// `head` and the last `tail`, "…" between them when rows are left out. One row is the
    /// first; none is the header alone ("51 rows (0 shown)").
    static func shown(rowCount: Int, maxRows: Int) -> (head: Int, tail: Int, elided: Bool) {
        let limit = max(0, maxRows)
        guard rowCount > limit else { return (rowCount, 0, false) }
        let head = limit == 1 ? 1 : limit / 2
        return (head, limit - head, true)
    }

    /// "1 row", "0 rows", "1,234 rows".
    static func rowsText(_ n: Int) -> String { n == 1 ? "1 row" : "\(NumberFormat.grouped(Int64(n))) rows" }

    /// A float column's cells padded on the right so that, right-aligned, their decimal points
    /// line up (1.5, 12.25 and 100 read "  1.5 ", " 12.25", "100   "). Spaces, not zeros: the
    /// digits shown stay the ones the number has. Cells that are not plain decimals (NULL,
    /// 1.5e-07, inf, nan, a cell cut with "…") keep to the right edge.
    static func alignedOnThePoint(_ texts: [String]) -> [String] {
        func decimals(_ t: String) -> Int? {
            guard !t.isEmpty, t.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2C || $0 == 0x2E || $0 == 0x2D })
            else { return nil }
            guard let dot = t.utf8.firstIndex(of: 0x2E) else { return 0 }
            return t.utf8.distance(from: dot, to: t.utf8.endIndex)
        }
        let widest = texts.compactMap(decimals).max() ?? 0
        guard widest > 0 else { return texts }
        return texts.map { t in
            guard let d = decimals(t) else { return t }
            return t + String(repeating: " ", count: widest - d)
        }
    }

    /// Text of one cell: NULL for null, separators for numbers, control characters escaped
    /// so a newline in a value cannot break the box, and bytes that are not UTF-8 (kept by
    /// `ByteText`) shown as `\xNN`.
    static func cellText(_ v: Value, grouped: Bool = true) -> String {
        switch v {
        case .null: return "NULL"
        case .int(let x): return grouped ? NumberFormat.grouped(x) : String(x)
        case .double(let x): return NumberFormat.grouped(x)
        case .string(let s):
            guard s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || ByteText.escapedByte($0) != nil }) else { return s }
            var out = ""
            for u in s.unicodeScalars {
                switch u {
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if let b = ByteText.escapedByte(u) { out += "\\x" + String(b, radix: 16, uppercase: true) }
                    else if u.value < 0x20 || u.value == 0x7F { out += "?" } else { out.unicodeScalars.append(u) }
                }
            }
            return out
        default: return v.description
        }
    }

    /// Indices of the columns to show: all if they fit, otherwise as many as fit taken
    /// alternately from the left and the right edge (names and totals usually sit there),
    /// leaving room for the "…" column.
    static func fitColumns(_ widths: [Int], maxWidth: Int) -> [Int] {
        let total = widths.reduce(1) { $0 + $1 + 3 }
        if total <= maxWidth { return Array(widths.indices) }
        var left: [Int] = [], right: [Int] = []
        var used = 1 + 4  // outer border + the "…" column
        var lo = 0, hi = widths.count - 1
        var takeLeft = true
        while lo <= hi {
            let c = takeLeft ? lo : hi
            if used + widths[c] + 3 > maxWidth { break }
            used += widths[c] + 3
            if takeLeft { left.append(c); lo += 1 } else { right.insert(c, at: 0); hi -= 1 }
            takeLeft.toggle()
        }
        return left + right
    }
}

extension Table: CustomStringConvertible {
    /// The box rendering with default options.
    public var description: String { BoxRenderer.render(self) }

    public func render(_ options: BoxOptions = BoxOptions()) -> String { BoxRenderer.render(self, options: options) }
}
