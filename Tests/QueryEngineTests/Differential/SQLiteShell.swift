import Foundation
import TestSupport
import Testing
@testable import QueryEngine

// Runs many queries through one `sqlite3 :memory:` process: the script creates the tables,
// then prints a marker line before each query's rows (`.mode quote`: strings quoted, NULL
// spelled out, reals with 20 significant digits and always a decimal point, so every value
// reads back with its type). A query that fails is reported by sqlite3 on stderr as
// "... error near line N: ..."; N maps back to the query.

struct SQLiteShell {
    let path: String

    enum Outcome {
        case rows([[Value]])
        case error(String)
    }

    /// sqlite3 from PATH (the Makefile's `deps` installs it), or nil.
    static func find() -> SQLiteShell? {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for d in dirs where FileManager.default.isExecutableFile(atPath: "\(d)/sqlite3") {
            return SQLiteShell(path: "\(d)/sqlite3")
        }
        return nil
    }

    static let marker = "@@query "

    func run(setup: String, queries: [String]) throws -> [Outcome] {
        var script = ".mode quote\n.headers off\n" + setup
        var lineOfQuery: [Int] = []
        var line = script.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) } + 1
        for (i, q) in queries.enumerated() {
            precondition(!q.contains("\n"), "a query must fit on one line: \(q)")
            script += ".print \(Self.marker)\(i)\n\(q);\n"
            lineOfQuery.append(line + 1)
            line += 2
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hemi-diff-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("script.sql"), out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
        try script.write(to: input, atomically: false, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)

        let r = try ChildProcess.run(path, [":memory:"], stdin: Array(try Data(contentsOf: input)))
        try Data(r.stdoutBytes).write(to: out)
        try Data(r.stderrBytes).write(to: err)

        var results = [Outcome](repeating: .rows([]), count: queries.count)
        var rows: [[Value]] = []
        var current = -1
        let text = try String(contentsOf: out, encoding: .utf8)
        for l in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if l.hasPrefix(Self.marker) {
                if current >= 0 { results[current] = .rows(rows) }
                current = Int(l.dropFirst(Self.marker.count))!
                rows = []
            } else if current >= 0 && !l.isEmpty {
                rows.append(Self.parseRow(l))
            }
        }
        if current >= 0 { results[current] = .rows(rows) }

        // Errors: "Parse error near line 57: no such column: q", then lines quoting the query.
        var failing: Int? = nil
        for e in try String(contentsOf: err, encoding: .utf8).split(separator: "\n") {
            if let r = e.range(of: "near line ") {
                let n = Int(e[r.upperBound...].prefix { $0.isNumber }) ?? -1
                guard let i = lineOfQuery.firstIndex(of: n) else { throw EngineError("sqlite3 failed outside a query (line \(n)): \(e)") }
                results[i] = .error(String(e))
                failing = i
            } else if let i = failing, case .error(let m) = results[i] {
                results[i] = .error(m + "\n" + e)
            } else {
                throw EngineError("sqlite3 failed: \(e)")
            }
        }
        return results
    }

    /// One line of `.mode quote` output: 'text' (quotes doubled), NULL, 12, 1.5, 1.0e+20.
    static func parseRow(_ line: Substring) -> [Value] {
        let bytes = Array(line.utf8)
        var values: [Value] = []
        var i = 0
        while i <= bytes.count {
            if i < bytes.count && bytes[i] == UInt8(ascii: "'") {
                var s: [UInt8] = []
                i += 1
                while i < bytes.count {
                    if bytes[i] == UInt8(ascii: "'") {
                        if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "'") { s.append(bytes[i]); i += 2; continue }
                        i += 1
                        break
                    }
                    s.append(bytes[i]); i += 1
                }
                values.append(.string(String(decoding: s, as: UTF8.self)))
            } else {
                var j = i
                while j < bytes.count && bytes[j] != UInt8(ascii: ",") { j += 1 }
                let token = String(decoding: bytes[i..<j], as: UTF8.self)
                if token == "NULL" { values.append(.null) }
                else if let n = Int64(token) { values.append(.int(n)) }
                else if let d = Double(token) { values.append(.double(d)) }
                else { values.append(.string("<unparsed \(token)>")) }
                i = j
            }
            i += 1   // the comma (or past the end)
        }
        return values
    }
}
