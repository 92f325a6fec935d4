// `hemi plugin new|test|check`: making, testing and checking a plugin from the shell.
//   hemi plugin new NAME [--dir DIR]   a working plugin folder DIR/NAME (default: here)
//   hemi plugin test [DIR...]          runs each plugin's tests/*.lua (default: this folder)
//   hemi plugin check [DIR]            manifest, metric expressions, units, sources, README
// Exit status: 0 ok, 1 a failed test or a problem found, 2 a usage error.

import Scripting
import QueryEngine

enum PluginToolCommand {
    static let usage = """
    usage: hemi plugin new NAME [--dir DIR]   write a working plugin folder DIR/NAME
           hemi plugin test [DIR...]          run the plugins' tests (tests/*.lua; default: .)
           hemi plugin check [DIR]            check a plugin's manifest, metrics, units, sources, README
    """

    static func run(_ args: [String], program: String, environment: [String: String]) -> Int32 {
        guard let sub = args.first else { FileIO.standardError("\(program): plugin: which command?\n\(usage)\n"); return 2 }
        let rest = Array(args.dropFirst())
        switch sub {
        case "new": return new(rest, program: program)
        case "test": return PluginTestRunner.run(folders: rest.isEmpty ? ["."] : rest, environment: environment)
        case "check":
            guard rest.count <= 1 else { FileIO.standardError("\(program): plugin check takes one folder\n\(usage)\n"); return 2 }
            return check(rest.first ?? ".", environment: environment)
        case "--help", "-h", "help": print(usage); return 0
        default:
            FileIO.standardError("\(program): plugin: unknown command '\(sub)' (expected new, test or check)\n\(usage)\n")
            return 2
        }
    }

    static func new(_ args: [String], program: String) -> Int32 {
        var name: String?
        var dir = "."
        var i = 0
        while i < args.count {
            if args[i] == "--dir", i + 1 < args.count { dir = args[i + 1]; i += 2; continue }
            if name == nil, !args[i].hasPrefix("-") { name = args[i]; i += 1; continue }
            FileIO.standardError("\(program): plugin new: unexpected argument '\(args[i])'\n\(usage)\n")
            return 2
        }
        guard let name else { FileIO.standardError("\(program): plugin new: a plugin name is needed\n\(usage)\n"); return 2 }
        do {
            let files = try PluginScaffold.create(name: name, in: dir)
            let where_ = dir == "." ? name : dir + "/" + name
            print("created \(where_)/: \(files.joined(separator: ", "))")
            print("next: cd \(where_) && hemi plugin test && hemi plugin check")
            return 0
        } catch {
            FileIO.standardError("\(program): \(error.message)\n")
            return 1
        }
    }

    static func check(_ folder: String, environment: [String: String]) -> Int32 {
        let r = PluginChecker.check(folder: folder, environment: environment)
        for p in r.problems { print(p.description) }
        let name = PluginChecker.pluginName(folder: folder)
        if r.problems.isEmpty {
            print("\(name): ok (\(r.metrics) metric\(r.metrics == 1 ? "" : "s"), \(r.commands) command\(r.commands == 1 ? "" : "s"), README)")
            return 0
        }
        print("\(name): \(r.problems.count) problem\(r.problems.count == 1 ? "" : "s")")
        return 1
    }
}
