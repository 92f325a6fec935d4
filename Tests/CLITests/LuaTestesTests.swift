import Testing
import Foundation

/// Lua 5.4.4's own test suite under the built `hemi`: `all.lua` in user mode (`_U=true`) and
/// `main.lua`, the test of the stand-alone interpreter, each on a scratch copy of
/// `../shared/oracles/lua-5.4.4-testes` with only the substitutions below, each one listed with
/// its reason in LuaTestes/README.md. A substitution that no longer matches its file fails the
/// test, so the list cannot drift from what runs.
@Suite(.serialized) struct LuaTestesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let oracle = root.deletingLastPathComponent().appendingPathComponent("shared/oracles/lua-5.4.4-testes")

    /// (file, text, replacement, how many times it occurs). README.md gives the reasons.
    static let substitutions: [(file: String, old: String, new: String, count: Int)] = [
        ("main.lua", #"LUA_INIT_5_4="X=10" LUA_INIT="X=3""#, #"HEMI_INIT="X=10""#, 1),
        ("main.lua", "LUA_INIT", "HEMI_INIT", 13),
        ("main.lua", #"NoRun(progname .. ": 6\n", [[lua %s]], prog)"#, #"NoRun("hemi: 6\n", [[lua %s]], prog)"#, 1),
        ("main.lua", #"assert(string.find(t, "PUC%-Rio\nhello"))"#, #"assert(string.find(t, "%(Lua 5%.4%)\nhello"))"#, 1),
        ("main.lua", #"NoRun("unrecognized option '-h'", "lua -h")"#, #"NoRun("unrecognized option '-x'", "lua -x")"#, 1),
        ("main.lua", #"assert(f:read() == "42")  -- expected output"#, #"assert(f:read() == nil)  -- expected output"#, 1),
    ]

    /// A scratch copy with the substitutions made; nil (and the reason) when the oracle is absent.
    static func scratchCopy() throws -> URL? {
        guard FileManager.default.fileExists(atPath: oracle.appendingPathComponent("all.lua").path) else { return nil }
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("hemi-testes-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: oracle, to: dir)
        for s in substitutions {
            let url = dir.appendingPathComponent(s.file)
            let text = try String(contentsOf: url, encoding: .utf8)
            let found = text.components(separatedBy: s.old).count - 1
            #expect(found == s.count, "\(s.file): \(s.old.debugDescription) occurs \(found) times, expected \(s.count)")
            try text.replacingOccurrences(of: s.old, with: s.new).write(to: url, atomically: false, encoding: .utf8)
        }
        return dir
    }

    @Test func allLuaInUserMode() throws {
        guard let dir = try Self.scratchCopy() else {
            print("skipped: Lua's test suite is not at \(Self.oracle.path) (../shared is absent)"); return
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try HemiBinary.run(HemiBinary.path, ["-e_U=true", "all.lua"], cwd: dir)
        #expect(r.status == 0, "all.lua: status \(r.status)\n\(r.stdout.suffix(2000))\n\(r.stderr.suffix(2000))")
        #expect(r.stdout.contains("final OK !!!"), "\(r.stdout.suffix(2000))\n\(r.stderr.suffix(2000))")
    }

    @Test func mainLuaTheStandAloneInterpreter() throws {
        guard let dir = try Self.scratchCopy() else {
            print("skipped: Lua's test suite is not at \(Self.oracle.path) (../shared is absent)"); return
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try HemiBinary.run(HemiBinary.path, ["main.lua"], cwd: dir)
        #expect(r.status == 0, "main.lua: status \(r.status)\n\(r.stdout.suffix(2000))\n\(r.stderr.suffix(2000))")
        #expect(r.stdout.hasSuffix("\nOK\n"), "\(r.stdout.suffix(2000))\n\(r.stderr.suffix(2000))")
    }
}
