// `hemi plugin check [DIR]`: what a reviewer would check before sharing a plugin, each problem
// with its file and line — the manifest loads (name, version, api_version, requires), every
// expression metric binds against its table, every metric documents its unit and sources, and
// the README is there and names each metric and command.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LuaBridge
import QueryEngine

public enum PluginChecker {
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        var file: String
        var line: Int?
        var message: String
        public var description: String { "\(file):\(line.map(String.init) ?? "1"): \(message)" }
    }

    /// The problems of the plugin in `folder` (empty: it passes), and what it registered.
    public static func check(folder: String, environment: [String: String]) -> (problems: [Problem], metrics: Int, commands: Int) {
        let name = pluginName(folder: folder)
        let initFile = folder + "/init.lua"
        guard access(initFile, R_OK) == 0 else {
            return ([Problem(file: initFile, line: nil, message: "no init.lua: a plugin is a folder whose init.lua returns its manifest")], 0, 0)
        }
        let loaded: PluginSession
        do { loaded = try PluginSession(folder: folder, environment: environment) } catch {
            return ([Problem(file: initFile, line: nil, message: "cannot start Hemi: \(error)")], 0, 0)
        }
        var problems: [Problem] = []
        let sources = luaSources(in: folder)
        let status = loaded.status
        guard status.state == .loaded else {
            let file = status.file ?? initFile
            problems.append(Problem(file: file, line: status.line, message: "the plugin does not load (\(status.state.rawValue)): \(status.reason ?? "no reason given")"))
            problems += readmeProblems(folder: folder, names: [])
            return (problems, 0, 0)
        }
        let host = loaded.host
        let metrics = host.context.metrics.all.filter { $0.plugin == name }
        for m in metrics {
            let (file, line) = place(of: m.name, in: sources, default: initFile)
            func problem(_ text: String) { problems.append(Problem(file: file, line: line, message: "metric '\(m.name)': \(text)")) }
            if m.unit.trimmingCharacters() .isEmpty { problem("no unit (say what it is measured in, e.g. unit = \"US$ millions\" or \"share, %\")") }
            if m.description.trimmingCharacters().isEmpty { problem("no description") }
            if host.metricHelp[m.name]?.sources.isEmpty ?? true {
                problem("no sources (list where its inputs come from: sources = { \"publisher, dataset, table …\" })")
            }
            if let expr = m.expression, let table = m.table {
                do {
                    _ = try loaded.lua.run("local t, e = ...; return hemi.table(t):derive{ __hemi_check = e }:schema()",
                                           chunkName: "=(plugin check)", args: [.string(table), .string(expr)])
                } catch {
                    // The first line, without the position of this check's own chunk.
                    var first = error.message.split(separator: "\n").first.map(String.init) ?? error.message
                    if first.hasPrefix("(plugin check):1: ") { first.removeFirst("(plugin check):1: ".count) }
                    problem("expression \(expr) does not bind against table \(table): \(first)")
                }
            }
        }
        problems += readmeProblems(folder: folder, names: metrics.map(\.name) + status.commands.map { "." + $0 })
        return (problems, metrics.count, status.commands.count)
    }

    /// README.md must exist and name every metric and command (`.name`).
    static func readmeProblems(folder: String, names: [String]) -> [Problem] {
        let readme = folder + "/README.md"
        guard let bytes = try? FileIO.readAll(readme) else {
            return [Problem(file: readme, line: nil, message: "missing: say what the plugin adds, with units and sources")]
        }
        let text = String(decoding: bytes, as: UTF8.self)
        return names.filter { !text.contains($0) }.map {
            Problem(file: readme, line: nil, message: "does not mention \($0.hasPrefix(".") ? "command" : "metric") \($0)")
        }
    }

    /// The first line of the plugin's Lua files where `"name"` (quoted) appears.
    static func place(of name: String, in sources: [(path: String, lines: [Substring])], default file: String) -> (String, Int?) {
        for (path, lines) in sources {
            if let i = lines.firstIndex(where: { $0.contains("\"\(name)\"") || $0.contains("'\(name)'") }) { return (path, i + 1) }
        }
        return (file, nil)
    }

    /// init.lua first, then the plugin's other .lua files (one level of folders).
    static func luaSources(in folder: String) -> [(path: String, lines: [Substring])] {
        var paths = [folder + "/init.lua"]
        for name in listing(folder) where name.hasSuffix(".lua") && name != "init.lua" { paths.append(folder + "/" + name) }
        return paths.compactMap { p in
            (try? FileIO.readAll(p)).map { (p, String(decoding: $0, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)) }
        }
    }

    static func listing(_ dir: String) -> [String] {
        guard let stream = opendir(dir) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted()
    }

    /// The plugin name of a folder (its last component, made absolute first: "." works).
    public static func pluginName(folder: String) -> String { lastComponent(PluginHost.absolutePath(folder)) }

    static func lastComponent(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.last == "/" { p.removeLast() }
        return p.split(separator: "/").last.map(String.init) ?? String(p)
    }
}

extension String {
    func trimmingCharacters() -> Substring {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" { s.removeLast() }
        return s
    }
}
