import Testing
import Foundation

/// Plugins as the `hemi` binary loads them: a broken plugin is named on stderr with its cause,
/// the bundled ones still load, their metrics work by name, and `.plugins` says what happened.
@Suite struct PluginCLITests {
    func tempPlugins() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hemi-plugins-\(UUID().uuidString)")
        let broken = dir.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try "return { name = 'broken', version = '1.0.0', api_version = 1,\n  register = function(api) api.metric{ name = 'x' \n end }\n"
            .write(to: broken.appendingPathComponent("init.lua"), atomically: false, encoding: .utf8)
        return dir
    }

    func hemi(_ args: [String], plugins: URL) throws -> HemiBinary.Output {
        try HemiBinary.run("/usr/bin/env", ["COLUMNS=100", "HEMI_PLUGIN_PATH=\(plugins.path);;", HemiBinary.path] + args)
    }

    @Test func aBrokenPluginIsNamedAndTheOthersStillWork() throws {
        let dir = try tempPlugins()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try hemi(["-c", "hemi.table('us_trade'):filter(\"iso3 == 'MEX' and year == 2023\"):select('trade_surplus')", "--format", "csv"], plugins: dir)
        #expect(r.status == 0)
        #expect(r.stdout == "trade_surplus\n148472.8\n")
        #expect(r.stderr.hasPrefix("hemi: plugin broken ? failed: "), "\(r.stderr)")
        #expect(r.stderr.contains("init.lua:3"), "the file and line of the syntax error: \(r.stderr)")
        let listing = try hemi(["-c", ".plugins"], plugins: dir)
        #expect(listing.stdout.contains("trade 1.0.0 loaded"))
        #expect(listing.stdout.contains("broken ? failed"))
    }

    /// The module and the plugins load on the script's first use of `hemi` (start-up stays as
    /// cheap as lua5.4's for scripts that never touch it); reading a field, iterating `hemi`
    /// or calling a function all load it, and a broken plugin is named then.
    @Test func pluginsLoadOnFirstUseOfHemi() throws {
        let dir = try tempPlugins()
        defer { try? FileManager.default.removeItem(at: dir) }
        let untouched = try hemi(["-e", "print(1, hemi.version)"], plugins: dir)
        #expect(untouched.stdout == "1\t0.1.0\n")
        #expect(untouched.stderr == "", "no plugin was loaded, so none failed: \(untouched.stderr)")
        for chunk in ["print(type(hemi.table))", "local n = 0; for k in pairs(hemi) do n = n + 1 end; print(n > 10)",
                      "hemi.mine = 1; print(hemi.mine, type(hemi.metrics))"] {
            let r = try hemi(["-e", chunk], plugins: dir)
            #expect(r.status == 0)
            #expect(r.stderr.hasPrefix("hemi: plugin broken ? failed: "), "\(chunk): \(r.stderr)")
        }
        let used = try hemi(["-e", "print(hemi.table('us_trade'):filter(\"iso3 == 'MEX' and year == 2023\"):column('trade_surplus')[1])"], plugins: dir)
        #expect(used.stdout == "148472.8\n")
    }

    @Test func noPluginsMeansNoMetrics() throws {
        let dir = try tempPlugins()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try hemi(["--no-plugins", "-c", "#hemi.metrics()"], plugins: dir)
        #expect(r.stdout == "0\n")
        #expect(r.stderr == "")
    }
}
