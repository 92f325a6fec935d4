import LuaBridge
import Scripting
import PolicyData
import QueryEngine
#if canImport(Glibc)
import Glibc
#endif

/// The session core: one Lua state with the `hemi` module and its plugins, the settings, the
/// dot-commands, and the evaluation of one entry at a time. Every front end drives it: the
/// terminal REPL and piped input (`REPLSession`, which reads lines and joins continuation lines
/// into entries), `hemi -c`, and the kernel's JSON-lines protocol. What an entry produces goes
/// to `display`, which the front end chooses; the session never prints by itself.
public final class Session {
    let lua: LuaState
    var display: any SessionDisplay
    var commands = DotCommands()
    var printer = PrettyPrinter()
    var settings = SessionSettings()
    var history: History
    /// Whether a person is watching: long reads report progress, `local` gets its note.
    let interactive: Bool
    /// Set by `.exit`, `.quit` (and --bail after a failure): the front end stops reading.
    private(set) var exitCode: Int32?
    /// Entries that failed (errors, failing dot-commands); with `bail`, the first one ends the run.
    private(set) var failures = 0
    public var bail = false
    var lastResults: [LuaValue] = []
    var redirect: (OutputRedirect, once: Bool)?
    private var completer: ((String) -> [String])?

    public convenience init(lua: LuaState, display: any SessionDisplay, interactive: Bool = false) {
        self.init(lua: lua, display: display, interactive: interactive, history: History(path: nil))
    }

    init(lua: LuaState, display: any SessionDisplay, interactive: Bool, history: History) {
        self.lua = lua
        self.display = display
        self.interactive = interactive
        self.history = history
        // Dot-commands, plugin commands, completion and the banner need the whole module.
        HemiContext.of(lua)?.ensureLoaded()
        // q:show() goes where results go (the display pages it, .output catches it).
        HemiContext.of(lua)?.showSink = { [weak self] text in
            if let self { self.display.result(text) } else { print(text) }
        }
        if !lua.hasKept("repl.user_print") { Session.prepare(lua) }
        BuiltinCommands.register(into: &commands)
        DataCommands.register(into: &commands)
        OutputCommands.register(into: &commands)
        ShellCommands.register(into: &commands)
    }

    /// Keeps the base library's `print`, so that a REPL started later can tell whether the
    /// user replaced it. The driver calls this before running any user code; a session
    /// created without it keeps the `print` it finds.
    public static func prepare(_ lua: LuaState) {
        _ = try? lua.run(EmbeddedLua.user_print, keepAs: "repl.user_print")
    }

    // MARK: entries

    /// Whether `chunk` is an unfinished Lua chunk (its syntax error is at `<eof>`, as lua.c
    /// decides): the front end then reads another line. A dot-command is always complete.
    func isIncomplete(_ chunk: String) -> Bool {
        if chunk.hasPrefix(".") { return false }
        guard let e = lua.compile(chunk, chunkName: "=stdin"), case .syntax(let m) = e, m.hasSuffix("<eof>") else { return false }
        return lua.compile("return " + chunk, chunkName: "=stdin") != nil
    }

    /// Runs one complete entry: a dot-command (a `.` in column 0) or Lua, tried first as an
    /// expression (`return <entry>`; `=expr` too) and then as a statement. Returns whether it
    /// succeeded. `firstLine` is the line of the input the entry starts on, so an error in
    /// piped input names that line rather than line 1 of each entry.
    @discardableResult
    public func submit(_ entry: String, chunkName: String = "=stdin", firstLine: Int = 1) -> Bool {
        let before = failures
        // `.once` covers exactly the next entry, whatever it is (a `.once` itself starts it).
        let endsOnce = redirect?.once == true
        let start = Clock.now()
        if entry.hasPrefix(".") {
            dotCommand(entry)
        } else {
            let padding = String(repeating: "\n", count: max(0, firstLine - 1))
            let body = entry.hasPrefix("=") ? String(entry.dropFirst()) : entry
            if lua.compile(padding + "return " + body, chunkName: chunkName) == nil {
                evaluate(padding + "return " + body, chunkName: chunkName)
            } else {
                if settings.notesOnLocals && entry.trimmingSpaces.hasPrefix("local ") {
                    display.note("note: locals do not survive to the next entry (as in lua.c); leave out 'local' to keep the name")
                }
                evaluate(padding + entry, chunkName: chunkName)
            }
        }
        if settings.timer { display.note("Run Time: real \(Clock.seconds(since: start)) s") }
        if endsOnce { endRedirect() }
        return failures == before
    }

    /// Runs a chunk; shows its results or its error. `_` receives the first result.
    func evaluate(_ chunk: String, chunkName: String) {
        LuaInterrupt.clear()
        do {
            // The entry's bytes, not its escapes' UTF-8: lines are read with ByteText.
            let results = try lua.run(bytes: ByteText.bytes(of: chunk), chunkName: chunkName, keepFirstResultAs: "_", objectsAsText: true)
            if !results.isEmpty {
                lastResults = results
                show(results)
            }
        } catch {
            report(error)
        }
        LuaInterrupt.clear()
    }

    /// Shows results: through the user's own `print` if they replaced it (lua.c), else here.
    func show(_ results: [LuaValue]) {
        if let r = try? lua.callKept("repl.user_print", args: results), case .boolean(true)? = r.first {
            if r.count > 1, case .string(let b) = r[1] { fail(String(decoding: b, as: UTF8.self)) }
            return
        }
        display.result(render(results))
    }

    /// Several results as lua.c prints them: separated by tabs.
    func render(_ results: [LuaValue]) -> String { results.map { printer.render($0) }.joined(separator: "\t") }

    /// Shows a Lua error (or "Interrupted") and counts the failure.
    func report(_ error: LuaError) {
        if case .interrupted = error { display.note("Interrupted") } else { display.error(ErrorText.forUser(error.message)) }
        failed()
    }

    func dotCommand(_ line: String) {
        let (name, args) = DotCommands.parse(line)
        if commands.commands[name] == nil, let host = HemiContext.of(lua)?.plugins, host.command(named: name) != nil {
            runPluginCommand(host, name, String(line.dropFirst(1 + name.count).drop { $0 == " " }))
            return
        }
        guard let c = commands.commands[name] else {
            let hint = commands.nearest(to: name).map { "; did you mean .\($0)?" } ?? ""
            fail("unknown command: .\(name)\(hint) (.help lists the commands)")
            return
        }
        c.run(self, args)
    }

    /// A plugin's command: the rest of the line is its argument. Trailing nils are not shown
    /// (a command that prints its table and returns nothing showed a stray `\tnil`); its error
    /// is the one line of the message, not the plugin host's traceback.
    private func runPluginCommand(_ host: PluginHost, _ name: String, _ rest: String) {
        LuaInterrupt.clear()
        do throws(LuaError) {
            var results = try host.runCommand(name, arguments: rest, in: lua)
            while let last = results.last, case .nil = last { results.removeLast() }
            if !results.isEmpty { display.result(render(results)) }
        } catch {
            if case .interrupted = error { display.note("Interrupted"); failed() }
            else { fail(ErrorText.commandMessage(error.message)) }
        }
        LuaInterrupt.clear()
    }

    // MARK: outcomes

    /// A dot-command's result or listing.
    func out(_ text: String) { display.result(text) }
    /// A dot-command failed: shows why and counts the failure (so `-c` exits 1, --bail stops).
    func fail(_ message: String) { display.error(message); failed() }
    func note(_ text: String) { display.note(text) }

    func exit(_ code: Int32) { exitCode = code }

    /// Counts a failed entry; under --bail the session ends with status 1.
    func failed() {
        failures += 1
        if bail && exitCode == nil { exitCode = 1 }
    }

    /// Ends the session's work: closes a `.output` file. Front ends call it once, at the end.
    public func finish() { endRedirect() }

    /// The status a batch run (`-c`, piped input with --bail) ends with: `.exit N`'s, else 1
    /// after a failure, else 0.
    public var batchStatus: Int32 { exitCode ?? (failures > 0 ? 1 : 0) }

    // MARK: completion

    /// Candidates for Tab: `line` is the text up to the cursor, `word` its last word.
    func complete(line: String, word: String) -> [String] {
        if completer == nil {
            let pluginCommands = HemiContext.of(lua)?.plugins?.allCommands.map { "." + $0.name } ?? []
            completer = Completion.install(in: lua, dotCommands: commands.names + pluginCommands)
        }
        // Inside a string literal? Scanned as Lua reads it: inside "…" a ' is a character, and
        // a second quote of the other kind inside it opens a nested string (a country in an
        // expression: filter("partner_name == 'Mexi).
        let beforeWord = Array(String(line.dropLast(word.count)))
        var outer: (quote: Character, at: Int)?
        var nested: Character?
        for (i, c) in beforeWord.enumerated() where c == "\"" || c == "'" {
            if let o = outer {
                if c == o.quote { outer = nil; nested = nil }
                else { nested = nested == nil ? c : nil }
            } else { outer = (c, i) }
        }
        if let o = outer {
            return CompletionCandidates.inString(lua, before: String(beforeWord[..<o.at]), word: word, nested: nested != nil)
        }
        if word.hasPrefix("):") { return CompletionCandidates.afterCall(word) }
        return completer?(word) ?? []
    }

    // MARK: output redirection

    /// The dataset, or nil after saying why it could not be loaded (a failed entry).
    func dataset() -> PolicyDataset? {
        do throws(EngineError) {
            guard let ctx = HemiContext.of(lua) else { return nil }
            return try ctx.dataset()
        } catch {
            fail("hemi: \(error.message)")
            return nil
        }
    }

    func beginRedirect(_ file: String, once: Bool) {
        switch OutputRedirect.begin(file) {
        case .success(let r): redirect = (r, once)
        case .failure(let e): fail(e.message)
        }
    }

    func endRedirect() {
        guard let (r, _) = redirect else { return }
        redirect = nil
        if let e = r.end() { fail(e.message) }
    }

    /// While the front end reads a line the prompt and the echo go to the terminal, not to the
    /// `.output` file; these two bracket the read.
    func suspendRedirect() { redirect?.0.suspend() }
    func resumeRedirect() { redirect?.0.resume() }
}

/// What `.timer`, `.echo` and the like set. (`.mode` and `.maxrows` live in the `hemi`
/// module's context, as queries read them when they render.)
struct SessionSettings {
    var timer = false
    /// Piped input: print each entry before running it (`.echo on`).
    var echo = false
    /// The REPL notes that a `local` does not survive to the next entry.
    var notesOnLocals = false
    /// Results taller than the terminal go through a pager (the terminal display reads it).
    var pager = true
    /// Colour where the terminal display may use it (`.color`).
    var colour = true
    init() {}
}

extension String {
    var trimmingSpaces: Substring {
        let s = drop { $0.isWhitespace }
        return s.dropLast(s.reversed().prefix { $0.isWhitespace }.count)
    }
}

/// Wall-clock time for `.timer`.
enum Clock {
    static func now() -> timespec { var t = timespec(); clock_gettime(CLOCK_MONOTONIC, &t); return t }
    static func seconds(since t: timespec) -> String {
        let n = now()
        let s = Double(n.tv_sec - t.tv_sec) + Double(n.tv_nsec - t.tv_nsec) / 1e9
        let ms = Int((s * 1000).rounded())
        return "\(ms / 1000).\(String(repeating: "0", count: 3 - String(ms % 1000).count))\(ms % 1000)"
    }
}
