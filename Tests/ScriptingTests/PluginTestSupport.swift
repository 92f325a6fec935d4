// Shared helpers of the plugin tests: a Lua state with `hemi` and a plugin host, temporary
// plugin folders, and the repository's bundled `plugins/` directory.

import Foundation
@testable import LuaBridge
@testable import QueryEngine
@testable import Scripting

enum PluginFixture {
    /// The repository root, from this file's path (Tests/ScriptingTests/…).
    static let repoRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static var bundledPlugins: String { repoRoot + "/plugins" }

    /// A fresh directory holding one folder per plugin with the given init.lua text.
    static func directory(_ plugins: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("hemi-plugins-\(UUID().uuidString)").path
        for (name, source) in plugins {
            try FileManager.default.createDirectory(atPath: dir + "/" + name, withIntermediateDirectories: true)
            try source.write(toFile: dir + "/" + name + "/init.lua", atomically: false, encoding: .utf8)
        }
        return dir
    }

    /// A state with `hemi` installed and the plugins of `searchPath` loaded.
    static func load(_ searchPath: [String], only: Set<String>? = nil,
                     configure: (PluginHost) -> Void = { _ in }) throws -> (LuaState, PluginHost) {
        let lua = try LuaState()
        let context = HemiRuntime.install(into: lua)
        let host = PluginHost(context: context, searchPath: searchPath)
        configure(host)
        host.loadAll(into: lua, only: only)
        return (lua, host)
    }

    /// A minimal valid manifest around a register body.
    static func manifest(_ name: String, register body: String = "", version: String = "1.0.0", apiVersion: Int = 1) -> String {
        """
        return {
          name = "\(name)", version = "\(version)", api_version = \(apiVersion),
          description = "test plugin \(name)", author = "tests", license = "MIT",
          register = function(api)
            \(body)
          end,
        }
        """
    }

    static func status(_ host: PluginHost, _ name: String) -> PluginStatus? {
        host.statuses.first { $0.name == name }
    }
}

extension LuaState {
    /// Runs a chunk and returns its first result.
    func eval(_ source: String) throws -> LuaValue {
        try run(source, chunkName: "=test").first ?? .nil
    }
}
