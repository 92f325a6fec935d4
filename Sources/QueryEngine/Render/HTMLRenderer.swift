// Renders a table as HTML for notebooks (Jupyter's text/html): the same content as the box —
// column names with their types under them, numbers right-aligned with separators, nulls
// marked, long tables cut to their first and last rows with the count said ("470 rows (20
// shown)") — and an optional source note under it. Every text is escaped, so a value can never
// become markup.

public enum HTMLRenderer {
    public static func render(_ table: Table, maxRows: Int = 20, note: String? = nil) -> String {
        let rowCount = table.rowCount
        let (top, bottom, elided) = BoxRenderer.shown(rowCount: rowCount, maxRows: maxRows)
        var out = "<div class=\"hemi-result\">\n<table class=\"hemi-table\">\n<thead>\n<tr>"
        for f in table.fields {
            let align = BoxRenderer.rightAligned(f.type) ? "right" : "left"
            out += "<th style=\"text-align:\(align)\">\(MarkupText.escape(f.name))<br>"
            out += "<span style=\"font-weight:normal;opacity:0.6\">\(f.type.rawValue)</span></th>"
        }
        out += "</tr>\n</thead>\n<tbody>\n"
        func row(_ r: Int) {
            out += "<tr>"
            for (c, column) in table.columns.enumerated() {
                let field = table.fields[c]
                let align = BoxRenderer.rightAligned(field.type) ? "right" : "left"
                let value = column[r]
                if value.isNull {
                    out += "<td style=\"text-align:\(align)\" class=\"hemi-null\"><em style=\"opacity:0.5\">NULL</em></td>"
                } else {
                    let text = BoxRenderer.cellText(value, grouped: !BoxRenderer.isIdentifierLike(field.name))
                    out += "<td style=\"text-align:\(align)\">\(MarkupText.escape(text))</td>"
                }
            }
            out += "</tr>\n"
        }
        for r in 0..<top { row(r) }
        if elided {
            out += "<tr>" + String(repeating: "<td style=\"text-align:center\">…</td>", count: table.fields.count) + "</tr>\n"
            for r in (rowCount - bottom)..<rowCount { row(r) }
        }
        out += "</tbody>\n</table>\n"
        var footer: [String] = []
        if elided {
            footer.append("\(BoxRenderer.rowsText(rowCount)) (\(top + bottom) shown)")
        } else {
            footer.append(BoxRenderer.rowsText(rowCount))
        }
        if let note, !note.isEmpty { footer.append(MarkupText.escape(note)) }
        out += "<p style=\"font-size:smaller;opacity:0.7\">" + footer.joined(separator: "<br>") + "</p>\n</div>\n"
        return out
    }
}
