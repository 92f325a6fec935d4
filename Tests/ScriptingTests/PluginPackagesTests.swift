// Plugins as Lua packages on the real host: require of the plugin's own modules (once, in its
// sandbox, under its budget, never out of its folder) and declared dependencies between
// plugins (order, and the missing, incompatible and cyclic ones named in the statuses).

import Foundation
import Testing
@testable import LuaBridge
@testable import Scripting

@Suite(.serialized) struct PluginRequireTests {
    /// A folder of plugins, each given as files (path inside the plugin → text).
    static func plugins(_ spec: [String: [String: String]]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hemi-pkg-\(UUID().uuidString)").path
        for (name, files) in spec {
            for (path, text) in files {
                let full = dir + "/" + name + "/" + path
                try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try text.write(toFile: full, atomically: false, encoding: .utf8)
            }
        }
        return dir
    }

    @Test func ownModulesLoadOnceInThePluginsEnvironment() throws {
        let dir = try Self.plugins(["multi": [
            "init.lua": """
                local stats = require("stats")
                local again = require("stats")
                local fmt = require("util.fmt")
                return { name = "multi", version = "1.0.0", api_version = 1, description = "d", author = "a", license = "MIT",
                  register = function(api)
                    api.command{ name = "multi", description = "d", run = function()
                      return tostring(stats == again) .. " " .. stats.loads() .. " " .. fmt.pct(12.345) .. " " .. tostring(package) .. " " .. tostring(SHARED)
                    end }
                  end }
                """,
            "stats.lua": "local n = 0\nn = n + 1\nSHARED = 'env'\nreturn { loads = function() return n end }\n",
            "util/fmt/init.lua": "return { pct = function(x) return string.format('%.1f%%', x) end }\n",
        ]])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (lua, host) = try PluginFixture.load([dir])
        let s = try #require(PluginFixture.status(host, "multi"))
        #expect(s.state == .loaded, "\(s.details ?? "")")
        #expect(try host.runCommand("multi", arguments: "", in: lua).first == .string("true 1 12.3% nil env"))
        // The module's global went to the plugin's environment, not the user's.
        #expect(try lua.eval("return SHARED") == .nil)
    }

    @Test func requireNeverLeavesTheFolder() throws {
        let dir = try Self.plugins([
            "escape": ["init.lua": PluginFixture.manifest("escape")],
            "secret": ["init.lua": PluginFixture.manifest("secret"), "key.lua": "return 'stolen'"],
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/escape/link.lua", withDestinationPath: dir + "/secret/key.lua")
        for (attempt, expected) in [("../secret/key", "is not a module name"), ("/etc/passwd", "is not a module name"),
                                     ("link", "leads outside the plugin's folder"), ("socket.core", "not found"),
                                     ("os", "not found"), ("debug", "not found")] {
            let source = "local ok, err = pcall(require, \(attempt.debugDescription))\n" + PluginFixture.manifest("escape", register: """
                api.command{ name = "probe", description = "d", run = function() return tostring(ok) .. " " .. tostring(err) end }
                """)
            try source.write(toFile: dir + "/escape/init.lua", atomically: false, encoding: .utf8)
            let (lua, host) = try PluginFixture.load([dir])
            #expect(PluginFixture.status(host, "escape")?.state == .loaded)
            let out = try host.runCommand("probe", arguments: "", in: lua).first?.stringValue ?? ""
            #expect(out.hasPrefix("false ") && out.contains(expected), "require(\(attempt)): \(out)")
            #expect(!out.contains("stolen"))
        }
        // Another plugin's module, not declared in requires: the plugin fails, naming it.
        try ("local k = require('secret.key')\n" + PluginFixture.manifest("escape")).write(toFile: dir + "/escape/init.lua", atomically: false, encoding: .utf8)
        let (_, host) = try PluginFixture.load([dir])
        let s = try #require(PluginFixture.status(host, "escape"))
        #expect(s.state == .failed && (s.reason ?? "").contains("requires a module of plugin 'secret' but does not declare it"), "\(s.reason ?? "")")
        #expect(PluginFixture.status(host, "secret")?.state == .loaded)
    }

    @Test func aModuleRunsUnderThePluginsBudget() throws {
        let dir = try Self.plugins(["spin": [
            "init.lua": "local x = require('forever')\n" + PluginFixture.manifest("spin"),
            "forever.lua": "while true do end",
        ], "fine": ["init.lua": PluginFixture.manifest("fine")]])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (_, host) = try PluginFixture.load([dir]) { $0.instructionBudget = 2_000_000 }
        let s = try #require(PluginFixture.status(host, "spin"))
        #expect(s.state == .failed && (s.details ?? "").contains("instruction budget"), "\(s.details ?? "")")
        #expect(PluginFixture.status(host, "fine")?.state == .loaded)
    }
}

@Suite(.serialized) struct PluginRequiresTests {
    static func manifest(_ name: String, version: String = "1.0.0", requires: String, register: String = "") -> String {
        """
        return { name = "\(name)", version = "\(version)", api_version = 1, description = "d", author = "a", license = "MIT",
          requires = \(requires),
          register = function(api) \(register) end }
        """
    }

    @Test func dependenciesRegisterFirstAndProblemsAreNamed() throws {
        let dir = try PluginRequireTests.plugins([
            // Registers a parameter that `user` reads while registering: only works in order.
            "zbase": ["init.lua": Self.manifest("zbase", version: "1.2.0", requires: "{}",
                                                register: "api.param{ name = 'k', default = 7, description = 'd' }"),
                      "shared.lua": "return 'from zbase'"],
            "user": ["init.lua": Self.manifest("user", requires: "{ hemi = '>=0.1', zbase = '^1.0' }", register: """
                local k = api.get('zbase.k')
                local shared = require('zbase.shared')
                api.command{ name = 'user', description = 'd', run = function() return k .. ' ' .. shared end }
                """)],
            "lonely": ["init.lua": Self.manifest("lonely", requires: "{ ghost = '^1.0' }")],
            "picky": ["init.lua": Self.manifest("picky", requires: "{ zbase = '^2.0' }")],
            "future": ["init.lua": Self.manifest("future", requires: "{ hemi = '>=99' }")],
            "ca": ["init.lua": Self.manifest("ca", requires: "{ cb = '*' }")],
            "cb": ["init.lua": Self.manifest("cb", requires: "{ ca = '*' }")],
            "chain": ["init.lua": Self.manifest("chain", requires: "{ lonely = '*' }")],
            "undeclared": ["init.lua": "local s = require('zbase.shared')\n" + Self.manifest("undeclared", requires: "{}")],
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (lua, host) = try PluginFixture.load([dir])
        func reason(_ n: String) -> String { PluginFixture.status(host, n)?.reason ?? "" }
        #expect(PluginFixture.status(host, "user")?.state == .loaded, "\(reason("user"))")
        #expect(try host.runCommand("user", arguments: "", in: lua).first == .string("7 from zbase"))
        #expect(reason("lonely").contains("requires plugin 'ghost' (^1.0), which is not installed"))
        #expect(reason("picky").contains("requires plugin 'zbase' ^2.0, found zbase 1.2.0"))
        #expect(reason("future").contains("requires hemi >=99; this is Hemi \(HemiRuntime.version)"))
        #expect(reason("ca").contains("dependency cycle: ca → cb → ca") && reason("cb").contains("dependency cycle"))
        #expect(reason("chain").contains("requires plugin 'lonely', which did not load"))
        #expect(reason("undeclared").contains("requires a module of plugin 'zbase' but does not declare it"))
        for n in ["lonely", "picky", "future", "ca", "cb", "chain", "undeclared"] {
            #expect(PluginFixture.status(host, n)?.state == .failed, "\(n)")
        }
        // .plugins shows them by name with the reason.
        let summary = host.statuses.map(\.summary).joined(separator: "\n")
        #expect(summary.contains("lonely 1.0.0 failed: plugin 'lonely': requires plugin 'ghost'"), "\(summary)")
    }

    @Test func theBundledPluginsDeclareTheirDependencies() throws {
        let (_, host) = try PluginFixture.load([PluginFixture.bundledPlugins])
        #expect(host.statuses.allSatisfy { $0.state == .loaded }, "\(host.statuses.map(\.summary))")
        let engagement = try String(contentsOfFile: PluginFixture.bundledPlugins + "/engagement/init.lua", encoding: .utf8)
        #expect(engagement.contains("require(\"china.percentile\")") && !engagement.contains("local function percentile"))
        let china = try String(contentsOfFile: PluginFixture.bundledPlugins + "/china/init.lua", encoding: .utf8)
        #expect(china.contains("require(\"percentile\")") && !china.contains("local function percentile"))
    }
}
