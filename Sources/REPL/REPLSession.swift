import LuaBridge
import Scripting
import PolicyData
import QueryEngine
#if canImport(Glibc)
import Glibc
#endif

/// The interactive loop, in the manner of lua.c: a line is first tried as `return <line>`,
/// then as a statement; a chunk whose syntax error ends at `<eof>` continues on the `>>`
/// prompt; results print themselves; Ctrl-C stops the running chunk and never exits.
///
/// Locals: as in lua.c, each entry is its own chunk, so `local x = 1` does not survive to the
/// next line. The REPL says so when an entry starts with `local` (see README.md).
public final class REPLSession {
    public let lua: LuaState
    var reader: any LineReader
    public var history: History
    public var commands = DotCommands()
    public var printer = PrettyPrinter()
    public var timer = false
    public let interactive: Bool
    var exitCode: Int32?
    var lastResults: [LuaValue] = []
    var redirect: (OutputRedirect, once: Bool)?
    /// Entries that failed (errors, unknown commands); with `bail`, the first one ends the run.
    public private(set) var failures = 0
    public var bail = false
    /// Put before error messages: "" at the prompt (as lua.c), "hemi: " for -c and piped input.
    public var errorPrefix = ""

    public init(lua: LuaState, interactive: Bool, environment: [String: String]) {
        self.lua = lua
        self.interactive = interactive
        // Dot-commands, plugin commands, completion and the banner need the whole module.
        HemiContext.of(lua)?.ensureLoaded()
        history = History(path: interactive ? History.defaultPath(environment: environment) : nil)
        var editorError = ""
        if interactive, let editor = EditLineReader(history: history.entries, error: &editorError) {
            reader = editor
        } else {
            reader = PlainReader()
            if interactive { Self.warnLine("hemi: no line editing (cannot open libedit: \(editorError))") }
        }
        BuiltinCommands.register(into: &commands)
        DataCommands.register(into: &commands)
        if interactive {
            let pluginCommands = HemiContext.of(lua)?.plugins?.allCommands.map { "." + $0.name } ?? []
            completionSource = Completion.source(in: lua, dotCommands: commands.names + pluginCommands)
        }
    }

    /// Runs until end of input or `.exit`; returns the exit status.
    public func run() -> Int32 {
        var pending = ""
        while exitCode == nil {
            let prompt = promptText(continuation: !pending.isEmpty)
            guard let line = reader.readLine(prompt: interactive ? prompt : "") else {
                if interactive && LuaInterrupt.isPending {      // Ctrl-C at the prompt: clear the line
                    LuaInterrupt.clear(); pending = ""; print(""); continue
                }
                if interactive { print("") }
                break
            }
            if let paste = reader.takePaste() {
                // A pasted block runs once, as one chunk (with what was typed before it).
                let block = (pending.isEmpty ? "" : pending + "\n") + line + paste
                print(paste.hasSuffix("\n") ? String(paste.dropLast()) : paste)
                let body = block.hasSuffix("\n") ? String(block.dropLast()) : block
                if let e = lua.compile(body, chunkName: "=stdin"), case .syntax(let m) = e, m.hasSuffix("<eof>"),
                   lua.compile("return " + body, chunkName: "=stdin") != nil {
                    pending = body; continue
                }
                pending = ""
                remember(body)
                evaluate(lua.compile("return " + body, chunkName: "=stdin") == nil ? "return " + body : body)
                continue
            }
            if pending.isEmpty && line.hasPrefix(".") {
                remember(line); dotCommand(line); continue
            }
            if pending.isEmpty && line.trimmingSpaces.isEmpty { continue }
            let chunk = pending.isEmpty ? line : pending + "\n" + line
            if pending.isEmpty, lua.compile("return " + chunk, chunkName: "=stdin") == nil {
                remember(chunk); evaluate("return " + chunk); continue
            }
            if let e = lua.compile(chunk, chunkName: "=stdin"), case .syntax(let m) = e, m.hasSuffix("<eof>") {
                pending = chunk; continue
            }
            pending = ""
            remember(chunk)
            if chunk.trimmingSpaces.hasPrefix("local ") {
                warn("note: locals do not survive to the next entry (as in lua.c); leave out 'local' to keep the name")
            }
            evaluate(chunk)
        }
        endRedirect()
        return exitCode ?? 0
    }

    /// The dataset, or nil after saying why it could not be loaded.
    func dataset() -> PolicyDataset? {
        do throws(EngineError) {
            guard let ctx = HemiContext.of(lua) else { return nil }
            return try ctx.dataset()
        } catch {
            warn("hemi: \(error.message)")
            return nil
        }
    }

    func beginRedirect(_ file: String, once: Bool) {
        switch OutputRedirect.begin(file) {
        case .success(let r): redirect = (r, once)
        case .failure(let e): warn(e.message)
        }
    }

    func endRedirect() {
        guard let (r, _) = redirect else { return }
        redirect = nil
        if let e = r.end() { warn(e.message) }
    }

    func remember(_ entry: String) {
        guard interactive else { return }
        reader.remember(entry)
        history.append(entry)
    }

    func promptText(continuation: Bool) -> String {
        let v = lua.global(continuation ? "_PROMPT2" : "_PROMPT")
        if case .string(let b) = v { return String(decoding: b, as: UTF8.self) }
        if case .integer(let i) = v { return String(i) }
        return continuation ? ">> " : "> "
    }

    /// Runs a chunk; prints its results or its error. `_` receives the first result.
    public func evaluate(_ chunk: String, chunkName: String = "=stdin") {
        LuaInterrupt.clear()
        let start = Clock.now()
        do {
            let results = try lua.run(chunk, chunkName: chunkName, keepFirstResultAs: "_", objectsAsText: true)
            if !results.isEmpty {
                lastResults = results
                print(results.map { printer.render($0) }.joined(separator: "\t"))
            }
        } catch {
            if case .interrupted = error { print("Interrupted") } else { warn(errorPrefix + error.message) }
            failed()
        }
        LuaInterrupt.clear()
        if timer { print("Run Time: real \(Clock.seconds(since: start)) s") }
        if redirect?.once == true { endRedirect() }
    }

    func dotCommand(_ line: String) {
        let (name, args) = DotCommands.parse(line)
        if commands.commands[name] == nil, let host = HemiContext.of(lua)?.plugins, host.command(named: name) != nil {
            // A plugin's command: the rest of the line is its argument.
            let rest = line.dropFirst(1 + name.count).drop { $0 == " " }
            do throws(LuaError) {
                let results = try host.runCommand(name, arguments: String(rest), in: lua)
                if !results.isEmpty { print(results.map { printer.render($0) }.joined(separator: "\t")) }
            } catch {
                warn(errorPrefix + error.message); failed()
            }
            return
        }
        guard let c = commands.commands[name] else {
            let hint = commands.nearest(to: name).map { "; did you mean .\($0)?" } ?? ""
            warn("unknown command: .\(name)\(hint) (.help lists the commands)")
            failed()
            return
        }
        c.run(self, args)
    }

    public func exit(_ code: Int32) { exitCode = code }

    /// Counts a failed entry; under --bail the session ends with status 1.
    public func failed() {
        failures += 1
        if bail && exitCode == nil { exitCode = 1 }
    }

    /// One complete entry (`hemi -c`): a dot-command, an expression or a statement.
    public func entry(_ text: String) {
        if text.hasPrefix(".") { dotCommand(text); return }
        let name = "=(command line)"
        if lua.compile("return " + text, chunkName: name) == nil { evaluate("return " + text, chunkName: name) }
        else { evaluate(text, chunkName: name) }
        endRedirect()
    }

    public func warn(_ s: String) { Self.warnLine(s) }

    static func warnLine(_ s: String) { FileIO.standardError(s + "\n") }

    /// The REPL as the `hemi` driver starts it: banner and init file when interactive.
    public static func start(lua: LuaState, environment: [String: String], ignoreEnvironment: Bool) -> Int32 {
        let interactive = isatty(0) != 0
        let session = REPLSession(lua: lua, interactive: interactive, environment: environment)
        HemiContext.of(lua)?.interactive = interactive
        if interactive {
            print(banner(lua))
            if session.history.path == nil { session.warn("hemi: no history (no writable HOME or HEMI_HISTORY)") }
            if !ignoreEnvironment, let config = configFile(environment) {
                do { try lua.runFile(config) } catch { session.warn("hemi: \(error.message)") }
            }
        }
        return session.run()
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
