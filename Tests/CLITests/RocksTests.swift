import Foundation
import Testing

/// A plugin shared as a LuaRocks rock, offline: the tutorial plugin is built into one tree
/// with `luarocks make`, packed with `luarocks pack`, served from a local folder
/// (`luarocks-admin make-manifest`), installed from it alone (`--only-server`) into the tree
/// Hemi searches (HEMI_ROCKS_TREE), loaded by hemi, then removed with `luarocks remove` and gone.
@Suite(.serialized) struct RocksTests {
    static let plugin = TutorialTests.root.appendingPathComponent("examples/tutorial-plugin/percapita")

    static func sh(_ script: String, in dir: URL, env extra: [String: String] = [:]) throws -> HemiBinary.Output {
        var env = ProcessInfo.processInfo.environment
        for k in ["HEMI_INIT", "HEMI_PLUGIN_PATH", "HEMI_ROCKS_TREE", "LUAROCKS_CONFIG"] { env[k] = nil }
        env["HOME"] = dir.appendingPathComponent("home").path       // luarocks' cache and config stay here
        env["XDG_DATA_HOME"] = dir.appendingPathComponent("xdg").path
        for (k, v) in extra { env[k] = v }
        return try InstallTests.run("/bin/bash", ["-e", "-c", script], env: env, cwd: dir)
    }

    @Test func aPackedRockServedFromAFolderInstallsLoadsAndRemoves() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("hemi-rocks-\(getpid())")
        try? FileManager.default.removeItem(at: work)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.copyItem(at: Self.plugin, to: work.appendingPathComponent("percapita"))
        let rocks = "luarocks --lua-version=5.4"
        let pack = try Self.sh("""
            (cd percapita && \(rocks) --tree ../build-tree make >/dev/null)
            mkdir server && cd server
            \(rocks) --tree ../build-tree pack hemi-plugin-percapita >/dev/null
            luarocks-admin --lua-version=5.4 make-manifest . >/dev/null
            ls *.rock
            """, in: work)
        #expect(pack.status == 0, "pack: \(pack.stderr)")
        #expect(pack.stdout == "hemi-plugin-percapita-0.1.0-1.all.rock\n")

        let tree = work.appendingPathComponent("rocks").path
        let install = try Self.sh("\(rocks) --tree \"$TREE\" --only-server=\"$PWD/server\" install hemi-plugin-percapita",
                                  in: work, env: ["TREE": tree])
        #expect(install.status == 0, "install: \(install.stdout)\(install.stderr)")
        let folder = tree + "/share/lua/5.4/hemi/plugins/percapita"
        #expect(FileManager.default.fileExists(atPath: folder + "/init.lua"))

        let probe = """
            for _, p in ipairs(hemi.plugins()) do if p.name == "percapita" then print(p.state, p.path) end end
            print(hemi.table("economy"):filter("iso3 == 'URY' and year == 2023"):derive{ g = "round(gdp_per_capita_usd)" }:value("g"))
            """
        let hemi = "\"$HEMI\" -e \"$PROBE\""
        let loaded = try Self.sh(hemi, in: work, env: ["HEMI": HemiBinary.path, "PROBE": probe, "HEMI_ROCKS_TREE": tree])
        #expect(loaded.status == 0, "hemi: \(loaded.stderr)")
        #expect(loaded.stdout == "loaded\t\(folder)\n22798.0\n", "\(loaded.stdout)")

        // The default tree is ~/.local/share/hemi/rocks under XDG_DATA_HOME's default.
        let viaDefault = try Self.sh("mkdir -p home/.local/share/hemi && ln -s \"$TREE\" home/.local/share/hemi/rocks && unset XDG_DATA_HOME && " + hemi,
                                     in: work, env: ["HEMI": HemiBinary.path, "PROBE": probe, "TREE": tree])
        #expect(viaDefault.stdout.hasPrefix("loaded\t"), "default tree: \(viaDefault.stdout)\(viaDefault.stderr)")

        let remove = try Self.sh("\(rocks) --tree \"$TREE\" remove hemi-plugin-percapita", in: work, env: ["TREE": tree])
        #expect(remove.status == 0, "remove: \(remove.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder))
        let gone = try Self.sh(hemi, in: work, env: ["HEMI": HemiBinary.path, "PROBE": probe, "HEMI_ROCKS_TREE": tree])
        #expect(gone.status == 1 && gone.stdout.isEmpty, "after remove: \(gone.stdout)")
        #expect(gone.stderr.contains("gdp_per_capita_usd"), "\(gone.stderr)")
    }
}
