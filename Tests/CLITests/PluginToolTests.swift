import Foundation
import Testing

/// `hemi plugin new`, `hemi plugin test` and `hemi plugin check`, run as a user runs them.
@Suite(.serialized) struct PluginToolTests {
    static func hemi(_ args: [String], in dir: URL) throws -> HemiBinary.Output {
        var env = ProcessInfo.processInfo.environment
        for k in ["HEMI_INIT", "HEMI_PLUGIN_PATH", "HEMI_ROCKS_TREE"] { env[k] = nil }
        env["XDG_DATA_HOME"] = dir.appendingPathComponent(".xdg").path
        return try InstallTests.run(HemiBinary.path, args, env: env, cwd: dir)
    }

    static func workspace() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hemi-plugin-tool-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func aNewPluginPassesItsTestsAndItsCheckAsWritten() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let made = try Self.hemi(["plugin", "new", "remit"], in: dir)
        #expect(made.status == 0, "\(made.stderr)")
        for f in ["init.lua", "README.md", "tests/remit_test.lua", "hemi-plugin-remit-0.1.0-1.rockspec"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("remit/" + f).path), "\(f) missing")
        }
        let plugin = dir.appendingPathComponent("remit")
        let test = try Self.hemi(["plugin", "test"], in: plugin)
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
        #expect(test.stdout.hasSuffix("\n2 passed, 0 failed\n"), "\(test.stdout)")
        #expect(test.stdout.split(separator: "\n").filter { $0.hasPrefix("ok    remit  tests/remit_test.lua: ") }.count == 2)
        let check = try Self.hemi(["plugin", "check"], in: plugin)
        #expect(check.status == 0 && check.stdout == "remit: ok (1 metric, 1 command, README)\n", "\(check.stdout)")
        // Again: the folder exists, nothing is overwritten.
        let again = try Self.hemi(["plugin", "new", "remit"], in: dir)
        #expect(again.status == 1 && again.stderr.contains("already exists"))
        let bad = try Self.hemi(["plugin", "new", "Bad-Name"], in: dir)
        #expect(bad.status == 1 && bad.stderr.contains("is not a plugin name"))
    }

    @Test func aFailingTestFailsTheRunWithItsLine() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Self.hemi(["plugin", "new", "flaky"], in: dir)
        let extra = """
            test("a wrong figure", function()
              expect(1 + 1).to_be(3)
            end)
            test("a runaway loop is stopped by the budget", function() while true do end end)
            test("the next test still runs", function() expect(true).to_be_truthy() end)

            """
        try extra.write(to: dir.appendingPathComponent("flaky/tests/more_test.lua"), atomically: false, encoding: .utf8)
        let r = try Self.hemi(["plugin", "test", "flaky"], in: dir)
        #expect(r.status == 1)
        #expect(r.stdout.contains("FAIL  flaky  tests/more_test.lua: a wrong figure\n      flaky/tests/more_test.lua:2: expected 3, got 2\n"), "\(r.stdout)")
        #expect(r.stdout.contains("FAIL  flaky  tests/more_test.lua: a runaway loop is stopped by the budget\n      plugin 'flaky': test 'a runaway loop is stopped by the budget' failed: instruction budget exceeded"))
        #expect(r.stdout.contains("ok    flaky  tests/more_test.lua: the next test still runs\n"))
        #expect(r.stdout.hasSuffix("\n3 passed, 2 failed\n"), "\(r.stdout)")
    }

    @Test func aPluginThatDoesNotLoadOrHasNoTestsFails() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("broken"), withIntermediateDirectories: true)
        try "return 42".write(to: dir.appendingPathComponent("broken/init.lua"), atomically: false, encoding: .utf8)
        let r = try Self.hemi(["plugin", "test", "broken"], in: dir)
        #expect(r.status == 1 && r.stdout.contains("FAIL  broken  init.lua: (loading the plugin)") && r.stdout.hasSuffix("0 passed, 1 failed\n"), "\(r.stdout)")
    }

    @Test func checkNamesEachProblemWithFileAndLine() throws {
        let dir = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Self.hemi(["plugin", "new", "sloppy"], in: dir)
        let initFile = dir.appendingPathComponent("sloppy/init.lua")
        var text = try String(contentsOf: initFile, encoding: .utf8)
        text = text.replacingOccurrences(of: "unit = \"US$ millions\",", with: "unit = \"\",")
        text = text.replacingOccurrences(of: "expr = \"us_exports_usd_mn + us_imports_usd_mn\",", with: "expr = \"us_exprts_usd_mn + us_imports_usd_mn\",")
        text = text.replacingOccurrences(of: "sources = { \"U.S. Census Bureau, U.S. Trade in Goods by Country, table us_trade\" },", with: "")
        try text.write(to: initFile, atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("sloppy/README.md"))
        let r = try Self.hemi(["plugin", "check", "sloppy"], in: dir)
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let metricLine = text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("name = \"sloppy_trade_total_usd_mn\"") }.map { $0 + 1 } ?? 0
        #expect(lines.contains("sloppy/init.lua:\(metricLine): metric 'sloppy_trade_total_usd_mn': no unit (say what it is measured in, e.g. unit = \"US$ millions\" or \"share, %\")"), "\(r.stdout)")
        #expect(lines.contains { $0.hasPrefix("sloppy/init.lua:\(metricLine): metric 'sloppy_trade_total_usd_mn': no sources") })
        #expect(lines.contains { $0.hasPrefix("sloppy/init.lua:\(metricLine): metric 'sloppy_trade_total_usd_mn': expression us_exprts_usd_mn + us_imports_usd_mn does not bind against table us_trade: unknown column \"us_exprts_usd_mn\"") })
        #expect(lines.contains("sloppy/README.md:1: missing: say what the plugin adds, with units and sources"))
        #expect(lines.last == "sloppy: 4 problems")
        // A manifest that does not load: its file and line.
        try "return {\n  name = 'sloppy',\n  version = 'one',\n}\n".write(to: initFile, atomically: false, encoding: .utf8)
        let m = try Self.hemi(["plugin", "check", "sloppy"], in: dir)
        #expect(m.status == 1 && m.stdout.contains("the plugin does not load (failed)"), "\(m.stdout)")
    }

    @Test func theBundledPluginsPassTheirTestsAndChecks() throws {
        let plugins = TutorialTests.root.appendingPathComponent("plugins")
        let names = ["china", "engagement", "resources", "trade"]
        let r = try Self.hemi(["plugin", "test"] + names, in: plugins)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        for n in names { #expect(r.stdout.contains("ok    \(n)  tests/"), "\(n) ran no test") }
        for n in names {
            let c = try Self.hemi(["plugin", "check", n], in: plugins)
            #expect(c.status == 0, "\(c.stdout)")
        }
    }
}
