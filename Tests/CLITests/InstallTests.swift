import Foundation
import TestSupport
import Testing

/// `make install` into a temporary prefix (the `install-files` half, with the built debug
/// binary: the release build is minutes on this machine), then the installed hemi run from
/// outside the checkout with the checkout made unreachable (a private mount namespace with an
/// empty tmpfs over it, where `unshare` is allowed), its man page, a copy whose data is gone
/// (an error, not a trap), and `make uninstall` removing exactly what was installed.
@Suite(.serialized) struct InstallTests {
    static let root = TutorialTests.root

    struct Prefix {
        let dir: URL
        var bin: String { dir.appendingPathComponent("bin/hemi").path }
    }

    static func make(_ args: [String]) throws -> HemiBinary.Output {
        try HemiBinary.run("/usr/bin/make", ["--no-print-directory", "-C", root.path] + args)
    }

    /// Runs a shell script with the checkout hidden when the machine allows it; says which.
    static func outsideCheckout(_ script: String, env extra: [String: String] = [:]) throws -> (out: HemiBinary.Output, hidden: Bool) {
        let cwd = FileManager.default.temporaryDirectory.appendingPathComponent("hemi-install-cwd-\(getpid())")
        try? FileManager.default.createDirectory(at: cwd, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: cwd) }
        var env = ProcessInfo.processInfo.environment
        for k in ["HEMI_INIT", "HEMI_PLUGIN_PATH", "HEMI_DATA_DIR", "HEMI_PLUGINS_DIR", "HEMI_ROCKS_TREE"] { env[k] = nil }
        env["XDG_DATA_HOME"] = cwd.appendingPathComponent("xdg").path
        env["NO_COLOR"] = "1"
        env["CHECKOUT"] = root.path
        for (k, v) in extra { env[k] = v }
        let probe = try run("/usr/bin/unshare", ["-m", "--propagation", "private", "true"], env: env, cwd: cwd)
        if probe.status == 0 {
            let hide = "mount -t tmpfs none \"$CHECKOUT\" && ! test -e \"$CHECKOUT/Package.swift\" && " + script
            return (try run("/usr/bin/unshare", ["-m", "--propagation", "private", "/bin/sh", "-c", hide], env: env, cwd: cwd), true)
        }
        return (try run("/bin/sh", ["-c", script], env: env, cwd: cwd), false)
    }

    static func run(_ exe: String, _ args: [String], env: [String: String], cwd: URL) throws -> HemiBinary.Output {
        let r = try ChildProcess.run(exe, args, environment: env, cwd: cwd.path)
        return HemiBinary.Output(stdout: r.stdout, stderr: r.stderr, status: r.status)
    }

    static func install() throws -> Prefix {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hemi-prefix-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let r = try make(["install-files", "PREFIX=\(dir.path)", "BIN=\(HemiBinary.path)"])
        #expect(r.status == 0, "make install-files failed: \(r.stdout)\(r.stderr)")
        return Prefix(dir: dir)
    }

    @Test func theInstalledHemiFindsItsDataAndPluginsFromItsOwnLocation() throws {
        let prefix = try Self.install()
        defer { try? FileManager.default.removeItem(at: prefix.dir) }
        for file in ["bin/hemi", "share/hemi/data/catalog.json", "share/hemi/data/us_trade.csv",
                     "share/hemi/plugins/trade/init.lua", "share/man/man1/hemi.1", "share/hemi/install-manifest",
                     "share/hemi/types/hemi.lua"] {
            #expect(FileManager.default.fileExists(atPath: prefix.dir.appendingPathComponent(file).path), "\(file) not installed")
        }
        // The installed annotations are what `hemi --types` prints.
        let types = try String(contentsOf: prefix.dir.appendingPathComponent("share/hemi/types/hemi.lua"), encoding: .utf8)
        let printed = try HemiBinary.run(HemiBinary.path, ["--types"])
        #expect(printed.status == 0 && types == printed.stdout && types.hasPrefix("---@meta hemi\n"))
        #expect(types.contains("function hemi.table(name) end") && types.contains("function HemiQuery:filter(condition, params) end"))
        let lua = "for _, p in ipairs(hemi.plugins()) do io.write(p.name, ' ', p.state, ' ', p.path, '\\n') end "
            + "print(hemi.table('us_trade'):filter('year == 2024 and iso3 == \"MEX\"'):derive{ s = 'trade_surplus' }:value('s'))"
        let (r, hidden) = try Self.outsideCheckout("exec \"$HEMI\" -e \"$LUA\"", env: ["HEMI": prefix.bin, "LUA": lua])
        #expect(r.status == 0, "installed hemi failed (checkout hidden: \(hidden)): \(r.stderr)")
        let plugins = prefix.dir.appendingPathComponent("share/hemi/plugins").path
        for name in ["china", "engagement", "resources", "trade"] {
            #expect(r.stdout.contains("\(name) loaded \(plugins)/\(name)\n"), "plugin \(name) not loaded from the prefix: \(r.stdout)")
        }
        #expect(r.stdout.hasSuffix("168618.0\n") || r.stdout.hasSuffix("168618\n"), "unexpected output: \(r.stdout)")
    }

    @Test func manHemiShowsEveryOptionOfHelp() throws {
        let prefix = try Self.install()
        defer { try? FileManager.default.removeItem(at: prefix.dir) }
        let (r, _) = try Self.outsideCheckout("MANPATH=\"$P/share/man\" MANPAGER=cat MANWIDTH=200 exec man hemi",
                                               env: ["P": prefix.dir.path])
        #expect(r.status == 0, "man hemi failed: \(r.stderr)")
        #expect(r.stdout.contains("hemi [options] [script [args]]"))
        let help = try HemiBinary.run(HemiBinary.path, ["--help"])
        let options = help.stdout.split(separator: "\n").dropFirst(2).map { $0.drop { $0 == " " } }
        #expect(options.count >= 10)
        for line in options {
            let option = line.prefix { $0 != " " }
            #expect(r.stdout.contains(String(option)), "man hemi lacks \(option)")
        }
        #expect(r.stdout.contains("ENVIRONMENT") && r.stdout.contains("HEMI_PLUGIN_PATH") && r.stdout.contains("share/hemi/data"))
    }

    /// The man page's OPTIONS come from the usage `hemi --help` prints; the README shows the same.
    @Test func theReadmesUsageIsWhatHelpPrints() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "$ hemi --help\n"))
        let end = try #require(readme.range(of: "\n```", range: start.upperBound..<readme.endIndex))
        let help = try HemiBinary.run(HemiBinary.path, ["--help"])
        #expect(String(readme[start.upperBound..<end.lowerBound]) + "\n" == help.stdout)
    }

    @Test func anInstalledCopyWithoutItsDataSaysSoInsteadOfTrapping() throws {
        let prefix = try Self.install()
        defer { try? FileManager.default.removeItem(at: prefix.dir) }
        try FileManager.default.removeItem(at: prefix.dir.appendingPathComponent("share/hemi/data"))
        let (r, _) = try Self.outsideCheckout("exec \"$HEMI\" -e 'print(#hemi.tables())'", env: ["HEMI": prefix.bin])
        #expect(r.status == 1, "expected a Lua error (exit 1), got \(r.status): \(r.stderr)")
        #expect(r.stderr.contains("bundled data is missing"), "\(r.stderr)")
        #expect(r.stderr.contains(prefix.dir.path + "/share/hemi/data"), "\(r.stderr)")
    }

    @Test func uninstallRemovesExactlyWhatWasInstalled() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hemi-prefix-u-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Something already in the prefix that is not Hemi's.
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try "other\n".write(to: dir.appendingPathComponent("bin/other"), atomically: false, encoding: .utf8)
        for _ in 0..<2 {   // installing twice records the same files
            let r = try Self.make(["install-files", "PREFIX=\(dir.path)", "BIN=\(HemiBinary.path)"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let manifest = try String(contentsOf: dir.appendingPathComponent("share/hemi/install-manifest"), encoding: .utf8)
        #expect(manifest.contains("f bin/hemi\n") && !manifest.contains("d bin\n") && manifest.contains("d share/hemi\n"))
        let u = try Self.make(["uninstall", "PREFIX=\(dir.path)"])
        #expect(u.status == 0, "\(u.stderr)")
        let left = FileManager.default.enumerator(atPath: dir.path)?.allObjects.compactMap { $0 as? String }.sorted() ?? []
        #expect(left == ["bin", "bin/other"], "left behind: \(left)")
        let again = try Self.make(["uninstall", "PREFIX=\(dir.path)"])
        #expect(again.status != 0 && again.stdout.contains("no installation manifest"))
    }
}
