/// Joins input lines into entries the way the REPL reads them: a dot-command in column 0 is
/// an entry of its own; Lua lines gather until they form a complete chunk (lua.c's rule: a
/// syntax error at `<eof>` means "read another line"). Used for piped input, `.read` and the
/// terminal; it remembers where each entry started so errors can name the input's line.
struct EntryFeeder {
    private var pending: [String] = []
    private var firstLine = 0
    /// Lines added so far (the number of the last one).
    private(set) var lineNumber = 0

    init() {}

    /// Adds one line; returns the entry it completes, with the line it started on, if any.
    mutating func add(_ line: String, session: Session) -> (text: String, firstLine: Int)? {
        lineNumber += 1
        if pending.isEmpty {
            if line.hasPrefix(".") { return (line, lineNumber) }
            if line.trimmingSpaces.isEmpty { return nil }
            firstLine = lineNumber
        }
        pending.append(line)
        let chunk = pending.joined(separator: "\n")
        if session.isIncomplete(chunk) { return nil }
        pending = []
        return (chunk, firstLine)
    }

    /// Whether a Lua chunk is waiting for more lines (the `>>` prompt).
    var isContinuing: Bool { !pending.isEmpty }
    mutating func clear() { pending = [] }

    /// At end of input, what was left unfinished: submitted, it reports the syntax error it is.
    var unfinished: (text: String, firstLine: Int)? {
        pending.isEmpty ? nil : (pending.joined(separator: "\n"), firstLine)
    }
}
