// `hemi report script.lua -o report.md [args]`: runs the script with its output turned into
// a Markdown report (see ReportDocument). print and io.write become the report's text; charts
// and shown tables become its figures and tables (through ReportSession). A failing script
// writes nothing and exits 1, like any failing script; a usage error exits 2.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LuaBridge
import QueryEngine

public enum ReportCommand {
    public static let usage = "usage: hemi report script.lua -o report.md|report.ipynb [args]"

    /// `arguments` are what follows `report` on the command line. Returns the exit status.
    public static func run(_ arguments: [String], program: String = "hemi") -> Int32 {
        let parsed: ReportArguments
        switch ReportArguments.parse(arguments) {
        case .success(let p): parsed = p
        case .failure(.help): print(usage); return 0
        case .failure(.usage(let message)): return usageError(program, message)
        }
        let (script, output, scriptArgs) = (parsed.script, parsed.output, parsed.scriptArgs)

        let lua: LuaState
        do { lua = try LuaState() } catch {
            errorLine(program, "cannot create state: \(error)")
            return 1
        }
        // The whole module and the plugins, as `hemi script.lua` has them (metrics by name).
        let context = HemiRuntime.install(into: lua)
        PluginHost.startUp(into: lua, context: context, environment: PluginHost.processEnvironment(), program: program)
        // arg[0] is the script, as lua.c does; the script also receives its arguments as `...`.
        var entries = [LuaTableEntry(key: .integer(0), value: .string(script))]
        for (k, a) in scriptArgs.enumerated() {
            entries.append(LuaTableEntry(key: .integer(Int64(k + 1)), value: .string(a)))
        }
        lua.setGlobal("arg", .table(entries))

        let report = ReportDocument(outputPath: output)
        do {
            try captureOutput(of: lua, into: report)
            try ReportSession.with(report, in: lua) { () throws(LuaError) in
                _ = try lua.runFile(script == "-" ? nil : script, args: scriptArgs.map { .string($0) })
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

    /// [-0, +0] Replaces print and io.write with versions that append to the report. The
    /// Swift writer is reached through a local of the installing chunk only, so the script
    /// cannot call or replace it.
    static func captureOutput(of lua: LuaState, into report: ReportDocument) throws(LuaError) {
        lua.register("write", in: "__hemi_report") { call in
            if let text = call.argument(1).stringValue { report.appendText(text) }
            return .results(0)
        }
        _ = try lua.run("""
            local write = __hemi_report.write
            __hemi_report = nil
            local select, tostring, type, concat = select, tostring, type, table.concat
            local mathtype, format, stdout = math.type, string.format, io.stdout
            function print(...)
              local parts = {}
              for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
              write(concat(parts, "\\t") .. "\\n")
            end
            function io.write(...)
              for i = 1, select("#", ...) do
                local v = select(i, ...)
                local t = type(v)
                if t == "number" then
                  v = mathtype(v) == "integer" and format("%d", v) or format("%.14g", v)
                elseif t ~= "string" then
                  error("bad argument #" .. i .. " to 'write' (string expected, got " .. t .. ")", 2)
                end
                write(v)
              end
              return stdout
            end
            """, chunkName: "=(report)")
    }

    public static func usageError(_ program: String, _ message: String) -> Int32 {
        errorLine(program, "report: \(message)\n\(usage)")
        return 2
    }

    private static func errorLine(_ program: String, _ message: String) {
        FileIO.standardError("\(program): \(message)\n")
    }
}

/// The words after `hemi report`: the script, `-o FILE` (before or after the script), the
/// script's own arguments after it; after `--` every word is the script's or an argument.
public struct ReportArguments: Sendable {
    public var script: String
    public var output: String
    public var scriptArgs: [String]

    public enum Problem: Error { case help, usage(String) }

    public static func parse(_ arguments: [String]) -> Result<ReportArguments, Problem> {
        var output: String?
        var script: String?
        var scriptArgs: [String] = []
        var i = 0
        var optionsEnded = false
        while i < arguments.count {
            let a = arguments[i]
            if !optionsEnded && a == "--" { optionsEnded = true; i += 1; continue }
            if !optionsEnded && (a == "-o" || a == "--output") {
                guard i + 1 < arguments.count else { return .failure(.usage("'\(a)' needs a file name")) }
                output = arguments[i + 1]
                i += 2
                continue
            }
            if script != nil { scriptArgs.append(a); i += 1; continue }
            if !optionsEnded && (a == "-h" || a == "--help") { return .failure(.help) }
            if !optionsEnded && a.hasPrefix("-") && a != "-" { return .failure(.usage("unrecognized option '\(a)'")) }
            script = a
            i += 1
        }
        guard let script else { return .failure(.usage("no script given")) }
        guard let output, !output.isEmpty else { return .failure(.usage("no output file given (-o report.md)")) }
        return .success(ReportArguments(script: script, output: output, scriptArgs: scriptArgs))
    }
}
