import Testing
import Foundation
import TestSupport

/// The harness every test starts programs with: it must neither hang nor lose output.
@Suite struct ChildProcessTests {
    /// A megabyte through `cat` while stderr also fills: reading one pipe to its end before the
    /// other (as readDataToEndOfFile did) deadlocks once a pipe's 64 KiB buffer is full.
    @Test func bigInputAndBothOutputsAtOnce() throws {
        let input = (0..<100_000).map { "line \($0)\n" }.joined()
        let r = try ChildProcess.run("/bin/sh", ["-c", "tee /dev/stderr"], input: input, timeout: 60)
        #expect(r.status == 0 && !r.timedOut)
        #expect(r.stdout == input && r.stderr == input)
    }

    /// A child that outlives its deadline is killed with the children it started (its process
    /// group), and the call returns soon after the deadline.
    @Test func aDeadlineKillsTheChildAndItsChildren() throws {
        let marker = "hemi-childprocess-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let start = ChildProcess.monotonicSeconds()
        let r = try ChildProcess.run("/bin/bash", ["-c", "(exec -a \(marker) sleep 60) & echo started; wait"],
                                     timeout: 1, recordTimeout: false)
        #expect(r.timedOut && r.signaled && r.status == SIGKILL)
        #expect(r.stdout == "started\n")
        #expect(ChildProcess.monotonicSeconds() - start < 10)
        // (The pattern's brackets keep pgrep's own shell from matching it.)
        let left = try ChildProcess.run("/bin/sh", ["-c", "pgrep -f '[\(marker.prefix(1))]\(marker.dropFirst())' || true"], timeout: 30)
        #expect(left.stdout.isEmpty, "the grandchild still runs: \(left.stdout)")
    }

    /// A child that closes its outputs and goes on running is also bounded.
    @Test func aChildThatClosesItsOutputsIsBoundedToo() throws {
        let r = try ChildProcess.run("/bin/sh", ["-c", "exec >&- 2>&-; sleep 60"], timeout: 1, recordTimeout: false)
        #expect(r.timedOut)
    }

    /// Working folder, environment, exit status.
    @Test func folderEnvironmentAndStatus() throws {
        let r = try ChildProcess.run("/bin/sh", ["-c", "pwd; echo \"$X\"; exit 3"], environment: ["X": "y", "PATH": "/usr/bin:/bin"],
                                     cwd: "/tmp", timeout: 30)
        #expect(r.stdout == "/tmp\ny\n" && r.status == 3 && !r.signaled)
    }
}
