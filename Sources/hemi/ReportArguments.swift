/// The words after `hemi report`: the script, `-o FILE` (before or after the script), the
/// script's own arguments after it; after `--` every word is the script's or an argument.
/// Parsed here, beside `CommandLineOptions`, so the whole command line is read in one place;
/// `ReportCommand` (Markdown) and `NotebookReport` (`.ipynb`) receive the parsed values.
struct ReportArguments {
    var script: String
    var output: String
    var scriptArgs: [String]

    enum Problem: Error { case help, usage(String) }

    static let usage = "usage: hemi report script.lua -o report.md|report.ipynb [args]"

    /// Whether the report is a notebook for the Hemi kernel (`-o NAME.ipynb`).
    var notebook: Bool { output.hasSuffix(".ipynb") }

    static func parse(_ arguments: [String]) -> Result<ReportArguments, Problem> {
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
