import Testing
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Issue #13, "Output goes where it is sent": `Interrupted` and other messages go to stderr,
/// never to stdout or to an `.output` file; the session goes on after the interrupt.
@Suite struct MessagesToStderrTests {
    @Test func interruptedGoesToStderrNotToTheResultsOrTheOutputFile() throws {
        let dir = HostileRun.scratch()
        defer { HostileRun.remove(dir) }
        // `-i` with piped input runs each line as an entry, as the REPL does; SIGINT lands while
        // the loop runs (bounded: the run is killed at its deadline and the test fails).
        let input = ".output results.txt\nprint('before')\nwhile true do end\nprint('alive')\n.output\nprint('on stdout')\n"
        let r = try HostileRun(arguments: ["-i"], stdin: input, deadline: 20, signal: (SIGINT, 2.0), directory: dir).run()
        #expect(!r.timedOut && r.status == 0, "\(r.summary)")
        #expect(r.stderr.contains("Interrupted"), "Interrupted on stderr: \(r.summary)")
        #expect(!r.stdout.contains("Interrupted"), "not on stdout: \(r.summary)")
        let file = (try? String(contentsOfFile: dir + "/home/results.txt", encoding: .utf8)) ?? "<missing>"
        #expect(file == "before\nalive\n", "the .output file holds the results only: \(file.debugDescription)")
        #expect(r.stdout.contains("\non stdout\n"), "the session went on after the interrupt: \(r.summary)")
    }
}
