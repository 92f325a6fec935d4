// How a notebook cell is read: its lines are Lua, except a line starting with `.` at column 0
// where no Lua chunk is open, which is a dot-command (as at the REPL's prompt). So a cell may
// hold `.schema us_trade` alone, Lua alone, or both, run in order.

import LuaBridge

enum KernelCell {
    enum Segment: Equatable {
        /// Lua source and the cell line it starts on (1-based), so errors name cell lines.
        case lua(String, line: Int)
        case command(String, line: Int)
    }

    /// The cell cut into Lua chunks and dot-commands. `isOpen(text)`: whether a Lua chunk
    /// is unfinished (its syntax error ends at `<eof>`), so a line starting with `.` inside it
    /// (a long string, a table constructor) stays Lua.
    static func segments(_ code: String, isOpen: (String) -> Bool) -> [Segment] {
        var out: [Segment] = []
        var lua: [Substring] = []
        var luaStart = 1
        func closeLua() {
            let text = lua.joined(separator: "\n")
            if !text.allSatisfy(\.isWhitespace) { out.append(.lua(text, line: luaStart)) }
            lua = []
        }
        for (i, line) in code.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix(".") && (lua.isEmpty || !isOpen(lua.joined(separator: "\n"))) {
                closeLua()
                out.append(.command(String(line), line: i + 1))
                continue
            }
            if lua.isEmpty { luaStart = i + 1 }
            lua.append(line)
        }
        closeLua()
        return out
    }

    enum Completeness: String { case complete, incomplete, invalid }

    /// Whether a front end should run the cell now (complete), wait for more lines
    /// (incomplete: an open block or string), or run it to show its error (invalid).
    static func completeness(_ code: String, in lua: LuaState) -> Completeness {
        let isOpen = { (text: String) -> Bool in Self.isOpen(text, in: lua) }
        for segment in segments(code, isOpen: isOpen) {
            guard case .lua(let text, _) = segment else { continue }
            if lua.compile("return " + text, chunkName: "=cell") == nil { continue }
            guard let e = lua.compile(text, chunkName: "=cell") else { continue }
            if case .syntax(let m) = e, m.hasSuffix("<eof>") { return .incomplete }
            return .invalid
        }
        return .complete
    }

    static func isOpen(_ text: String, in lua: LuaState) -> Bool {
        guard lua.compile("return " + text, chunkName: "=cell") != nil,
              let e = lua.compile(text, chunkName: "=cell"), case .syntax(let m) = e else { return false }
        return m.hasSuffix("<eof>")
    }
}
