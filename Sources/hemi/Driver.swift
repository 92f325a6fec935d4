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
            let a: ReportArguments
            switch ReportArguments.parse(Array(argv.dropFirst(2))) {
            case .success(let parsed): a = parsed
            case .failure(.help): print(ReportArguments.usage); return 0
            case .failure(.usage(let message)):
                stderrWrite("\(program): report: \(message)\n\(ReportArguments.usage)\n")
                return 2
            }
            // `-o report.ipynb`: a notebook for the Hemi kernel (REPL/Kernel/NotebookReport).
            if a.notebook { return NotebookReport.run(script: a.script, output: a.output, scriptArgs: a.scriptArgs, program: program) }
            return ReportCommand.run(script: a.script, output: a.output, scriptArgs: a.scriptArgs, program: program)
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
        do { lua = try LuaState(ignoreEnvironment: options.ignoreEnvironment) } catch { stderrWrite("\(program): cannot create state: \(error)\n"); return 1 }
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
            else if f == "line" { context.displayFormat = nil; context.lineMode = true }
            else if let format = OutputFormat(name: f) { context.displayFormat = format }
            else {
                stderrWrite("\(program): unknown format '\(f)' (expected box, line, csv, tsv, json, jsonl or markdown)\n")
                return 2
            }
        }
        lua.setGlobal("arg", argTable(options))
        lua.useGenerationalCollector()
        Session.prepare(lua)
        if options.showVersion { print("Hemi \(HemiRuntime.version) (\(luaVersion))") }

        // -E: HEMI_MAX_MEMORY too is ignored (the machine's default ceiling applies).
        if options.ignoreEnvironment { MemoryCeiling.useDefault() }
        if !options.ignoreEnvironment, let initChunk = getenv("HEMI_INIT").map({ FileIO.pathString(cString: $0) }) {
            let status = report(lua) { () throws(LuaError) in
                if initChunk.hasPrefix("@") {
                    _ = try FileIO.withPath(String(initChunk.dropFirst())) { (p) throws(LuaError) in try lua.runFile(cPath: p, precompiled: true) }
                }
                else { try lua.run(bytes: ByteText.bytes(of: initChunk), chunkName: "=HEMI_INIT") }
            }
            if status != 0 { return status }
        }
        for action in options.actions {
            let status: Int32
            switch action {
            case .execute(let chunk):
                status = report(lua) { () throws(LuaError) in try lua.run(bytes: ByteText.bytes(of: chunk), chunkName: "=(command line)") }
            case .require(let spec):
                let parts = spec.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let (global, module) = parts.count == 2 ? (parts[0], parts[1]) : (spec, spec)
                status = report(lua) { () throws(LuaError) in try lua.requireIntoGlobal(global, module: module) }
            case .warningsOn:
                lua.warningsOn(); status = 0
            }
            if status != 0 { return status }
        }
        if let script = options.script {
            // As lua.c: the script's arguments are what `arg` holds now (an -e may have
            // changed them), and `arg` must still be a table.
            guard case .table(let entries) = lua.global("arg") else {
                stderrWrite("\(program): 'arg' is not a table\n"); return 1
            }
            var byIndex: [Int64: LuaValue] = [:]
            for e in entries { if case .integer(let k) = e.key { byIndex[k] = e.value } }
            var args: [LuaValue] = []
            while let v = byIndex[Int64(args.count + 1)] { args.append(v) }
            let stdin = script == "-" && !options.dashIsFile
            let status = report(lua) { () throws(LuaError) in
                // The script is opened by the bytes argv gave (FileIO.withPath).
                if stdin { try lua.runFile(nil, args: args, precompiled: true) }
                else { _ = try FileIO.withPath(script) { (p) throws(LuaError) in try lua.runFile(cPath: p, args: args, precompiled: true) } }
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
        } else if options.script == nil && !options.hasExecute && !options.showVersion {
            if stdinIsTerminal {
                return REPLSession.start(lua: lua, environment: env, ignoreEnvironment: options.ignoreEnvironment)
            } else {
                return report(lua) { () throws(LuaError) in try lua.runFile(nil, precompiled: true) }
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

    /// arg[0] = script, options at negative indices, script arguments at 1…n; with no
    /// script, arg[0] is the program and the options are at 1…n (lua.c's createargtable).
    private func argTable(_ o: CommandLineOptions) -> LuaValue {
        let zero = o.scriptIndex ?? 0
        var entries: [LuaTableEntry] = []
        for (i, a) in o.arguments.enumerated() {
            // argv was decoded by ByteText (main.swift): Lua gets the bytes the OS gave.
            entries.append(LuaTableEntry(key: .integer(Int64(i - zero)), value: .string(ByteText.bytes(of: a))))
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
