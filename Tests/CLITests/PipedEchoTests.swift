import Testing
import Foundation

/// `hemi -i` with piped input echoes each line after its prompt, as lua.c's readline does, and
/// flushes the echo before running the entry: a program driving hemi through pipes (the
/// SIGINT benchmark in Benchmarks/interrupt) sees the entry was read while it still runs.
@Suite struct PipedEchoTests {
    @Test func theEchoArrivesBeforeTheEntryFinishes() throws {
        let script = """
            f=$(mktemp)
            { echo 'while true do end'; sleep 2; } 2>/dev/null | "$0" -i > "$f" 2>/dev/null &
            pid=$!
            sleep 1.5
            cat "$f"
            kill -KILL $pid 2>/dev/null
            rm -f "$f"
            """
        let r = try HemiBinary.run("/bin/sh", ["-c", script, HemiBinary.path])
        #expect(r.stdout.hasSuffix("> while true do end\n"), "the echo, while the loop runs: \(r.stdout.debugDescription)")
    }
}
