/// Colour on a terminal, where a person expects it: in a box the column types and NULLs dim
/// and numbers cyan, errors red, the prompt bold. Only when the stream is a terminal, never when
/// `NO_COLOR` is set to a non-empty value (no-color.org), and `.color off` turns it off.
/// Applied by the terminal's display to text already rendered, so exports, `.output` files and
/// pipes never see an escape.
enum Colour {
    static let dim = "\u{1b}[2m", cyan = "\u{1b}[36m", red = "\u{1b}[31m", bold = "\u{1b}[1m", reset = "\u{1b}[0m"

    /// Whether colour may be used on file descriptor `fd` in this environment.
    static func allowed(fd: Int32, environment: [String: String]) -> Bool {
        if let n = environment["NO_COLOR"], !n.isEmpty { return false }
        return isatty(fd) != 0
    }

    /// An error message in red.
    static func error(_ text: String) -> String { red + text + reset }

    /// The prompt in bold; libedit leaves what is between two \u{1} out of its width (its
    /// readline emulation's RL_PROMPT_START_IGNORE, used at both ends).
    /// The reset goes before the prompt's trailing blanks: libedit drops a literal sequence
    /// that ends the prompt.
    static func prompt(_ text: String) -> String {
        let body = text.reversed().drop { $0 == " " }.reversed()
        let blanks = String(repeating: " ", count: text.count - body.count)
        return "\u{1}" + bold + "\u{1}" + String(body) + "\u{1}" + reset + "\u{1}" + blanks
    }

    /// A result: box tables get their types row and NULLs dimmed and numbers in cyan; other
    /// text is returned as it is.
    static func result(_ text: String) -> String {
        guard text.hasPrefix("┌") else { return text }
        var out: [String] = []
        var headerRows = 0, inBody = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("├") { inBody = true; out.append(String(line)); continue }
            if line.hasPrefix("└") { inBody = false; out.append(String(line)); continue }
            guard line.hasPrefix("│") else {
                // The footer ("45 rows (20 shown)") is a note about the table.
                out.append(line.isEmpty || line.hasPrefix("┌") ? String(line) : dim + line + reset)
                continue
            }
            if !inBody {
                headerRows += 1
                out.append(headerRows == 2 ? paintCells(line) { _ in dim } : String(line))
                continue
            }
            out.append(paintCells(line) { cell in
                let t = String(cell).trimmingSpaces
                if t == "NULL" || t == "…" { return dim }
                if let f = t.first, f.isNumber || (f == "-" && t.count > 1), t.allSatisfy({ $0.isNumber || ",.-e+".contains($0) }) { return cyan }
                return nil
            })
        }
        return out.joined(separator: "\n")
    }

    /// Colours each cell between the box's bars with what `colour` picks for it.
    private static func paintCells(_ line: Substring, _ colour: (Substring) -> String?) -> String {
        let cells = line.split(separator: "│", omittingEmptySubsequences: false)
        return cells.enumerated().map { i, cell in
            guard i > 0, i < cells.count - 1, let c = colour(cell) else { return String(cell) }
            return c + cell + reset
        }.joined(separator: "│")
    }
}

#if canImport(Glibc)
import Glibc
#endif
