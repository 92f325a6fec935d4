import QueryEngine

/// Dot-commands: lines starting with `.` at column 0, as in the sqlite3 and DuckDB shells.
/// Table-driven so later layers (dataset, plugins) add their own with `register`.
struct DotCommand {
    let name: String          // without the dot
    let usage: String
    let help: String
    let run: (_ session: Session, _ args: [String]) -> Void

    init(name: String, usage: String, help: String, run: @escaping (Session, [String]) -> Void) {
        self.name = name; self.usage = usage; self.help = help; self.run = run
    }
}

struct DotCommands {
    private(set) var commands: [String: DotCommand] = [:]

    mutating func register(_ c: DotCommand) { commands[c.name] = c }

    var names: [String] { commands.keys.sorted().map { "." + $0 } }

    /// Splits `.cmd a "b c"` into the name and its arguments (double quotes group words).
    static func parse(_ line: String) -> (name: String, args: [String]) {
        var words: [String] = [], current = "", quoted = false, started = false
        for c in line.dropFirst() {
            if c == "\"" { quoted.toggle(); started = true; continue }
            if c.isWhitespace && !quoted {
                if started { words.append(current); current = ""; started = false }
                continue
            }
            current.append(c); started = true
        }
        if started { words.append(current) }
        return (words.first ?? "", Array(words.dropFirst()))
    }

    /// The known command closest to `name`, for "did you mean".
    func nearest(to name: String) -> String? {
        let limit = max(2, name.count / 2)
        var best: (name: String, distance: Int)?
        for candidate in commands.keys.sorted() {
            let d = Suggest.distance(Array(candidate), Array(name))
            if d <= limit && (best == nil || d < best!.distance) { best = (candidate, d) }
        }
        return best?.name
    }
}
