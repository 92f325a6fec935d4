import LuaBridge
import Scripting
import REPL
import QueryEngine
#if canImport(Glibc)
import Glibc
#endif

/// Runs hemi the way lua.c runs lua: HEMI_INIT, then -e/-l in order, then the script (or
/// stdin when it is not a terminal), then the interactive loop when asked for or when there
/// is nothing else to do on a terminal. Returns the process exit status.
struct Driver {
    let program = "hemi"

    func run(_ argv: [String]) -> Int32 {
        // `hemi report script.lua -o report.md`: a script's output as a cited Markdown report.
        if argv.count > 1 && argv[1] == "report" {
            let rest = Array(argv.dropFirst(2))
            // `-o report.ipynb`: a notebook for the Hemi kernel (REPL/Kernel/NotebookReport).
            if NotebookReport.wanted(rest) { return NotebookReport.run(rest, program: program) }
            return ReportCommand.run(rest, program: program)
        }
        // `hemi kernel install [--user|--prefix P]`: the Jupyter kernelspec.
        if argv.count > 1 && argv[1] == "kernel" { return KernelInstall.run(Array(argv.dropFirst(2)), program: program) }
        // `hemi plugin new|test|check`: making, testing and checking plugins.
        if argv.count > 1 && argv[1] == "plugin" {
            return PluginToolCommand.run(Array(argv.dropFirst(2)), program: program, environment: environment())
        }
        let options: CommandLineOptions
        do { options = try CommandLineOptions(argv) } catch {
            stderrWrite("\(program): \(error.message)\n\(CommandLineOptions.usage)\n")
            return 2
        }
        if options.help { print(CommandLineOptions.usage); return 0 }
        if options.manPage { print(ManPage.roff(version: HemiRuntime.version), terminator: ""); return 0 }
        if options.types { print(HemiAPI.luaCATS(version: HemiRuntime.version), terminator: ""); return 0 }
        let lua: LuaState
        do { lua = try LuaState() } catch { stderrWrite("\(program): cannot create state: \(error)\n"); return 1 }
        LuaInterrupt.installSignalHandler()
        // The module and the plugins load on the script's first use of `hemi`.
        let context = HemiRuntime.installLazily(into: lua) { lua, context in
            self.loadPlugins(lua, context, options)
        }
        // Never freed: the process ends with this function, and tearing the context down
        // (generic metadata for its dataset cache and metric registry) cost a tenth of a
        // millisecond at every exit. The Lua state itself is still closed, as lua.c does.
        _ = Unmanaged.passRetained(context)
        if let f = options.format {
            if f == "box" { context.displayFormat = nil }
            else if let format = OutputFormat(name: f) { context.displayFormat = format }
            else {
                stderrWrite("\(program): unknown format '\(f)' (expected box, csv, tsv, json, jsonl or markdown)\n")
                return 2
            }
        }
        lua.setGlobal("arg", argTable(options))
        if options.showVersion { print("Hemi \(HemiRuntime.version) (\(luaVersion))") }
        if options.warnings { _ = report(lua) { () throws(LuaError) in try lua.run("warn('@on')", chunkName: "=(warnings)") } }

        // -E: HEMI_MAX_MEMORY too is ignored (the machine's default ceiling applies).
        if options.ignoreEnvironment { MemoryCeiling.useDefault() }
        if !options.ignoreEnvironment, let initChunk = getenv("HEMI_INIT").map({ String(cString: $0) }) {
            let status = report(lua) { () throws(LuaError) in
                if initChunk.hasPrefix("@") { try lua.runFile(String(initChunk.dropFirst())) }
                else { try lua.run(initChunk, chunkName: "=HEMI_INIT") }
            }
            if status != 0 { return status }
        }
        for action in options.actions {
            let status: Int32
            switch action {
            case .execute(let chunk):
                status = report(lua) { () throws(LuaError) in try lua.run(chunk, chunkName: "=(command line)") }
            case .require(let spec):
                let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
                let (global, module) = parts.count == 2 ? (parts[0], parts[1]) : (spec, spec)
                // Done in Lua so the module value (functions included) never leaves the state.
                status = report(lua) { () throws(LuaError) in
                    try lua.run("local g, m = ...; _G[g] = require(m)", chunkName: "=(command line)",
                                args: [.string(global), .string(module)])
                }
            }
            if status != 0 { return status }
        }
        if let script = options.script {
            let args = options.arguments[(options.scriptIndex! + 1)...].map { LuaValue.string($0) }
            let status = report(lua) { () throws(LuaError) in
                try lua.runFile(script == "-" ? nil : script, args: args)
            }
            if status != 0 { return status }
        }
        let stdinIsTerminal = isatty(0) != 0
        // Built only on the paths that use it (a dictionary of the environment costs start-up).
        var env: [String: String] { options.ignoreEnvironment ? [:] : environment() }
        if options.kernel { return KernelServer.run(lua: lua) }
        if let command = options.command {
            // As `sqlite3 db "SQL"`: one entry, evaluated as the REPL would, then exit.
            let session = Session(lua: lua, display: StreamDisplay(errorPrefix: program + ": "))
            session.bail = options.bail
            session.submit(command, chunkName: "=(command line)")
            session.finish()
            return session.batchStatus
        }
        if options.bail && !stdinIsTerminal && options.script == nil && !options.interactive {
            // Piped input read entry by entry, as the REPL reads it, stopping at the first error.
            let repl = REPLSession(lua: lua, interactive: false, environment: env)
            repl.session.bail = true
            return repl.run()
        }
        if options.interactive {
            return REPLSession.start(lua: lua, environment: env, ignoreEnvironment: options.ignoreEnvironment,
                                     prompts: !stdinIsTerminal)
        } else if options.script == nil && options.actions.isEmpty && !options.showVersion {
            if stdinIsTerminal {
                return REPLSession.start(lua: lua, environment: env, ignoreEnvironment: options.ignoreEnvironment)
            } else {
                return report(lua) { () throws(LuaError) in try lua.runFile(nil) }
            }
        }
        return 0
    }

    private func loadPlugins(_ lua: LuaState, _ context: HemiContext, _ options: CommandLineOptions) {
        PluginHost.startUp(into: lua, context: context, environment: options.ignoreEnvironment ? [:] : environment(),
                           only: options.plugins, noPlugins: options.noPlugins, program: program)
    }

    private func environment() -> [String: String] { PluginHost.processEnvironment() }

    private var luaVersion: String { "Lua 5.4" }

    /// arg[0] = script, options at negative indices, script arguments at 1…n (lua.c).
    private func argTable(_ o: CommandLineOptions) -> LuaValue {
        let zero = o.scriptIndex ?? o.arguments.count
        var entries: [LuaTableEntry] = []
        for (i, a) in o.arguments.enumerated() {
            entries.append(LuaTableEntry(key: .integer(Int64(i - zero)), value: .string(a)))
        }
        return .table(entries)
    }

    /// Runs `body`; prints `hemi: message` on failure. Exit status 130 after an interrupt.
    private func report(_ lua: LuaState, _ body: () throws(LuaError) -> Void) -> Int32 {
        do { try body(); return 0 } catch {
            stderrWrite("\(program): \(error.message)\n")
            if case .interrupted = error { return 130 }
            return 1
        }
    }
}

func stderrWrite(_ s: String) { FileIO.standardError(s) }
