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
    public var interactive: Bool { session.interactive }
    /// lua.c's `-i` with piped input: prompts are printed (to stdout) though nothing is edited.
    public var promptsWithoutTerminal = false

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
            let line = reader.readLine(prompt: interactive ? prompt : "")
            session.resumeRedirect()
            guard let line else {
                if interactive && LuaInterrupt.isPending {      // Ctrl-C at the prompt: clear the line
                    LuaInterrupt.clear(); feeder.clear(); print(""); continue
                }
                if interactive || promptsWithoutTerminal { print("") }
                break
            }
            if session.settings.echo { print(line) }
            if let paste = reader.takePaste() {
                runPaste(line: line, paste: paste, feeder: &feeder)
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

    /// A pasted block runs once, as one chunk (with what was typed before it), unless it is
    /// unfinished: then it waits on the `>>` prompt like typed lines.
    private func runPaste(line: String, paste: String, feeder: inout EntryFeeder) {
        print(paste.hasSuffix("\n") ? String(paste.dropLast()) : paste)
        var block = (feeder.unfinished.map { $0.text + "\n" } ?? "") + line + paste
        if block.hasSuffix("\n") { block.removeLast() }
        feeder.clear()
        if session.isIncomplete(block) {
            _ = feeder.add(block, session: session)
            return
        }
        remember(block)
        session.submit(block)
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
        let repl = REPLSession(lua: lua, interactive: interactive, environment: environment, display: StreamDisplay())
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
        return parts.joined(separator: " — ")
    }

    static func configFile(_ env: [String: String]) -> String? {
        let base = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? env["HOME"].map { $0 + "/.config" }
        guard let base else { return nil }
        let path = base + "/hemi/init.lua"
        return access(path, R_OK) == 0 ? path : nil
    }
}
