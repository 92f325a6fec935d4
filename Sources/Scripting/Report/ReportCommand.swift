// `hemi report script.lua -o report.md [args]`: runs the script with its output turned into
// a Markdown report (see ReportDocument). print and io.write become the report's text; charts
// and shown tables become its figures and tables (through ReportSession). A failing script
// writes nothing and exits 1, like any failing script.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LuaBridge
import QueryEngine

public enum ReportCommand {
    /// Runs `script` ("-" for stdin) with `scriptArgs`, writing the report to `output`. The
    /// command line is parsed by the driver (`Sources/hemi/ReportArguments.swift`). Returns the
    /// exit status.
    public static func run(script: String, output: String, scriptArgs: [String] = [], program: String = "hemi") -> Int32 {

        let lua: LuaState
        do { lua = try LuaState() } catch {
            errorLine(program, "cannot create state: \(error)")
            return 1
        }
        // The whole module and the plugins, as `hemi script.lua` has them (metrics by name).
        let context = HemiRuntime.install(into: lua)
        PluginHost.startUp(into: lua, context: context, environment: PluginHost.processEnvironment(), program: program)
        // arg[0] is the script, as lua.c does; the script also receives its arguments as `...`.
        // Arguments are engine text decoded from argv by ByteText: Lua gets their bytes back.
        var entries = [LuaTableEntry(key: .integer(0), value: .string(ByteText.bytes(of: script)))]
        for (k, a) in scriptArgs.enumerated() {
            entries.append(LuaTableEntry(key: .integer(Int64(k + 1)), value: .string(ByteText.bytes(of: a))))
        }
        lua.setGlobal("arg", .table(entries))

        let report = ReportDocument(outputPath: output)
        do {
            try captureOutput(of: lua, into: report)
            try ReportSession.with(report, in: lua) { () throws(LuaError) in
                let args: [LuaValue] = scriptArgs.map { .string(ByteText.bytes(of: $0)) }
                if script == "-" { _ = try lua.runFile(nil, args: args) }
                else { _ = try FileIO.withPath(script) { (p) throws(LuaError) in try lua.runFile(cPath: p, args: args) } }
            }
        } catch {
            errorLine(program, error.message)
            if case .interrupted = error { return 130 }
            return 1
        }
        do { try report.write() } catch {
            errorLine(program, error.description)
            return 1
        }
        return 0
    }

    /// [-0, +0] Replaces print and io.write with versions that append to the report
    /// (Lua/report_output.lua). The Swift writer is kept in the registry and reaches the chunk
    /// as its first `...` only, so the script cannot call or replace it.
    static func captureOutput(of lua: LuaState, into report: ReportDocument) throws(LuaError) {
        lua.register("write", inKept: "report_output") { call in
            if let text = call.argument(1).stringValue { report.appendText(text) }
            return .results(0)
        }
        try lua.run(EmbeddedLua.report_output, kept: ["report_output"])
    }

    private static func errorLine(_ program: String, _ message: String) {
        FileIO.standardError("\(program): \(message)\n")
    }
}
