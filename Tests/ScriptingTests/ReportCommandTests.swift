import Foundation
import Testing
@testable import Scripting

@Suite("Charts: hemi report")
struct ReportCommandTests {
    static let script = """
        print("# US exports")
        print("Two partners, figures invented for the test.")
        io.write("Value: ", 1.5, " and ", 2, "\\n")
        hemi.bar{ labels = {"Mexico", "Perú"}, values = {322742, 13011}, title = "Exports", unit = "usd_mn",
                  source = "Test fixture" }
        print("Between the figures.")
        hemi.line{ x = {2020, 2021}, series = { {name = "MEX", values = {1, 2}} }, title = "Trend" }
        print(select("#", ...), ...)
        """

    static func folder(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hemi-report-cmd-\(getpid())-\(name)")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func files(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            out[name] = try Data(contentsOf: dir.appendingPathComponent(name))
        }
        return out
    }

    @Test func runTwiceSameBytes() throws {
        let dir = try Self.folder("twice")
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("s.lua").path
        try Self.script.write(toFile: script, atomically: false, encoding: .utf8)
        let out = dir.appendingPathComponent("out/report.md")
        try FileManager.default.createDirectory(at: out.deletingLastPathComponent(), withIntermediateDirectories: true)

        #expect(ReportCommand.run(script: script, output: out.path, scriptArgs: ["a", "b"]) == 0)
        let first = try Self.files(out.deletingLastPathComponent())
        #expect(ReportCommand.run(script: script, output: out.path, scriptArgs: ["a", "b"]) == 0)
        let second = try Self.files(out.deletingLastPathComponent())
        #expect(first.keys.sorted() == ["report-fig1.svg", "report-fig2.svg", "report.md"])
        #expect(first == second)

        let md = String(decoding: first["report.md"] ?? Data(), as: UTF8.self)
        #expect(md == """
            # US exports
            Two partners, figures invented for the test.
            Value: 1.5 and 2

            ![Exports](report-fig1.svg)

            *Source: Test fixture*

            Between the figures.

            ![Trend](report-fig2.svg)

            2\ta\tb

            """)
    }

    @Test func failingScriptWritesNothing() throws {
        let dir = try Self.folder("fail")
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("bad.lua").path
        try "print('partial')\nerror('stop here')\n".write(toFile: script, atomically: false, encoding: .utf8)
        #expect(ReportCommand.run(script: script, output: dir.appendingPathComponent("r.md").path) == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["bad.lua"])
    }

    /// A report script has the plugins' metrics by name, as `hemi script.lua` has.
    @Test func reportScriptsSeePluginMetrics() throws {
        let dir = try Self.folder("metric")
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("m.lua").path
        try """
            local q = hemi.table("us_trade"):filter("iso3 == 'MEX' and year == 2023")
            print("surplus", q:column("trade_surplus")[1])
            """.write(toFile: script, atomically: false, encoding: .utf8)
        let out = dir.appendingPathComponent("r.md")
        #expect(ReportCommand.run(script: script, output: out.path) == 0)
        #expect(try String(contentsOf: out, encoding: .utf8) == "surplus\t148472.8\n")
    }
}
