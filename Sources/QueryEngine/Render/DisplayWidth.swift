// Terminal columns a string takes, so that "Perú", "São Paulo" and "中国" line up in a box.
// The usual wcwidth rules per grapheme cluster: combining marks and format characters 0,
// East Asian wide/fullwidth and emoji 2, everything else 1.

enum DisplayWidth {
    static func of(_ s: String) -> Int {
        // ASCII fast path: most cells are plain numbers and codes.
        var ascii = true
        for b in s.utf8 where b >= 0x80 || b < 0x20 { ascii = false; break }
        if ascii { return s.utf8.count }
        var total = 0
        for ch in s { total += of(ch) }
        return total
    }

    /// The widest scalar of the cluster: "é" as e + U+0301 counts 1, an emoji sequence 2.
    static func of(_ ch: Character) -> Int {
        var w = 0
        for scalar in ch.unicodeScalars { w = max(w, of(scalar)) }
        return w
    }

    static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if v < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v >= 0x1160 && v <= 0x11FF { return 0 }
        if isWide(v) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

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

    /// `s` cut to at most `width` columns, ending in "…" when cut so a cut is never silent.
    static func fit(_ s: String, _ width: Int) -> String {
        if of(s) <= width { return s }
        guard width > 1 else { return width == 1 ? "…" : "" }
        var out = "", used = 0
        for ch in s {
            let w = of(ch)
            if used + w > width - 1 { break }
            out.append(ch)
            used += w
        }
        return out + "…"
    }

    static func pad(_ s: String, _ width: Int, right: Bool) -> String {
        let fill = String(repeating: " ", count: max(0, width - of(s)))
        return right ? fill + s : s + fill
    }

    static func center(_ s: String, _ width: Int) -> String {
        let room = max(0, width - of(s))
        return String(repeating: " ", count: room / 2) + s + String(repeating: " ", count: room - room / 2)
    }
}
