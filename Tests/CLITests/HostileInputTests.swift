import Testing
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The hostile-input corpus: each attack runs the built `hemi` in a child process under an
/// address-space cap and a deadline (HostileRun), and the test asserts a bounded outcome: the
/// exit status, the words of the error, the time, the peak memory, and that nothing was
/// written in the scratch tree (HOME, XDG_*) beyond what the script asked for.
@Suite struct HostileInputTests {
    struct Attack: CustomStringConvertible, Sendable {
        var kind: String
        var name: String
        var script: String
        var status: Int32 = 1
        /// Fragments the error output must hold.
        var stderr: [String] = []
        var stdout: String? = nil
        var environment: [String: String] = [:]
        var memory: Int = 1 << 30
        var deadline: Double = 20
        /// Files the script may write, relative to the scratch directory.
        var writes: [String] = []
        var description: String { "\(kind): \(name)" }
    }

    static let corpus: [Attack] = [
        // Endless and oversized inputs.
        Attack(kind: "endless input", name: "read_json of /dev/zero", script: "hemi.read_json('/dev/zero')",
               stderr: ["/dev/zero: reading the input passed the memory limit of 64 MB"], environment: ["HEMI_MAX_MEMORY": "64M"]),
        Attack(kind: "endless input", name: "read_csv of /dev/zero", script: "hemi.read_csv('/dev/zero')",
               stderr: ["/dev/zero: reading the input passed the memory limit of 64 MB"], environment: ["HEMI_MAX_MEMORY": "64M"]),
        Attack(kind: "endless input", name: "read_csv of /dev/zero under prlimit alone", script: "hemi.read_csv('/dev/zero')",
               stderr: ["/dev/zero: reading the input passed the memory limit of 64 MB"], memory: 256 << 20),
        Attack(kind: "endless input", name: "read_json of /dev/urandom", script: "hemi.read_json('/dev/urandom')",
               stderr: ["/dev/urandom"], environment: ["HEMI_MAX_MEMORY": "16M"]),
        Attack(kind: "endless input", name: "pcall cannot outlast the limit", script: "for i = 1, 3 do print(pcall(hemi.read_csv, '/dev/zero')) end",
               status: 0, stderr: [], stdout: String(repeating: "false\t/dev/zero: reading the input passed the memory limit of 16 MB (set HEMI_MAX_MEMORY, e.g. HEMI_MAX_MEMORY=8G, to allow more)\n", count: 3),
               environment: ["HEMI_MAX_MEMORY": "16M"]),
        Attack(kind: "endless input", name: "a directory", script: "hemi.read_csv('/tmp')", stderr: ["/tmp: is a directory, expected a file"]),
        // Deep plans.
        Attack(kind: "deep plan", name: "60,000 chained filters", script: """
            local q = hemi.from_rows{{c0 = 1}} for i = 1, 60000 do q = q:filter("c0 > 0") end print(pcall(q.count, q))
            """, stderr: ["filter: the query would chain 1,001 verbs, more than the 1,000 a query may have"]),
        Attack(kind: "deep plan", name: "60,000 filters under pcall", script: """
            local q = hemi.from_rows{{c0 = 1}}
            local ok, e = pcall(function() for i = 1, 60000 do q = q:filter("c0 > 0") end end)
            print(ok, e:match("chain [%d,]+ verbs"), q:count(), #q:explain() < 200000)
            """, status: 0, stdout: "false\tchain 1,001 verbs\t1\ttrue\n"),
        Attack(kind: "deep plan", name: "deep derives and sorts mixed", script: """
            local q = hemi.from_rows{{c0 = 1}}
            for i = 1, 5000 do q = (i % 2 == 0) and q:derive{c0 = "c0 + 1"} or q:sort("c0") end
            """, stderr: ["the query would chain 1,001 verbs"]),
        Attack(kind: "deep plan", name: "self-joins doubling the tree", script: """
            local q = hemi.from_rows{{k = 1}}
            for i = 1, 40 do q = q:join(q, "k") end print(q:count())
            """, stderr: ["join: the query would chain 1,023 verbs, more than the 1,000"]),
        // Engine work that explodes.
        Attack(kind: "engine explosion", name: "join of 30,000 rows on one key", script: """
            local rows = {} for i = 1, 30000 do rows[i] = { k = 1, v = i } end
            local t = hemi.from_rows(rows) print(t:join(t, "k"):count())
            """, stderr: ["passed the memory limit of 256 MB"], environment: ["HEMI_MAX_MEMORY": "256M"], memory: 2 << 30, deadline: 60),
        Attack(kind: "engine explosion", name: "repeated .. derives", script: """
            local q = hemi.from_rows{{s = "ab"}, {s = "cd"}}
            for i = 1, 40 do q = q:derive{ s = "s .. s" } end print(q:count())
            """, stderr: ["passed the memory limit of 128 MB"], environment: ["HEMI_MAX_MEMORY": "128M"], memory: 2 << 30, deadline: 60),
    ]

    @Test(arguments: corpus)
    func attackIsContained(_ attack: Attack) throws {
        let scratch = HostileRun.scratch()
        defer { HostileRun.remove(scratch) }
        let r = try HostileRun(arguments: ["-e", attack.script], environment: attack.environment, memory: attack.memory,
                               deadline: attack.deadline, directory: scratch).run()
        #expect(!r.timedOut && !r.signalled, "\(attack): \(r.summary)")
        #expect(r.status == attack.status, "\(attack): \(r.summary)")
        for fragment in attack.stderr { #expect(r.stderr.contains(fragment), "\(attack): \(r.summary)") }
        if let out = attack.stdout { #expect(r.stdout == out, "\(attack): \(r.summary)") }
        #expect(r.peakBytes < attack.memory, "\(attack): \(r.summary)")
        let written = HostileRun.files(under: scratch).filter { !$0.hasPrefix(".std") }
        #expect(written == attack.writes.sorted(), "\(attack): wrote \(written)")
    }

    /// How many attacks of each kind the corpus holds (the closing note quotes it).
    @Test func corpusCoversEveryKind() {
        let kinds = Dictionary(grouping: Self.corpus, by: \.kind).mapValues(\.count)
        #expect(kinds.keys.count >= 3, "\(kinds)")
    }
}
