import Testing
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Issue #12: "a symlink to /proc/self/fd/1 becomes a regular file" under the old
/// rename-over writer. A name of the process's own standard output is written to it, where it
/// stands: the link stays a link, nothing else is left in the folder, and when stdout is a
/// file (`hemi … > log`) what was printed before and after the CSV is kept around it.
@Suite struct WriteThroughCLITests {
    static let script = "print('before') hemi.from_rows{ { x = 1 } }:to_csv(P) print('after')"

    /// Standard output a pipe: the link is written through.
    @Test func aLinkToTheProcessesStdoutIsWrittenThrough() throws {
        let dir = NSTemporaryDirectory() + "hemi-through-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(symlink("/proc/self/fd/1", dir + "/out.csv") == 0)
        let r = try HemiBinary.run("/usr/bin/env", ["NO_COLOR=1", "HEMI_PLUGIN_PATH=/nonexistent", HemiBinary.path,
                                   "-e", "P = 'out.csv'", "-e", Self.script],
                                   cwd: URL(fileURLWithPath: dir))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "before\nx\n1\nafter\n", "the CSV went to stdout: \(r.stdout.debugDescription)")
        var st = stat()
        #expect(lstat(dir + "/out.csv", &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK, "out.csv is still a link")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []) == ["out.csv"])
    }

    /// Standard output redirected to a file: /dev/stdout and /proc/self/fd/1 end at that
    /// file, which the writer used to replace (the prints before and after went to the
    /// replaced file, lost) or would overwrite from its start if opened again.
    @Test(arguments: ["/dev/stdout", "/proc/self/fd/1", "/dev/fd/1"])
    func stdoutRedirectedToAFileKeepsWhatWasPrinted(_ name: String) throws {
        let dir = HostileRun.scratch()
        defer { HostileRun.remove(dir) }
        let r = try HostileRun(arguments: ["-e", "P = '\(name)'", "-e", Self.script], deadline: 20, directory: dir).run()
        #expect(r.status == 0 && !r.timedOut, "\(r.summary)")
        #expect(r.stdout == "before\nx\n1\nafter\n", "\(name): \(r.stdout.debugDescription)")
        let written = HostileRun.files(under: dir).filter { !$0.hasPrefix(".std") }
        #expect(written.isEmpty, "no temporary file left: \(written)")
    }
}
