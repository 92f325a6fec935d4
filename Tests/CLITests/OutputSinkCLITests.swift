import Testing
import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issue #12, "Files: never replace what should not be replaced", for the REPL's `.output` and
/// `.once`, which renamed `FILE.hemi-tmp-PID` over the target as the query writers once did:
/// `.output link` turned a symbolic link into a regular file, `.output FIFO` replaced the FIFO,
/// a 0600 file came back 0644, and as root `.output /dev/stdout` replaced the machine's
/// /dev/stdout with a regular file (seen while writing these tests; `/dev/null` would have
/// gone the same way). Nothing here names a file outside the test's own folder. They follow the writers' rules
/// now (FileSink). Driven through piped `hemi -i`, each in a fresh folder.
@Suite struct OutputSinkCLITests {
    static func scratch() -> String {
        let dir = NSTemporaryDirectory() + "hemi-sink-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func environment(_ dir: String) -> [String: String] {
        ["NO_COLOR": "1", "HEMI_PLUGIN_PATH": "/nonexistent", "PATH": "/usr/bin:/bin", "HOME": dir, "XDG_CONFIG_HOME": dir + "/.config"]
    }

    static func hemi(_ input: String, in dir: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ChildProcess.Result {
        try ChildProcess.run(HemiBinary.path, ["-i"], input: input, environment: environment(dir),
                             cwd: dir, timeout: 60, sourceLocation: sourceLocation)
    }

    static func kind(_ path: String) -> mode_t {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode & S_IFMT : 0
    }

    /// What is in the folder besides the names the test made (and hemi's own dot-files there,
    /// its history and config): a temporary file left behind shows here.
    static func litter(_ dir: String, besides known: Set<String>) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter {
            !known.contains($0) && (!$0.hasPrefix(".") || $0.hasPrefix(".hemi-"))
        }
    }

    @Test(arguments: [".output", ".once"])
    func aLinkStaysALinkAndItsTargetIsReplaced(_ command: String) throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "old\n".write(toFile: dir + "/target.txt", atomically: false, encoding: .utf8)
        #expect(symlink("target.txt", dir + "/link.txt") == 0)
        let r = try Self.hemi("\(command) link.txt\nprint('new')\n.output\n", in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.kind(dir + "/link.txt") == S_IFLNK, "link.txt is still a symbolic link")
        #expect((try? String(contentsOfFile: dir + "/target.txt", encoding: .utf8)) == "new\n")
        #expect(Self.litter(dir, besides: ["target.txt", "link.txt"]).isEmpty)
    }

    @Test func aFifoIsWrittenThroughNotReplaced() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(mkfifo(dir + "/pipe", 0o644) == 0)
        try ".output pipe\nprint('through the fifo')\n.output\n".write(toFile: dir + "/in.txt", atomically: false, encoding: .utf8)
        // A reader on the FIFO, so hemi's open for writing finds one.
        let r = try ChildProcess.run("/bin/sh", ["-c", "cat pipe > got.txt & \"$HEMI\" -i < in.txt; status=$?; wait; exit $status"],
                                     environment: Self.environment(dir).merging(["HEMI": HemiBinary.path]) { $1 },
                                     cwd: dir, timeout: 60)
        #expect(r.status == 0, "\(r.stderr)")
        #expect((try? String(contentsOfFile: dir + "/got.txt", encoding: .utf8)) == "through the fifo\n")
        #expect(Self.kind(dir + "/pipe") == S_IFIFO, "pipe is still a FIFO")
        #expect(Self.litter(dir, besides: ["pipe", "in.txt", "got.txt"]).isEmpty)
    }

    @Test func anExistingFileKeepsItsModeAndANewOneHonoursTheUmask() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "old\n".write(toFile: dir + "/secret.txt", atomically: false, encoding: .utf8)
        #expect(chmod(dir + "/secret.txt", 0o600) == 0)
        let r = try Self.hemi(".output secret.txt\nprint(1)\n.output fresh.txt\nprint(2)\n.output\n", in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        var st = stat()
        #expect(stat(dir + "/secret.txt", &st) == 0 && st.st_mode & 0o777 == 0o600, "secret.txt stays 0600")
        let mask = umask(0o022); umask(mask)
        #expect(stat(dir + "/fresh.txt", &st) == 0 && st.st_mode & 0o777 == 0o666 & ~mask)
        #expect((try? String(contentsOfFile: dir + "/secret.txt", encoding: .utf8)) == "1\n")
        #expect((try? String(contentsOfFile: dir + "/fresh.txt", encoding: .utf8)) == "2\n")
        #expect(Self.litter(dir, besides: ["secret.txt", "fresh.txt"]).isEmpty)
    }

    /// With standard output a file (`hemi -i > log`), `.output` of a name of the process's own
    /// stdout writes to it where it stands: what was printed before is kept, and nothing
    /// replaces the log. The name is a link in the scratch folder to /proc/self/fd/1, as good as
    /// /dev/stdout to the sink, because the old writer, run as root on /dev/stdout itself,
    /// replaced the machine's /dev/stdout with a regular file: a test must not risk that.
    @Test func theProcessesOwnStdoutIsWrittenWhereItStands() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(symlink("/proc/self/fd/1", dir + "/own-stdout") == 0)
        let input = "print('before')\n.output own-stdout\nprint('inside')\n.output\nprint('after')\n"
        try input.write(toFile: dir + "/in.txt", atomically: false, encoding: .utf8)
        let r = try ChildProcess.run("/bin/sh", ["-c", "\"$HEMI\" -i < in.txt > log.txt"],
                                     environment: Self.environment(dir).merging(["HEMI": HemiBinary.path]) { $1 },
                                     cwd: dir, timeout: 60)
        #expect(r.status == 0, "\(r.stderr)")
        // The log also holds -i's banner, prompts and echo: the printed lines, in order, are what matter.
        let log = (try? String(contentsOfFile: dir + "/log.txt", encoding: .utf8)) ?? ""
        let printed = log.split(separator: "\n").filter { !$0.hasPrefix("Hemi ") && !$0.hasPrefix(">") }
        #expect(printed == ["before", "inside", "after"], "\(log.debugDescription)")
        #expect(Self.kind(dir + "/own-stdout") == S_IFLNK, "the link to stdout is still a link")
        #expect(Self.litter(dir, besides: ["in.txt", "log.txt", "own-stdout"]).isEmpty)
    }

    @Test func aFolderOrAMissingFolderIsAnErrorAndNothingIsLeft() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        let r = try Self.hemi(".output sub\n.output nowhere/x.txt\nprint('still here')\n", in: dir)
        #expect(r.stdout.contains("still here"))
        #expect(r.stderr.contains("sub: is a directory, expected a file"), "\(r.stderr)")
        #expect(r.stderr.contains("nowhere/x.txt: cannot create a temporary file in nowhere"), "\(r.stderr)")
        #expect(Self.litter(dir, besides: ["sub"]).isEmpty)
    }
}
