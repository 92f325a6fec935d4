import Testing
import Foundation

/// Debian's lua5.4 is the oracle: every corpus script gives the same stdout and exit status
/// under hemi. stderr is compared on its first line after replacing the program name
/// (`lua5.4:` → `hemi:`); tracebacks are not compared, because lua.c's ends with a `[C]: in ?`
/// frame for its own C entry point that hemi's driver does not have.
@Suite struct LuaOracleTests {
    static let corpus: [String] = {
        let dir = Bundle.module.resourceURL!.appendingPathComponent("Corpus")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
            .filter { $0.hasSuffix(".lua") }.sorted()
    }()

    @Test(arguments: corpus)
    func sameAsLua(_ name: String) throws {
        let dir = Bundle.module.resourceURL!.appendingPathComponent("Corpus")
        let args = [name, "one", "two"]
        let expected = try HemiBinary.run("lua5.4", args, cwd: dir)
        let actual = try HemiBinary.run(HemiBinary.path, args, cwd: dir)
        #expect(actual.stdout == expected.stdout, "\(name): stdout differs")
        #expect(actual.status == expected.status, "\(name): exit status differs")
        let firstLine = { (s: String) in s.split(separator: "\n").first.map(String.init) ?? "" }
        #expect(firstLine(actual.stderr) == firstLine(expected.stderr).replacingOccurrences(of: "lua5.4:", with: "hemi:"))
    }

    @Test func corpusIsNotEmpty() { #expect(Self.corpus.count >= 9) }
}

@Suite struct CommandLineTests {
    @Test func usageErrorExitsTwo() throws {
        let r = try HemiBinary.run(HemiBinary.path, ["-x"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("hemi: unrecognized option '-x'\nusage: hemi"))
    }

    @Test func executesChunksInOrderAndReadsStdin() throws {
        let r = try HemiBinary.run(HemiBinary.path, ["-e", "x = 2", "-e", "print(x * 21, hemi.version)"])
        #expect(r.stdout == "42\t0.1.0\n")
        let s = try HemiBinary.run(HemiBinary.path, [], stdin: "print('from stdin')")
        #expect(s.stdout == "from stdin\n" && s.status == 0)
        let dash = try HemiBinary.run(HemiBinary.path, ["-", "a"], stdin: "print(arg[0], arg[1], ...)")
        #expect(dash.stdout == "-\ta\ta\n")
    }

    @Test func requireIntoGlobal() throws {
        let r = try HemiBinary.run(HemiBinary.path, ["-l", "s=string", "-e", "print(s.upper('ok'))"])
        #expect(r.stdout == "OK\n")
    }

    @Test func initChunkUnlessIgnored() throws {
        setenv("HEMI_INIT", "greeting = 'hi'", 1)
        defer { unsetenv("HEMI_INIT") }
        #expect(try HemiBinary.run(HemiBinary.path, ["-e", "print(greeting)"]).stdout == "hi\n")
        #expect(try HemiBinary.run(HemiBinary.path, ["-E", "-e", "print(greeting)"]).stdout == "nil\n")
    }

    @Test func runtimeErrorFormat() throws {
        let r = try HemiBinary.run(HemiBinary.path, ["-e", "error('boom')"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("hemi: (command line):1: boom\nstack traceback:\n"))
    }
}
