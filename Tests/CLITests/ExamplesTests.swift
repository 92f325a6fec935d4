import Foundation
import Testing

/// Every worked example in `examples/` runs as its header says (`hemi examples/NN-name.lua`)
/// and prints exactly its `NN-name.expected`. Arguments, when an example takes some, are in
/// `NN-name.args` (one a line, paths relative to the repository). The run is pinned: 100
/// columns, NO_COLOR (ASCII charts), no HEMI_INIT, no user plugins.
/// `HEMI_RECORD_EXAMPLES=1 swift test --filter ExamplesTests` rewrites the expected files;
/// the test still fails then, so a recording never passes unseen.
@Suite(.serialized) struct ExamplesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let examples = root.appendingPathComponent("examples")

    /// The examples that carry an expected output, by file name.
    static var scripts: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: examples.path)) ?? []
        return names.filter { $0.hasSuffix(".lua") && names.contains(String($0.dropLast(4)) + ".expected") }.sorted()
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
        let p = Process()
        p.executableURL = URL(fileURLWithPath: HemiBinary.path)
        p.arguments = args
        p.currentDirectoryURL = root
        var env = ProcessInfo.processInfo.environment
        for k in ["HEMI_INIT", "HEMI_PLUGIN_PATH", "LC_ALL", "LC_CTYPE"] { env[k] = nil }
        env["COLUMNS"] = "100"
        env["NO_COLOR"] = "1"
        env["LANG"] = "C.UTF-8"
        env["XDG_DATA_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("hemi-examples-no-user-plugins").path
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return HemiBinary.Output(stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self),
                                 status: p.terminationStatus)
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
        let expectedFile = Self.examples.appendingPathComponent(String(script.dropLast(4)) + ".expected")
        if ProcessInfo.processInfo.environment["HEMI_RECORD_EXAMPLES"] == "1" {
            try result.stdout.write(to: expectedFile, atomically: true, encoding: .utf8)
            Issue.record("recorded \(expectedFile.lastPathComponent); run again without HEMI_RECORD_EXAMPLES")
            return
        }
        let expected = try String(contentsOf: expectedFile, encoding: .utf8)
        #expect(result.stdout == expected, "\(script): output differs from \(expectedFile.lastPathComponent)\n\(Self.firstDifference(result.stdout, expected))")
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
