// The "Writing a plugin" guide (plugins/README.md) works as written: its example plugin is
// cut out of the README, loaded, and each of its metrics, its parameter and its command used.
// Also the search path rules the README states.

import Foundation
import Testing
@testable import LuaBridge
@testable import Scripting

@Suite("Plugins: the guide's example and the search path")
struct PluginGuideTests {
    static func guidePlugin() throws -> String {
        let readme = try String(contentsOfFile: PluginFixture.bundledPlugins + "/README.md", encoding: .utf8)
        let marker = "```lua\n-- ~/.local/share/hemi/plugins/remit/init.lua\n"
        guard let start = readme.range(of: marker), let end = readme.range(of: "\n```", range: start.upperBound..<readme.endIndex) else {
            throw PluginGuideError.exampleNotFound
        }
        return String(readme[start.upperBound..<end.lowerBound])
    }
    enum PluginGuideError: Error { case exampleNotFound }

    @Test func theGuidesPluginLoadsAndWorks() throws {
        let dir = try PluginFixture.directory(["remit": try Self.guidePlugin()])
        let (lua, host) = try PluginFixture.load([dir])
        let s = try #require(PluginFixture.status(host, "remit"))
        #expect(s.state == .loaded, "\(s.summary)\n\(s.details ?? "")")
        #expect(s.metrics == ["income_short", "remittances_to_us_trade_pct", "remittances_usd_mn"])
        // Expression metric, against the economy row itself.
        let mex = try lua.eval("""
            local q = hemi.table('economy'):filter("iso3 == 'MEX' and year == 2023")
            return math.abs(q:derive{ m = 'remittances_usd_mn' }:value('m') * 1000000 - q:value('remittances_usd')) < 1e-3
            """)
        #expect(mex == .boolean(true))
        // Per-table metric: recomputed from the rows of both tables.
        let check = try lua.eval("""
            local r = hemi.table('economy'):filter("iso3 == 'GTM' and year == 2023"):value('remittances_usd')
            local t = hemi.table('us_trade'):filter("iso3 == 'GTM' and year == 2023"):derive{ t = 'us_exports_usd_mn + us_imports_usd_mn' }:value('t')
            local m = hemi.table('countries'):filter("iso3 == 'GTM'"):derive{ p = 'remittances_to_us_trade_pct' }:value('p')
            return math.abs(m - 100 * r / 1e6 / t) < 1e-9
            """)
        #expect(check == .boolean(true))
        // Per-row metric.
        #expect(try lua.eval("return hemi.table('countries'):filter(\"iso3 == 'CHL'\"):derive{ i = 'income_short' }:value('i')") == .string("High"))
        // Command and parameter.
        let out = try host.runCommand("remit", arguments: "3", in: lua)
        #expect(out.first?.stringValue?.contains("pct") == true)
        try lua.run("hemi.set_param('remit.year', 2022)", chunkName: "=test")
        #expect(try lua.eval("return hemi.param('remit.year')") == .integer(2022))
        #expect(host.help("remittances_to_us_trade_pct")?.contains("remit.year = 2022 (default 2023)") == true)
    }

    @Test func searchPathOrderAndDoubleSemicolon() {
        let env = ["XDG_DATA_HOME": "/x", "HOME": "/h"]
        #expect(PluginHost.defaultSearchPath(environment: env, installationPlugins: "/inst") == ["/x/hemi/plugins", "/inst"])
        #expect(PluginHost.defaultSearchPath(environment: ["HOME": "/h"], installationPlugins: nil) == ["/h/.local/share/hemi/plugins"])
        var e = env; e["HEMI_PLUGIN_PATH"] = "/a;;/b"
        #expect(PluginHost.defaultSearchPath(environment: e, installationPlugins: "/inst") == ["/a", "/x/hemi/plugins", "/inst", "/b"])
        e["HEMI_PLUGIN_PATH"] = "/only"
        #expect(PluginHost.defaultSearchPath(environment: e, installationPlugins: "/inst") == ["/only"])
        #expect(PluginHost.installationPluginsDirectory(environment: ["HEMI_PLUGINS_DIR": "/p"]) == "/p")
        // From a build directory inside the repository, the walk finds <repo>/plugins.
        #expect(PluginHost.installationPluginsDirectory(environment: [:], executable: PluginFixture.repoRoot + "/.build/debug/hemi")
                == PluginFixture.bundledPlugins)
    }

    @Test func onlyAndShadowing() throws {
        let a = try PluginFixture.directory(["p": PluginFixture.manifest("p", register: "", version: "2.0.0"),
                                             "q": PluginFixture.manifest("q")])
        let b = try PluginFixture.directory(["p": PluginFixture.manifest("p", register: "", version: "1.0.0")])
        let (_, host) = try PluginFixture.load([a, b], only: ["p", "missing"])
        #expect(host.statuses.map { "\($0.name) \($0.state)" } == ["p loaded", "q skipped", "p skipped", "missing failed"])
        #expect(PluginFixture.status(host, "p")?.version == "2.0.0")
        #expect(host.statuses[2].reason?.contains("shadowed") == true)
    }
}
