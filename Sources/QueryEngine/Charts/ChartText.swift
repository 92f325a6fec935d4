// Text fitting for charts: padding, truncation and wrapping by display width (the engine's
// DisplayWidth: combining marks 0, East Asian wide and emoji 2), so "Perú", "São Paulo" and
// "中国" line up and a cut never splits a character.

enum ChartText {
    /// Columns a string takes in a terminal.
    static func width(_ s: String) -> Int { DisplayWidth.of(s) }

    static func width(of ch: Character) -> Int { DisplayWidth.of(ch) }

    /// Control characters (newlines, tabs) in a label would break the layout of every line
    /// after it, and most are invalid in XML: replace each with a space.
    static func clean(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isControl) else { return s }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars { out.append(isControl(scalar) ? " " : scalar) }
        return String(out)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
    }

    /// `s` cut to at most `maxWidth` columns; a cut string ends with the ellipsis so the cut
    /// is visible, never silent.
    static func fit(_ s: String, width maxWidth: Int, ellipsis: String) -> String {
        if width(s) <= maxWidth { return s }
        let room = maxWidth - width(ellipsis)
        if room <= 0 { return String(ellipsis.prefix(max(0, maxWidth))) }
        var out = ""
        var used = 0
        for ch in s {
            let w = width(of: ch)
            if used + w > room { break }
            out.append(ch)
            used += w
        }
        return out + ellipsis
    }

    static func padRight(_ s: String, to columns: Int) -> String {
        let w = width(s)
        return w >= columns ? s : s + String(repeating: " ", count: columns - w)
    }

    static func padLeft(_ s: String, to columns: Int) -> String {
        let w = width(s)
        return w >= columns ? s : String(repeating: " ", count: columns - w) + s
    }

    /// Lines of a terminal chart carry no trailing blanks (stable golden files, clean copies).
    static func trimRight(_ s: String) -> String {
        var end = s.endIndex
        while end > s.startIndex {
            let before = s.index(before: end)
            if s[before] != " " { break }
            end = before
        }
        return String(s[..<end])
    }

    /// Words of `s` packed into lines of at most `columns` columns (a word longer than a line
    /// gets a line of its own). Used for titles and source notes.
    static func wrap(_ s: String, columns: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in s.split(separator: " ", omittingEmptySubsequences: true) {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if width(candidate) <= columns || current.isEmpty {
                current = candidate
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
