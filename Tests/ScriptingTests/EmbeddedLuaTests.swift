import Testing
import Foundation
@testable import LuaBridge
@testable import Scripting

/// The Lua under Sources/*/Lua/ ships inside the binary (EmbedLuaPlugin): what is embedded is
/// byte for byte the file on disk, every chunk compiles, tracebacks name the file, and nothing
/// the embedded Lua uses is left in `_G`.
@Suite struct EmbeddedLuaTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")

    /// Every `.lua` below `Sources/<module>/Lua/`, as (chunk name, text).
    static func filesOnDisk(module: String) throws -> [String: String] {
        let root = sources.appendingPathComponent(module).appendingPathComponent("Lua")
        var out: [String: String] = [:]
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            guard url.pathExtension == "lua" else { continue }
            let relative = url.path.dropFirst(root.path.count + 1)
            out["\(module.lowercased())/\(relative)"] = try String(contentsOf: url, encoding: .utf8)
        }
        return out
    }

    @Test func embeddedChunksAreTheFilesOnDisk() throws {
        let disk = try Self.filesOnDisk(module: "Scripting")
        #expect(!disk.isEmpty)
        let embedded = Dictionary(uniqueKeysWithValues: EmbeddedLua.all.map { ($0.name, $0.source) })
        #expect(embedded == disk)
    }

    @Test func everyEmbeddedChunkCompiles() throws {
        let lua = try LuaState()
        for chunk in EmbeddedLua.all {
            let error = lua.compile(chunk.source, chunkName: "=" + chunk.name)
            #expect(error == nil, "\(chunk.name): \(error?.message ?? "")")
        }
    }

    @Test func tracebacksNameTheLuaFileAndLine() throws {
        let lua = try LuaState()
        HemiRuntime.install(into: lua)
        do {
            try lua.run("hemi.from_rows({ { x = 1 }, { x = 2 } }):sort(function(a, b) error('boom') end)",
                        chunkName: "=test")
            Issue.record("the comparison's error was lost")
        } catch {
            #expect(error.message.contains("scripting/row_functions.lua:"), "\(error.message)")
        }
    }

    @Test func noHelperLeaksIntoTheGlobals() throws {
        let lua = try LuaState()
        HemiRuntime.install(into: lua)
        let leaked = try lua.run("""
            local out = {}
            for k in pairs(_G) do if type(k) == "string" and k:match("^__") then out[#out + 1] = k end end
            table.sort(out)
            return table.concat(out, " ")
            """, chunkName: "=test")
        #expect(leaked == [.string("")])
    }

    /// After start-up (the whole `hemi`, the bundled plugins loaded, one query run through a
    /// Lua-computed metric), the user's `_G` holds Lua's own globals and `hemi`, nothing else;
    /// a plugin's world holds its sandbox's and `hemi`.
    @Test func globalsAfterStartUpAreLuasAndHemiOnly() throws {
        let (lua, host) = try PluginFixture.load([PluginFixture.bundledPlugins])
        #expect(host.statuses.allSatisfy { $0.state == .loaded }, "\(host.statuses.map(\.summary))")
        let names = """
            local out = {}
            for k in pairs(_G) do out[#out + 1] = tostring(k) end
            table.sort(out)
            return table.concat(out, " ")
            """
        _ = try lua.run("return hemi.table('economy'):filter('year == 2020'):count()", chunkName: "=test")
        let lua54 = "_G _VERSION arg assert collectgarbage coroutine debug dofile error getmetatable io ipairs load loadfile math next os package pairs pcall print rawequal rawget rawlen rawset require select setmetatable string table tonumber tostring type utf8 warn xpcall"
        var expected = lua54.split(separator: " ").map(String.init).filter { $0 != "arg" } + ["hemi"]
        expected.sort()
        #expect(try lua.run(names, chunkName: "=test") == [.string(expected.joined(separator: " "))])
        // A plugin's world: the sandbox's library (no dofile, loadfile, warn, io, debug,
        // package), its own require, and its read-only `hemi`; the natives plugin_loader.lua
        // calls are kept in the registry, not in _G.
        let sandbox = "_G _VERSION assert collectgarbage coroutine error getmetatable hemi ipairs load math next os pairs pcall print rawequal rawget rawlen rawset require select setmetatable string table tonumber tostring type utf8 xpcall"
        for world in host.worlds.values {
            #expect(try world.lua.run(names, chunkName: "=test") == [.string(sandbox)], "plugin \(world.name)")
        }
    }

    @Test func keptValuesPassBetweenChunksWithoutGlobals() throws {
        let lua = try LuaState()
        try lua.run(LuaChunk(name: "test/a.lua", source: "return { twice = function(x) return 2 * x end }"),
                    keepAs: "helpers")
        let r = try lua.run(LuaChunk(name: "test/b.lua", source: "local helpers, x = ...; return helpers.twice(x)"),
                            kept: ["helpers"], args: [.integer(21)])
        #expect(r == [.integer(42)])
        #expect(lua.global("helpers") == .nil)
    }
}
