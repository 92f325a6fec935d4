// Text measurement and fitting for charts: display width in terminal columns, padding and
// truncation that never split a character.
//
// Why a private copy: when the charts were written the engine had no display-width function
// yet. This one follows the usual wcwidth rules (combining marks 0, East Asian wide and emoji
// 2, the rest 1) per grapheme cluster, so "Perú", "São Paulo" and "中国" line up.

enum ChartText {
    /// Columns a string takes in a terminal.
    static func width(_ s: String) -> Int {
        var total = 0
        for ch in s { total += width(of: ch) }
        return total
    }

    /// Columns one grapheme cluster takes: the widest of its scalars, so a letter with a
    /// combining accent counts 1 and an emoji sequence counts 2.
    static func width(of ch: Character) -> Int {
        var w = 0
        for scalar in ch.unicodeScalars { w = max(w, width(of: scalar)) }
        return w
    }

    static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if v < 0x300 { return 1 }  // Latin fast path: no marks, no wide characters below U+0300
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v >= 0x1160 && v <= 0x11FF { return 0 }  // Hangul medial vowels and final consonants
        if isWide(v) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// East Asian Wide and Fullwidth blocks (the ranges wcwidth implementations use).
    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
             0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

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
