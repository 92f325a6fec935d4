// The characters a terminal chart is drawn with: Unicode blocks where the terminal shows
// them, plain ASCII where it may not (NO_COLOR set, or a locale that is not UTF-8).

public enum ChartGlyphs: Sendable, Equatable {
    case unicode
    case ascii

    /// The set for an environment: ASCII when NO_COLOR is set (any value, as CONVENTIONS.md
    /// says) or when the locale that decides the character set (LC_ALL, else LC_CTYPE, else
    /// LANG: POSIX order) is not UTF-8; an unset locale is "C", which is not UTF-8.
    public static func preferred(environment: [String: String]) -> ChartGlyphs {
        if environment["NO_COLOR"] != nil { return .ascii }
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
            .lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? "C"
        let l = locale.lowercased()
        return (l.contains("utf-8") || l.contains("utf8")) ? .unicode : .ascii
    }

    /// Bar cells in eighths: index 0 is empty, 8 is the full block.
    var eighths: [String] {
        switch self {
        case .unicode: return ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]
        // ASCII has no partial cells: round to whole cells.
        case .ascii: return ["", "", "", "", "#", "#", "#", "#", "#"]
        }
    }

    var full: String { self == .unicode ? "█" : "#" }
    /// The half cell drawn at the far (left) end of a bar that grows leftwards.
    var rightHalf: String { self == .unicode ? "▐" : "#" }
    var axis: String { self == .unicode ? "│" : "|" }
    var markLine: String { self == .unicode ? "┊" : ":" }
    var horizontal: String { self == .unicode ? "─" : "-" }
    var corner: String { self == .unicode ? "└" : "+" }
    var tick: String { self == .unicode ? "┤" : "+" }
    var ellipsis: String { self == .unicode ? "…" : "..." }
    var dash: String { self == .unicode ? "–" : "-" }

    /// Sparkline levels from lowest to highest; ASCII uses a density ramp.
    var levels: [String] {
        switch self {
        case .unicode: return ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        case .ascii: return [".", ":", "-", "=", "+", "*", "#", "@"]
        }
    }

    /// One mark per series of a line chart, reused in turn beyond five series.
    var markers: [String] {
        switch self {
        case .unicode: return ["●", "■", "▲", "◆", "○"]
        case .ascii: return ["*", "o", "x", "#", "@"]
        }
    }
}
