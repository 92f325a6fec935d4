// Where hemi looks for plugins installed as LuaRocks rocks.

import Foundation
import Testing
@testable import Scripting

@Suite struct RocksSearchTests {
    @Test func theTreeComesFromTheVariableThenXDGThenHome() {
        #expect(PluginHost.rocksTree(environment: ["HEMI_ROCKS_TREE": "/t", "XDG_DATA_HOME": "/x", "HOME": "/h"]) == "/t")
        #expect(PluginHost.rocksTree(environment: ["XDG_DATA_HOME": "/x", "HOME": "/h"]) == "/x/hemi/rocks")
        #expect(PluginHost.rocksTree(environment: ["HOME": "/h"]) == "/h/.local/share/hemi/rocks")
        #expect(PluginHost.rocksTree(environment: [:]) == nil)
    }

    @Test func existingLuaVersionFoldersOfTheTreeSitBetweenUserAndInstallation() throws {
        let tree = FileManager.default.temporaryDirectory.appendingPathComponent("hemi-tree-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: tree) }
        for v in ["5.1", "5.4"] {
            try FileManager.default.createDirectory(atPath: tree + "/share/lua/\(v)/hemi/plugins", withIntermediateDirectories: true)
        }
        #expect(PluginHost.rocksPluginDirectories(tree: tree) == [tree + "/share/lua/5.4/hemi/plugins", tree + "/share/lua/5.1/hemi/plugins"])
        let path = PluginHost.defaultSearchPath(environment: ["XDG_DATA_HOME": "/x", "HEMI_ROCKS_TREE": tree], installationPlugins: "/inst")
        #expect(path == ["/x/hemi/plugins", tree + "/share/lua/5.4/hemi/plugins", tree + "/share/lua/5.1/hemi/plugins", "/inst"])
        // A tree that does not exist adds nothing.
        #expect(PluginHost.defaultSearchPath(environment: ["XDG_DATA_HOME": "/x", "HEMI_ROCKS_TREE": "/nonexistent"], installationPlugins: nil) == ["/x/hemi/plugins"])
    }
}
