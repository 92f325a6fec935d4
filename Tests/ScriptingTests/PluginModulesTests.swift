// What `require` may read for a plugin: its own files only.

import Foundation
import Testing
@testable import Scripting

@Suite struct PluginModulesTests {
    static func folder() throws -> (root: String, plugin: String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hemi-mod-\(UUID().uuidString)").path
        let plugin = root + "/p"
        try FileManager.default.createDirectory(atPath: plugin + "/util/stats", withIntermediateDirectories: true)
        try "return 1".write(toFile: plugin + "/helper.lua", atomically: false, encoding: .utf8)
        try "return 2".write(toFile: plugin + "/util/stats/init.lua", atomically: false, encoding: .utf8)
        try "return 3".write(toFile: plugin + "/util/fmt.lua", atomically: false, encoding: .utf8)
        try "return 'secret'".write(toFile: root + "/outside.lua", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: plugin + "/escape.lua", withDestinationPath: root + "/outside.lua")
        try FileManager.default.createSymbolicLink(atPath: plugin + "/inside.lua", withDestinationPath: plugin + "/helper.lua")
        return (root, plugin)
    }

    @Test func namesResolveToFilesOrInitInsideTheFolder() throws {
        let (root, p) = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try PluginModules.read("helper", in: p).get().source == "return 1")
        #expect(try PluginModules.read("util.stats", in: p).get().path == p + "/util/stats/init.lua")
        #expect(try PluginModules.read("util.fmt", in: p).get().source == "return 3")
        #expect(try PluginModules.read("inside", in: p).get().source == "return 1")   // a link that stays inside
    }

    @Test func pathsDotsAbsoluteNamesAndLinksOutAreRefused() throws {
        let (root, p) = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for name in ["../outside", "..", ".outside", "/etc/passwd", "util/fmt", "a..b", "", "x.", "socket.core"] {
            guard case .failure(let e) = PluginModules.read(name, in: p) else {
                Issue.record("'\(name)' was read"); continue
            }
            #expect(e.message.hasPrefix("require: "), "\(e.message)")
        }
        guard case .failure(let e) = PluginModules.read("escape", in: p) else { Issue.record("a link out was followed"); return }
        #expect(e.message.contains("leads outside the plugin's folder"))
        guard case .failure(let m) = PluginModules.read("missing", in: p) else { Issue.record("missing found"); return }
        #expect(m.message.contains("no file '\(p)/missing.lua'") && m.message.contains("no file '\(p)/missing/init.lua'"))
    }
}

@Suite struct PluginModulesFromDependenciesTests {
    @Test func aDeclaredDependencysModuleIsFoundAfterTheOwnFolder() throws {
        let (root, p) = try PluginModulesTests.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dep = root + "/china"
        try FileManager.default.createDirectory(atPath: dep, withIntermediateDirectories: true)
        try "return 'pct'".write(toFile: dep + "/percentile.lua", atomically: false, encoding: .utf8)
        #expect(try PluginModules.read("china.percentile", in: p, dependencies: ["china": dep]).get().source == "return 'pct'")
        // Not declared: not found, and the message lists where it looked.
        guard case .failure(let e) = PluginModules.read("china.percentile", in: p) else { Issue.record("read undeclared"); return }
        #expect(e.message.contains("not found"))
        // Still no path out of the dependency's folder.
        guard case .failure(let out) = PluginModules.read("china...outside", in: p, dependencies: ["china": dep]) else { Issue.record("escaped"); return }
        #expect(out.message.contains("not a module name"))
    }
}
