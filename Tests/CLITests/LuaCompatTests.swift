import Testing
import Foundation
import Synchronization
import TestSupport

/// lua.c to the letter (issue #13): each difference main.lua found, checked against lua5.4
/// where the oracle is at hand.
@Suite struct LuaCompatTests {
    func both(_ args: [String], stdin: String = "", env: [String] = []) throws -> (hemi: HemiBinary.Output, lua: HemiBinary.Output) {
        (try HemiBinary.run("/usr/bin/env", env + [HemiBinary.path] + args, stdin: stdin),
         try HemiBinary.run("/usr/bin/env", env + ["lua5.4"] + args, stdin: stdin))
    }

    @Test func argWithoutAScriptAndChangedByE() throws {
        let r = try HemiBinary.run(HemiBinary.path, ["-e", "print(#arg, arg[0] ~= nil, arg[1], arg[2])"])
        #expect(r.stdout == "2\ttrue\t-e\tprint(#arg, arg[0] ~= nil, arg[1], arg[2])\n")
        let changed = try both(["-e", "arg[1]=100", "-"], stdin: "print(...)")
        #expect(changed.hemi.stdout == "100\n" && changed.hemi.stdout == changed.lua.stdout)
        let notATable = try HemiBinary.run(HemiBinary.path, ["-e", "arg=1", "-"], stdin: "")
        #expect(notATable.status == 1 && notATable.stderr.contains("'arg' is not a table"))
    }

    @Test func optionsThatNeedAnArgument() throws {
        for a in [["-e", "-x"], ["-l", "-x"], ["-e"], ["-l"]] {
            let r = try HemiBinary.run(HemiBinary.path, a)
            #expect(r.status == 2, "\(a)")
            #expect(r.stderr.hasPrefix("hemi: '\(a[0])' needs argument"), "\(a): \(r.stderr)")
        }
    }

    @Test func dashAfterDoubleDashIsAFileNamedDash() throws {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("hemi-dash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "print('from the file named -')".write(to: dir.appendingPathComponent("-"), atomically: false, encoding: .utf8)
        let r = try HemiBinary.run(HemiBinary.path, ["--", "-"], stdin: "print('from stdin')", cwd: dir)
        #expect(r.stdout == "from the file named -\n")
    }

    @Test func requireWithPipedStdinStillRunsStdin() throws {
        let r = try both(["-l", "string"], stdin: "print('ran stdin')")
        #expect(r.hemi.stdout == "ran stdin\n" && r.lua.stdout == r.hemi.stdout)
        let missing = try both(["-l", "nosuchmodule"])
        #expect(missing.hemi.status == 1)
        let first = { (s: String) in s.split(separator: "\n").first.map(String.init) ?? "" }
        #expect(first(missing.hemi.stderr) == first(missing.lua.stderr).replacingOccurrences(of: "lua5.4:", with: "hemi:"))
    }

    @Test func minusEIgnoresLuaPathAndCpath() throws {
        let env = ["LUA_PATH=xxx", "LUA_CPATH=yyy", "LUA_PATH_5_4=zzz"]
        let with = try HemiBinary.run("/usr/bin/env", env + [HemiBinary.path, "-e", "print(package.path, package.cpath)"])
        #expect(with.stdout == "zzz\tyyy\n")
        let without = try HemiBinary.run("/usr/bin/env", env + [HemiBinary.path, "-E", "-e", "print(package.path, package.cpath)"])
        #expect(!without.stdout.contains("xxx") && !without.stdout.contains("yyy") && !without.stdout.contains("zzz"))
        #expect(without.stdout.contains("lua"))
    }

    @Test func warningsWithW() throws {
        let r = try both(["-W", "-e", "warn('hello', ' there')"])
        #expect(r.hemi.stderr == "Lua warning: hello there\n" && r.hemi.stderr == r.lua.stderr)
        let off = try HemiBinary.run(HemiBinary.path, ["-e", "warn('silent')"])
        #expect(off.stderr.isEmpty)
        let on = try HemiBinary.run(HemiBinary.path, ["-e", "warn('@on'); warn('loud')"])
        #expect(on.stderr == "Lua warning: loud\n")
        let gc = try HemiBinary.run(HemiBinary.path, ["-W", "-e", "u = setmetatable({}, {__gc = function() error('in gc') end})"])
        #expect(gc.stderr.contains("Lua warning: error in __gc"), "\(gc.stderr)")
    }

    @Test func precompiledChunksRunAsInLuaC() throws {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("hemi-luac-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "print('precompiled', ...)".write(to: dir.appendingPathComponent("x.lua"), atomically: false, encoding: .utf8)
        let c = try HemiBinary.run("luac5.4", ["-o", "x.luac", "x.lua"], cwd: dir)
        #expect(c.status == 0)
        let r = try HemiBinary.run(HemiBinary.path, ["x.luac", "a"], cwd: dir)
        #expect(r.stdout == "precompiled\ta\n", "\(r.stderr)")
        let initFile = try HemiBinary.run("/usr/bin/env", ["HEMI_INIT=@x.luac", HemiBinary.path, "-e", ""], cwd: dir)
        #expect(initFile.stdout == "precompiled\n", "\(initFile.stderr)")
        // Entered text stays text: load of a binary string is the user's own affair, but -e is text.
        let e = try HemiBinary.run(HemiBinary.path, ["-e", "\u{1b}Lua"], cwd: dir)
        #expect(e.status == 1)
    }

    @Test func generationalCollectorAsLuaCStarts() throws {
        let r = try both(["-e", "print(collectgarbage('incremental'))"])
        #expect(r.hemi.stdout == "generational\n" && r.lua.stdout == r.hemi.stdout)
    }

    @Test func interactiveWithPipedInputPrintsPromptsAsLuaC() throws {
        let input = "x = 1\nfunction f()\nreturn x end\nf()\n"
        let r = try both(["-e", "_PROMPT='P> ' _PROMPT2='C> '", "-i"], stdin: input)
        let tail = { (s: String) in s.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n") }
        #expect(tail(r.hemi.stdout) == tail(r.lua.stdout), "\(r.hemi.stdout)")
        let tostring = try HemiBinary.run(HemiBinary.path, ["-e", "_PROMPT = setmetatable({}, {__tostring = function() return '@ ' end})", "-i"], stdin: "1\n")
        #expect(tostring.stdout.hasSuffix("@ 1\n1\n@ \n"), "\(tostring.stdout)")
    }

    @Test func resultsPrintThroughTostring() throws {
        let r = try HemiBinary.run(HemiBinary.path, ["-i"], stdin: "setmetatable({}, {__tostring = function() return 'custom' end})\n")
        #expect(r.stdout.contains("\ncustom\n"), "\(r.stdout)")
        let replaced = try HemiBinary.run(HemiBinary.path, ["-e", "print=nil", "-i"], stdin: "10\n")
        #expect(replaced.stderr.contains("error calling 'print'"))
    }

    @Test func aSecondCtrlCEndsALongCFunction() throws {
        let printed = Mutex(false)
        let hemi = try ChildProcess.Running(HemiBinary.path, ["-e", "print(15); io.stdout:flush(); string.find(string.rep('a', 200000), '.*b')"]) { _ in
            printed.withLock { $0 = true }
        }
        // "15": the search has started (bounded: a hemi that never prints fails, not hangs).
        let deadline = ChildProcess.monotonicSeconds() + 60
        while !printed.withLock({ $0 }) && ChildProcess.monotonicSeconds() < deadline { usleep(10_000) }
        #expect(printed.withLock { $0 }, "hemi printed nothing")
        usleep(300_000)
        kill(hemi.pid, SIGINT)
        usleep(200_000)
        kill(hemi.pid, SIGINT)
        let status = hemi.waitForExit(timeout: 5)
        #expect(status == 128 + SIGINT, "ended by the second SIGINT (nil: still ran 5 s later, killed)")
    }
}
