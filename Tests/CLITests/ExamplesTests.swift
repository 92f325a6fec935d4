import Foundation
import TestSupport
import Testing

/// Every worked example in `examples/` runs as its header says (`hemi examples/NN-name.lua`)
/// and prints exactly its `NN-name.expected`. Arguments, when an example takes some, are in
/// `NN-name.args` (one a line, paths relative to the repository). The run is pinned: 100
/// columns, NO_COLOR (ASCII charts), no HEMI_INIT, no user plugins.
/// An example whose output carries data Hemi may not redistribute (08: the user's own Freedom
/// House file) keeps only the SHA-256 of its output, in `NN-name.expected.sha256`.
/// `HEMI_RECORD_EXAMPLES=1 swift test --filter ExamplesTests` rewrites the expected files;
/// the test still fails then, so a recording never passes unseen.
@Suite(.serialized) struct ExamplesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let examples = root.appendingPathComponent("examples")

    /// The examples that carry an expected output, by file name.
    static var scripts: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: examples.path)) ?? []
        return names.filter { name in
            let stem = String(name.dropLast(4))
            return name.hasSuffix(".lua") && (names.contains(stem + ".expected") || names.contains(stem + ".expected.sha256"))
        }.sorted()
    }

    /// Arguments from `NN-name.args`; nil when one names a file that is not there (the user's
    /// own data, which is not shipped).
    static func arguments(_ script: String) -> [String]? {
        let file = examples.appendingPathComponent(String(script.dropLast(4)) + ".args")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        let args = text.split(separator: "\n").map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("#") }
        for a in args where a.hasSuffix(".csv") {
            if !FileManager.default.fileExists(atPath: root.appendingPathComponent(a).path) { return nil }
        }
        return args
    }

    static func run(_ args: [String]) throws -> HemiBinary.Output {
        var env = ProcessInfo.processInfo.environment
        for k in ["HEMI_INIT", "HEMI_PLUGIN_PATH", "LC_ALL", "LC_CTYPE"] { env[k] = nil }
        env["COLUMNS"] = "100"
        env["NO_COLOR"] = "1"
        env["LANG"] = "C.UTF-8"
        env["XDG_DATA_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("hemi-examples-no-user-plugins").path
        let r = try ChildProcess.run(HemiBinary.path, args, environment: env, cwd: root.path)
        return HemiBinary.Output(stdout: r.stdout, stderr: r.stderr, status: r.status)
    }

    @Test func theExamplesAreThere() {
        // Eight worked examples (issue 7); without this a missing .expected would pass by absence.
        #expect(Self.scripts.count >= 6, "examples with expected output: \(Self.scripts)")
    }

    @Test(arguments: scripts)
    func exampleMatchesItsExpectedOutput(script: String) throws {
        guard let args = Self.arguments(script) else {
            // The user's file is absent (a clone without ../shared): nothing to compare.
            print("ExamplesTests: skipped \(script): its data file (\(script.dropLast(4)).args) is not on this machine")
            return
        }
        let result = try Self.run(["examples/" + script] + args)
        #expect(result.status == 0, "\(script) failed: \(result.stderr)")
        #expect(result.stderr == "", "\(script) wrote to stderr: \(result.stderr)")
        let stem = Self.examples.appendingPathComponent(String(script.dropLast(4))).path
        let digestFile = URL(fileURLWithPath: stem + ".expected.sha256")
        let expectedFile = URL(fileURLWithPath: stem + ".expected")
        let usesDigest = FileManager.default.fileExists(atPath: digestFile.path)
        if ProcessInfo.processInfo.environment["HEMI_RECORD_EXAMPLES"] == "1" {
            let file = usesDigest ? digestFile : expectedFile
            try (usesDigest ? try Self.sha256(result.stdout) + "\n" : result.stdout).write(to: file, atomically: false, encoding: .utf8)
            Issue.record("recorded \(file.lastPathComponent); run again without HEMI_RECORD_EXAMPLES")
            return
        }
        if usesDigest {
            let expected = try String(contentsOf: digestFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try Self.sha256(result.stdout) == expected, "\(script): the SHA-256 of its output differs from \(digestFile.lastPathComponent)")
            return
        }
        let expected = try String(contentsOf: expectedFile, encoding: .utf8)
        #expect(result.stdout == expected, "\(script): output differs from \(expectedFile.lastPathComponent)\n\(Self.firstDifference(result.stdout, expected))")
    }

    /// Examples 06 and 09 as reports: a fresh `hemi report` gives the same bytes as the
    /// committed examples/output/<report>.md and its figures (reports are reproducible), and
    /// each figure renders to a PNG with rsvg-convert, as a person would look at it.
    /// The reports kept in examples/output: script, report name, figures.
    static let reports = [("06-claims", "claims-report", 2), ("09-monthly-trade", "monthly-trade-report", 3)]

    @Test(arguments: reports)
    func reportIsReproducibleAndItsFiguresRender(script: String, report: String, figures: Int) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hemi-examples-report-\(getpid())-\(report)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Self.run(["report", "examples/\(script).lua", "-o", dir.appendingPathComponent("\(report).md").path])
        #expect(result.status == 0, "hemi report failed: \(result.stderr)")
        let committed = Self.examples.appendingPathComponent("output")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == (1...figures).map { "\(report)-fig\($0).svg" } + ["\(report).md"])
        for file in files {
            let fresh = try Data(contentsOf: dir.appendingPathComponent(file))
            let kept = try Data(contentsOf: committed.appendingPathComponent(file))
            #expect(fresh == kept, "\(file) differs from examples/output/\(file): run `hemi report examples/\(script).lua -o examples/output/\(report).md`")
        }
        for svg in files where svg.hasSuffix(".svg") {
            let png = dir.appendingPathComponent(svg + ".png")
            let r = try ChildProcess.run("rsvg-convert", ["-w", "900", dir.appendingPathComponent(svg).path, "-o", png.path])
            #expect(r.status == 0, "rsvg-convert could not render \(svg) (make deps installs librsvg2-bin)")
            let bytes = (try? Data(contentsOf: png)) ?? Data()
            #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) && bytes.count > 10_000, "\(svg) rendered to \(bytes.count) bytes")
        }
    }

    /// Hex SHA-256 of `text`, by coreutils' sha256sum (Foundation on Linux has no digest API).
    static func sha256(_ text: String) throws -> String {
        let r = try ChildProcess.run("sha256sum", [], input: text)
        return String(r.stdout.prefix(64))
    }

    /// The first line where the two texts part, for a readable failure.
    static func firstDifference(_ got: String, _ expected: String) -> String {
        let a = got.components(separatedBy: "\n"), b = expected.components(separatedBy: "\n")
        for i in 0..<max(a.count, b.count) {
            let x = i < a.count ? a[i] : "<end>", y = i < b.count ? b[i] : "<end>"
            if x != y { return "line \(i + 1):\n  got:      \(x)\n  expected: \(y)" }
        }
        return "(no line differs)"
    }
}
