import LuaBridge
import Scripting
import PolicyData
import QueryEngine
#if canImport(Glibc)
import Glibc
#endif

/// The line-reading front end of a `Session`, in the manner of lua.c: on a terminal with
/// libedit (prompts, history, completion, bracketed paste), otherwise from piped input (no
/// prompt, no echo). Lines are joined into entries (`EntryFeeder`); the `>>` prompt shows
/// while a chunk is unfinished; Ctrl-C stops the running entry or clears the line and never
/// exits. Only end of input (Ctrl-D on an empty line), `.exit`/`.quit` and `os.exit` end it.
///
/// Locals: as in lua.c, each entry is its own chunk, so `local x = 1` does not survive to the
/// next line. The REPL says so when an entry starts with `local` (see README.md).
public final class REPLSession {
    public let session: Session
    var reader: any LineReader
    var interactive: Bool { session.interactive }
    /// lua.c's `-i` with piped input: prompts and the lines read are printed (to stdout), as
    /// readline does when its input is not a terminal.
    var promptsWithoutTerminal = false
    /// Whether the prompt is shown in colour now (terminal only).
    var colourPrompt: () -> Bool = { false }

    public init(lua: LuaState, interactive: Bool, environment: [String: String], display: (any SessionDisplay)? = nil) {
        let history = History(path: interactive ? History.defaultPath(environment: environment) : nil)
        session = Session(lua: lua, display: display ?? StreamDisplay(errorPrefix: interactive ? "" : "hemi: "),
                          interactive: interactive, history: history)
        var editorError = ""
        if interactive, let editor = EditLineReader(history: history.entries, error: &editorError) {
            reader = editor
            completionSource = { [session] line, word in session.complete(line: line, word: word) }
        } else {
            reader = PlainReader()
            if interactive { session.note("hemi: no line editing (cannot open libedit: \(editorError))") }
        }
    }

    /// Runs until end of input or `.exit`; returns the exit status.
    public func run() -> Int32 {
        var feeder = EntryFeeder()
        while session.exitCode == nil {
            let prompt = promptText(continuation: feeder.isContinuing)
            session.suspendRedirect()
            if !interactive && promptsWithoutTerminal { print(prompt, terminator: ""); fflush(nil) }
            // Typing at a terminal with stdout elsewhere (`hemi | tee log`, `hemi > log`): libedit
            // turns editing off and shows no prompt, so it goes to stderr, the terminal, as
            // Python's does: the person sees where to type, and the file gets results only.
            if interactive && isatty(1) == 0 && isatty(2) != 0 { FileIO.standardError(prompt) }
            let line = reader.readLine(prompt: interactive ? (colourPrompt() ? Colour.prompt(prompt) : prompt) : "")
            guard let line else {
                if interactive && LuaInterrupt.isPending {      // Ctrl-C at the prompt: clear the line
                    LuaInterrupt.clear(); feeder.clear(); print(""); session.resumeRedirect(); continue
                }
                if interactive || promptsWithoutTerminal { print("") }
                session.resumeRedirect()
                break
            }
            // lua.c -i with piped input (Debian's, built with readline) echoes each line after
            // its prompt; `.echo on` does the same without prompts. Both stay on the terminal.
            // Flushed at once, as readline does: a program driving hemi through pipes sees that
            // the entry was read before it runs (Benchmarks/interrupt times SIGINT from there).
            // The line's own bytes (it was read with ByteText), as lua.c echoes them.
            if (!interactive && promptsWithoutTerminal) || session.settings.echo { fflush(nil); FileIO.writeOut(line + "\n") }
            session.resumeRedirect()
            if line.contains("\n") {         // a pasted block, or one recalled from history
                runBlock(line, feeder: &feeder)
                continue
            }
            guard let entry = feeder.add(line, session: session) else { continue }
            remember(entry.text)
            session.submit(entry.text, firstLine: interactive ? 1 : entry.firstLine)
        }
        // Input ended inside a chunk: under --bail that is the syntax error it is.
        if session.exitCode == nil, session.bail, let unfinished = feeder.unfinished {
            session.submit(unfinished.text, firstLine: unfinished.firstLine)
        }
        session.finish()
        return session.exitCode ?? (session.bail && session.failures > 0 ? 1 : 0)
    }

    /// A block of several lines read as one line (pasted, or a multi-line entry recalled from
    /// history) runs when Enter is pressed: its Lua lines once, as one chunk, and a dot-command
    /// line in column 0 (where no chunk is unfinished) on its own, in order. What is left
    /// unfinished at its end waits on the `>>` prompt like typed lines.
    func runBlock(_ text: String, feeder: inout EntryFeeder) {
        var all = (feeder.unfinished.map { $0.text + "\n" } ?? "") + text
        while all.hasSuffix("\n") { all.removeLast() }
        feeder.clear()
        var entries: [String] = []
        var chunk: [Substring] = []
        var leftOver: String?
        for line in all.split(separator: "\n", omittingEmptySubsequences: false) {
            let pending = chunk.joined(separator: "\n")
            if line.hasPrefix("."), !session.isIncomplete(pending) {
                if !pending.trimmingSpaces.isEmpty { entries.append(pending) }
                entries.append(String(line))
                chunk = []
            } else {
                chunk.append(line)
            }
        }
        let rest = chunk.joined(separator: "\n")
        if session.isIncomplete(rest) { leftOver = rest }
        else if !rest.trimmingSpaces.isEmpty { entries.append(rest) }
        // One history entry for the whole block when it is done; else its finished parts.
        if leftOver == nil { remember(all) } else { entries.forEach(remember) }
        for entry in entries {
            session.submit(entry)
            if session.exitCode != nil { return }
        }
        if let leftOver { _ = feeder.add(leftOver, session: session) }
    }

    func remember(_ entry: String) {
        guard interactive else { return }
        reader.remember(entry)
        session.history.append(entry)
    }

    /// `_PROMPT` / `_PROMPT2` as lua.c reads them: any value, through `tostring`.
    func promptText(continuation: Bool) -> String {
        let name = continuation ? "_PROMPT2" : "_PROMPT"
        if let text = try? session.lua.run("local v = rawget(_G, ...) if v ~= nil then return tostring(v) end", chunkName: "=prompt", args: [.string(name)]).first,
           case .string(let b) = text {
            return String(decoding: b, as: UTF8.self)
        }
        return continuation ? ">> " : "> "
    }

    /// The REPL as the `hemi` driver starts it: banner and init file when interactive.
    public static func start(lua: LuaState, environment: [String: String], ignoreEnvironment: Bool,
                             interactive: Bool = isatty(0) != 0, prompts: Bool = false) -> Int32 {
        // lua.c's REPL prints errors without the program name, piped or not.
        let display = StreamDisplay()
        let repl = REPLSession(lua: lua, interactive: interactive, environment: environment, display: display)
        if interactive {
            let session = repl.session
            display.pager = (Pager(environment: environment), { [weak session] in session?.settings.pager ?? false })
            let out = Colour.allowed(fd: 1, environment: environment), err = Colour.allowed(fd: 2, environment: environment)
            display.colourResults = { [weak session] in out && session?.settings.colour == true }
            display.colourErrors = { [weak session] in err && session?.settings.colour == true }
            repl.colourPrompt = { [weak session] in out && session?.settings.colour == true }
        }
        repl.promptsWithoutTerminal = prompts
        repl.session.settings.notesOnLocals = true
        let session = repl.session
        HemiContext.of(lua)?.interactive = interactive
        if interactive {
            print(banner(lua))
            if session.history.path == nil { session.note("hemi: no history (no writable HOME or HEMI_HISTORY)") }
            if !ignoreEnvironment, let config = configFile(environment) {
                do { try lua.runFile(config) } catch { session.note("hemi: \(error.message)") }
            }
        }
        return repl.run()
    }

    /// One line: version, the dataset's vintage, plugins loaded, where help is.
    static func banner(_ lua: LuaState) -> String {
        var parts = ["Hemi \(HemiRuntime.version) (Lua 5.4)"]
        if let ctx = HemiContext.of(lua), let ds = try? ctx.dataset() { parts.append("data: \(ds.vintage)") }
        if let host = HemiContext.of(lua)?.plugins {
            let n = host.statuses.filter { $0.state == .loaded }.count
            parts.append(n == 1 ? "1 plugin" : "\(n) plugins")
        }
        parts.append(".help for help, Ctrl-D to exit")
        return banner(parts, width: ChartsLua.terminalColumns())
    }

    /// `parts` joined by " — " in lines no wider than `width`, broken between parts (it
    /// wrapped mid-word at 120); a part wider than the terminal on its own (the dataset's
    /// vintage at 80 columns) is broken after its commas (between words only where a piece
    /// between commas is itself too wide) and continued indented.
    static func banner(_ parts: [String], width: Int) -> String {
        var lines: [String] = []
        for part in parts {
            if let last = lines.last, last.count + 3 + part.count <= width { lines[lines.count - 1] = last + " — " + part; continue }
            let split = part.split(separator: ", ").map(String.init)
            let pieces = split.indices.map { $0 < split.count - 1 ? split[$0] + "," : split[$0] }
            var line = ""
            for piece in pieces {
                for word in piece.count + 2 > width ? piece.split(separator: " ").map(String.init) : [piece] {
                    if line.isEmpty { line = word }
                    else if line.count + 1 + word.count <= width { line += " " + word }
                    else { lines.append(line); line = "  " + word }
                }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    static func configFile(_ env: [String: String]) -> String? {
        let base = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? env["HOME"].map { $0 + "/.config" }
        guard let base else { return nil }
        let path = base + "/hemi/init.lua"
        return access(path, R_OK) == 0 ? path : nil
    }
}
