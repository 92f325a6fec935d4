// The Hemi session behind `hemi --kernel`: one Lua state (with the `hemi` module, plugins and
// settings) kept across cells, run the way the REPL runs entries — an expression shows its
// value, a statement runs, a dot-command works — but shown as display data: a query result is
// an HTML table and its box, a chart is SVG, printed text is a stream, an error is an error
// with its name, value and traceback. Completion and inspection use the REPL's completer and
// the same help as `.help`.

import LuaBridge
import Scripting
import QueryEngine

final class KernelSession: DisplaySink, SessionDisplay {
    let lua: LuaState
    let channel: KernelChannel
    /// The session core the REPL also runs on: its dot-commands, printer, completer and
    /// settings (`.maxrows`, `.mode`). Its output comes back here (SessionDisplay).
    private(set) var session: Session!
    /// Error messages the session reported during the running dot-command.
    private var errors: [String] = []
    /// Cells run so far; names chunks `In[n]` as the notebook numbers them.
    private var count = 0
    /// The request being run, and whether display data may be sent for it.
    private var current: JSONValue = .null
    private var silent = false

    init(lua: LuaState, channel: KernelChannel) {
        self.lua = lua
        self.channel = channel
        session = Session(lua: lua, display: self)
        HemiContext.of(lua)?.displaySink = self
        installRunner()
    }

    // MARK: execute

    /// The outcome of a cell: ok, or the first error (the cell stops there, as a script does).
    struct Failure: Error {
        var ename: String
        var evalue: String
        var traceback: [String]
    }

    /// Runs a cell; sends its streams, displays and result as it goes; returns the reply's fields.
    func execute(_ code: String, id: JSONValue, silent: Bool, count given: Int?) -> [(String, JSONValue)] {
        if !silent { count = given ?? count + 1 }
        current = id
        self.silent = silent
        defer { current = .null }
        LuaInterrupt.clear()
        channel.begin(id)
        var failure: Failure?
        let segments = KernelCell.segments(code) { KernelCell.isOpen($0, in: lua) }
        for segment in segments {
            switch segment {
            case .lua(let text, let line): failure = runLua(text, line: line)
            case .command(let text, _): failure = runCommand(text)
            }
            if failure != nil { break }
        }
        LuaInterrupt.clear()
        channel.end()
        guard let failure else { return [("status", .string("ok"))] }
        return [("status", .string("error")), ("ename", .string(failure.ename)), ("evalue", .string(failure.evalue)),
                ("traceback", .array(failure.traceback.map { .string($0) }))]
    }

    private var chunkName: String { "=In[\(count)]" }

    /// A Lua chunk. As in a notebook of any language, its value is shown when it ends with an
    /// expression: the last lines are tried as `return <lines>` after the rest as statements
    /// (the REPL tries a line as `return <line>` first in the same way). Lines before the
    /// chunk in the cell are kept as empty lines, so error positions name cell lines.
    private func runLua(_ text: String, line: Int) -> Failure? {
        let padding = String(repeating: "\n", count: line - 1)
        let padded = padding + text
        guard let source = Self.chunkShowingLastValue(text, compiles: { lua.compile(padding + $0, chunkName: chunkName) == nil }) else {
            return lua.compile(padded, chunkName: chunkName).map { Self.failure($0, source: padded) }
                ?? Failure(ename: "SyntaxError", evalue: "cannot compile the cell", traceback: [])
        }
        do {
            try lua.callKept("kernel.run", args: [.string(padding + source), .string(chunkName)])
            return nil
        } catch {
            return Self.failure(error, source: padded)
        }
    }

    /// The chunk to run for `text`: its last k lines (k = 1, 2, …) as `return <lines>` after
    /// the others as statements, when both compile; else `text` itself when it compiles; nil
    /// when it does not.
    static func chunkShowingLastValue(_ text: String, compiles: (String) -> Bool) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var k = 1
        while k <= lines.count && k <= 50 {
            let head = lines[..<(lines.count - k)].joined(separator: "\n")
            let tail = lines[(lines.count - k)...].joined(separator: "\n")
            if !tail.allSatisfy(\.isWhitespace) && !tail.hasPrefix("--") {
                let candidate = k == lines.count ? "return " + tail : head + "\nreturn " + tail
                if compiles(candidate) { return candidate }
            }
            k += 1
        }
        return compiles(text) ? text : nil
    }

    /// A dot-command, run by the session core; what it lists comes back as text (`result`),
    /// its failure as the error (`error`).
    private func runCommand(_ line: String) -> Failure? {
        let (name, _) = DotCommands.parse(line)
        if name == "exit" || name == "quit" {
            return Failure(ename: "CommandError", evalue: ".\(name) does not end a notebook's kernel",
                           traceback: [".\(name) does not end a notebook's kernel; use the notebook's Shut Down or Restart"])
        }
        errors = []
        let interruptedBefore = interrupted
        if session.submit(line) { return nil }
        if interrupted && !interruptedBefore {
            return Failure(ename: "Interrupted", evalue: "interrupted", traceback: ["Interrupted (the stop button or SIGINT)"])
        }
        let lines = errors.joined(separator: "\n").split(separator: "\n").map(String.init)
        return Failure(ename: "CommandError", evalue: lines.first ?? "\(line) failed", traceback: lines.isEmpty ? ["\(line) failed"] : lines)
    }

    // MARK: SessionDisplay: what the session core says while running a dot-command

    private var interrupted = false

    func result(_ text: String) { stream("stdout", text + "\n") }
    func error(_ message: String) { errors.append(message) }
    func note(_ text: String) {
        if text == "Interrupted" { interrupted = true; return }
        stream("stderr", text + "\n")
    }

    private func stream(_ name: String, _ text: String) {
        channel.flushStreams()
        channel.send(id: current, "stream", [("name", .string(name)), ("text", .string(text))])
    }

    /// A Lua error as Jupyter shows one: a name for its kind, the first line, and the whole
    /// message with the traceback (the kernel's own frames left out). A syntax error also shows
    /// its cell line, with a caret under the token Lua names (its last occurrence on the line).
    static func failure(_ e: LuaError, source: String) -> Failure {
        let ename: String
        switch e {
        case .syntax: ename = "SyntaxError"
        case .runtime: ename = "LuaError"
        case .memory: ename = "MemoryError"
        case .interrupted: ename = "Interrupted"
        case .budget: ename = "BudgetExceeded"
        case .file: ename = "FileError"
        }
        var lines = e.message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .filter { !$0.contains("(kernel)") && !$0.contains("'__hemi_show'") && $0 != "\t[C]: in ?" && $0 != "\t(...tail calls...)" }
        lines = lines.map { $0.replacing("in local '__hemi_cell'", with: "in main chunk") }
            // Frames of Hemi's own embedded Lua (`scripting/prelude.lua`) say nothing to the user.
            .filter { !$0.hasPrefix("\tscripting/") && !$0.hasPrefix("\trepl/") }
        // A traceback left with only C frames is dropped, as the REPL drops it (ErrorText).
        if let t = lines.firstIndex(of: "stack traceback:"),
           lines[(t + 1)...].allSatisfy({ $0.hasPrefix("\t[C]:") }) {
            lines.removeSubrange(t...)
        }
        // The interrupt's own message names wherever the hook fired last (often the kernel's
        // runner): the frames say where the cell was.
        if case .interrupted = e {
            return Failure(ename: "Interrupted", evalue: "interrupted",
                           traceback: ["Interrupted (the stop button or SIGINT)"] + lines.filter { $0.hasPrefix("\t") || $0 == "stack traceback:" })
        }
        if case .syntax(let m) = e, let shown = sourceLine(m, source: source) { lines += shown }
        return Failure(ename: ename, evalue: lines.first ?? e.message, traceback: lines)
    }

    /// `In[3]:2: unexpected symbol near 'x'` → the cell's line 2 and a caret under its last `x`.
    static func sourceLine(_ message: String, source: String) -> [String]? {
        let parts = message.split(separator: ":", maxSplits: 2)
        guard parts.count == 3, let n = Int(parts[1]), n >= 1 else { return nil }
        let all = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard n <= all.count else { return nil }
        let text = String(all[n - 1])
        var out = ["  \(n) | \(text)"]
        if let near = message.firstRange(of: "near '"),
           let end = message[near.upperBound...].firstIndex(of: "'") {
            let token = String(message[near.upperBound..<end])
            if !token.isEmpty, let r = text.ranges(of: token).last {   // the parser read past the earlier ones
                let column = text[..<r.lowerBound].count
                out.append("    | " + String(repeating: " ", count: column) + String(repeating: "^", count: max(1, token.count)))
            }
        }
        return out
    }

    // MARK: results and displays

    func show(_ data: DisplayData) { send("display_data", data) }

    private func send(_ type: String, _ data: DisplayData) {
        guard !silent else { return }
        channel.flushStreams()
        channel.send(id: current, type, [("data", .object(data.forms.map { ($0.mime, .string($0.text)) })), ("metadata", .object([]))])
    }

    /// [-0, +0] Keeps `run(source, name)` (Lua/kernel_runner.lua) as "kernel.run": it loads and
    /// runs a cell's chunk, keeps its first result as `_` and hands all results to the show
    /// native below, which shows a query as a table and anything else as the REPL prints it.
    /// Neither is reachable from a cell (no global).
    private func installRunner() {
        lua.register("show", inKept: "kernel.natives", LuaCall.throwing { [unowned self] call in
            let n = Int32(call.integer(1))
            var texts: [String] = []
            var tables: [DisplayData] = []
            for index in 2..<(2 + n) {
                if let data = try DisplayLua.data(at: index, call: call) { tables.append(data); continue }
                if case .opaque = call.argument(index), let text = call.state.tostring(at: index) { texts.append(text) }
                else { texts.append(session.printer.render(call.argument(index))) }
            }
            if tables.count == 1 && texts.isEmpty { send("execute_result", tables[0]); return .results(0) }
            for t in tables { show(t) }
            if !texts.isEmpty { send("execute_result", .plain(texts.joined(separator: "\t"))) }
            return .results(0)
        })
        do {
            try lua.run(EmbeddedLua.kernel_runner, kept: ["kernel.natives"], keepAs: "kernel.run")
        } catch {
            fatalError("kernel runner: \(error)")
        }
        // `display(q, {rows = 100})` in a notebook, as the issue and the notebooks write it.
        _ = try? lua.run("display = hemi.display", chunkName: "=(kernel)")
    }

    // MARK: complete, inspect, is_complete

    /// Candidates for the word before `cursor` (Unicode scalars from the start of `code`).
    func complete(_ code: String, cursor: Int) -> [(String, JSONValue)] {
        let scalars = Array(code.unicodeScalars)
        let end = min(max(cursor, 0), scalars.count)
        var before = String(String.UnicodeScalarView(scalars[..<end]))
        if let newline = before.lastIndex(of: "\n") { before = String(before[before.index(after: newline)...]) }
        let word = Self.lastWord(of: before)
        let matches = word.isEmpty && !before.hasSuffix("\"") && !before.hasSuffix("'") ? [] : session.complete(line: before, word: word)
        return [("matches", .array(matches.map { .string($0) })),
                ("cursor_start", .number(Double(end - word.unicodeScalars.count))),
                ("cursor_end", .number(Double(end))),
                ("metadata", .object([])), ("status", .string("ok"))]
    }

    /// What Hemi knows of the name under the cursor: a dot-command's usage, a metric, plugin,
    /// table or column (SessionHelp), else the Lua value's type and, for a table, its fields.
    func inspect(_ code: String, cursor: Int) -> [(String, JSONValue)] {
        let name = Self.name(in: code, at: cursor)
        var text: String?
        if name.hasPrefix("."), let c = session.commands.commands[String(name.dropFirst())] {
            text = "\(c.usage)\n  \(c.help)"
        }
        if text == nil { text = SessionHelp.text(for: name.hasPrefix(".") ? String(name.dropFirst()) : name, in: lua) }
        if text == nil, !name.isEmpty, !name.hasPrefix("."), name.first.map({ !$0.isNumber }) == true {
            text = luaSummary(name)
        }
        guard let text else {
            return [("status", .string("ok")), ("found", .bool(false)), ("data", .object([])), ("metadata", .object([]))]
        }
        return [("status", .string("ok")), ("found", .bool(true)),
                ("data", .object([("text/plain", .string(text))])), ("metadata", .object([]))]
    }

    /// `hemi.table` → "hemi.table: function"; a table lists its fields. Read raw, without
    /// running anything of the user's (as completion does).
    private func luaSummary(_ name: String) -> String? {
        let path = name.replacingColons
        guard let r = try? lua.run("""
            local v = _G
            for part in (...):gmatch("[^%.]+") do
              if type(v) ~= "table" then return nil end
              v = rawget(v, part)
            end
            if v == nil then return nil end
            local t = type(v)
            if t ~= "table" then return t end
            local keys = {}
            for k in next, v do if type(k) == "string" then keys[#keys + 1] = k end end
            table.sort(keys)
            return t, table.concat(keys, ", ")
            """, chunkName: "=(inspect)", args: [.string(path)]),
            let type = r.first?.stringValue else { return nil }
        var text = "\(name): \(type)"
        if let fields = r.dropFirst().first?.stringValue, !fields.isEmpty { text += "\n  fields: \(fields)" }
        if path.hasPrefix("hemi."), type == "function" {
            text += "\n  (the README's \"Querying from Lua\" describes the hemi module)"
        }
        return text
    }

    /// The dotted name around the cursor (`hemi.tab|le` → `hemi.table`, `.sch|ema` → `.schema`).
    static func name(in code: String, at cursor: Int) -> String {
        let s = Array(code.unicodeScalars)
        let isPart = { (c: Unicode.Scalar) -> Bool in
            c.properties.isAlphabetic || c.properties.numericType != nil || c == "_" || c == "." || c == ":"
        }
        var lo = min(max(cursor, 0), s.count), hi = lo
        while lo > 0 && isPart(s[lo - 1]) { lo -= 1 }
        while hi < s.count && isPart(s[hi]) { hi += 1 }
        if lo == hi, lo > 0, s[lo - 1] == "(" {   // just after `f(`: the function called
            hi = lo - 1; lo = hi
            while lo > 0 && isPart(s[lo - 1]) { lo -= 1 }
        }
        var name = String(String.UnicodeScalarView(s[lo..<hi]))
        while name.hasSuffix(".") || name.hasSuffix(":") { name.removeLast() }
        // `.schema` only counts as a command at the start of a line.
        if name.hasPrefix("."), lo > 0, s[lo - 1] != "\n" { name.removeFirst() }
        return name
    }

    /// Characters that end a word for completion, as libedit is told (LineEditor): `.` and
    /// `:` are not among them, so `string.fo` and `q:fi` complete as one word.
    static let wordBreaks: Set<Character> = [" ", "\t", "\n", "\"", "'", "`", "@", "$", ">", "<", "=", ";", "|", "&", "{", "(", ","]

    /// The word that ends `line` (after its last break character).
    static func lastWord(of line: String) -> String {
        String(line.reversed().prefix { !wordBreaks.contains($0) }.reversed())
    }

    func isComplete(_ code: String) -> [(String, JSONValue)] {
        let c = KernelCell.completeness(code, in: lua)
        var fields: [(String, JSONValue)] = [("status", .string(c.rawValue))]
        if c == .incomplete { fields.append(("indent", .string("  "))) }
        return fields
    }
}

extension String {
    /// `q:method` read as a path of fields (`q.method`).
    fileprivate var replacingColons: String { String(map { $0 == ":" ? "." : $0 }) }
}
