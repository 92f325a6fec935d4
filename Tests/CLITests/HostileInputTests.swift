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
        // Error objects raised in callbacks reach pcall as they were (as in lua5.4).
        Attack(kind: "error objects", name: "a table raised in a filter function", script: """
            local ok, e = pcall(function() return hemi.from_rows{{a = 1}}:filter(function() error({code = 1}) end) end)
            print(ok, type(e), e.code)
            """, status: 0, stdout: "false\ttable\t1\n"),
        Attack(kind: "error objects", name: "nil raised in a filter function", script: """
            print(pcall(function() return hemi.from_rows{{a = 1}}:filter(function() error(nil) end) end))
            """, status: 0, stdout: "false\tnil\n"),
        Attack(kind: "error objects", name: "a string without position in a filter function", script: """
            print(pcall(function() return hemi.from_rows{{a = 1}}:filter(function() error("plain", 0) end) end))
            """, status: 0, stdout: "false\tplain\n"),
        Attack(kind: "error objects", name: "a table raised in a sort function", script: """
            local ok, e = pcall(function() return hemi.from_rows{{a = 1}, {a = 2}}:sort(function() error({code = 2}) end) end)
            print(ok, type(e), e.code)
            """, status: 0, stdout: "false\ttable\t2\n"),
        // Finalizers called by hand.
        Attack(kind: "finalizers", name: "a Swift function's box collected twice by hand", script: """
            local _, box = debug.getupvalue(hemi.table, 1)
            local gc = getmetatable(box).__gc
            print(pcall(gc, box), pcall(gc, box), pcall(gc, 42))
            local ok, e = pcall(hemi.table, "countries") print(ok, e)
            """, status: 0, stdout: "true\ttrue\ttrue\nfalse\tthis function was finalized (its __gc was called) and can no longer be called\n"),
        Attack(kind: "finalizers", name: "a query collected by hand, then used", script: """
            local q, other = hemi.from_rows{{a = 1}}, hemi.from_rows{{a = 1}}
            local gc = debug.getmetatable(q).__gc
            gc(q) gc(q)
            print(pcall(q.count, q))
            print(pcall(other.join, other, q, "a"))
            """, status: 0, stdout: "false\tcalling 'count' on bad self (hemi.Query expected, got a finalized hemi.Query (its __gc was called))\n"
                + "false\tbad argument #1 to 'join' (hemi.Query expected, got a finalized hemi.Query (its __gc was called))\n"),
        // Values that must come back as they went in.
        Attack(kind: "exact values", name: "NaN keys form one group", script: """
            local t = hemi.from_rows{{x = 0/0}, {x = 0/0}, {x = -(0/0)}, {x = 1}}
            print(t:group("x"):agg{n = "count()"}:count(), t:distinct("x"):count())
            """, status: 0, stdout: "2\t2\n"),
        Attack(kind: "exact values", name: "-0.0 through CSV and JSON files", script: """
            local t = hemi.from_rows{{x = -0.0}, {x = 2.5}}
            t:to_csv("z.csv") t:to_json("z.json")
            print(1 / hemi.read_csv("z.csv"):column("x")[1], 1 / hemi.read_json("z.json"):column("x")[1])
            """, status: 0, stdout: "-inf\t-inf\n", writes: ["home/z.csv", "home/z.json"]),
        Attack(kind: "exact values", name: "1e400 in a JSON file", script: """
            local f = io.open("inf.json", "w") f:write('[{"c": 1e400}]') f:close()
            print(pcall(hemi.read_json, "inf.json"))
            """, status: 0, stdout: "false\tinf.json: line 1, column 8 (key \"c\"): the number 1e400 is beyond the range of a 64-bit float (about ±1.8e308)\n",
            writes: ["home/inf.json"]),
        Attack(kind: "exact values", name: "int64 max beside a number past 64 bits in CSV", script: """
            local f = io.open("big.csv", "w") f:write("d\\n9223372036854775807\\n9223372036854775808\\n") f:close()
            local t = hemi.read_csv("big.csv") print(t:schema()[1].type, t:column("d")[1])
            """, status: 0, stdout: "string\t9223372036854775807\n", writes: ["home/big.csv"]),
        // Arguments that used to be dropped without a word.
        Attack(kind: "arguments", name: "from_rows with a hole", script: "print(pcall(hemi.from_rows, {nil, {a = 1}}))", status: 0,
               stdout: "false\tbad argument #1 to 'from_rows' (the rows have an index 2, but index 1 is missing (nil): a list has no holes; expected a list of rows {row1, row2, …})\n"),
        Attack(kind: "arguments", name: "from_rows sparse", script: "print(pcall(hemi.from_rows, {[1] = {a = 1}, [3] = {a = 2}}))", status: 0,
               stdout: "false\tbad argument #1 to 'from_rows' (the rows have an index 3, but index 2 is missing (nil): a list has no holes; expected a list of rows {row1, row2, …})\n"),
        Attack(kind: "arguments", name: "from_rows with a non-string key", script: "print(pcall(hemi.from_rows, {{a = 1}, {[1] = 5}}))", status: 0,
               stdout: "false\tbad argument #1 to 'from_rows' (row 2 has key 1 (a number); expected column names (strings) as keys)\n"),
        Attack(kind: "arguments", name: "from_rows of a list holding itself", script: "local t = {} t[1] = t print(pcall(hemi.from_rows, t))", status: 0,
               stdout: "false\tbad argument #1 to 'from_rows' (row 1 is a table that contains itself, expected a table of column = value)\n"),
        Attack(kind: "arguments", name: "derive with a boolean key", script: "print(pcall(function() return hemi.from_rows{{a = 1}}:derive{[true] = \"1\"} end))", status: 0,
               stdout: "false\t(command line):1: bad argument #1 to 'derive' (derive: key true (a boolean); expected column names as keys (name = \"expression\") or a list of names)\n"),
        Attack(kind: "arguments", name: "show(-1)", script: "print(pcall(function() hemi.from_rows{{a = 1}}:show(-1) end))", status: 0,
               stdout: "false\t(command line):1: bad argument #1 to 'show' (row count must be 0 or more, got -1)\n"),
        Attack(kind: "arguments", name: "JSON [{}] is one row", script: """
            local f = io.open("e.json", "w") f:write("[{}]") f:close()
            local t = hemi.read_json("e.json") print(t:count(), #t:columns())
            """, status: 0, stdout: "1\t0\n", writes: ["home/e.json"]),
        Attack(kind: "exact values", name: "TSV reads back its own escapes, NA stays text", script: """
            local t = hemi.from_rows{{s = "a\\tb"}, {s = "l1\\nl2"}, {s = "c:\\\\d"}, {s = "NA"}, {s = "null"}}
            t:to_tsv("t.tsv") t:to_csv("t.csv")
            local same = true
            for _, f in ipairs{"t.tsv", "t.csv"} do
              local b = hemi.read_csv(f)
              for i = 1, 5 do same = same and b:column("s")[i] == t:column("s")[i] end
            end
            print(same, hemi.read_csv("t.tsv", {null = {"", "NA"}}):column("s")[4])
            """, status: 0, stdout: "true\tnil\n", writes: ["home/t.csv", "home/t.tsv"]),
        // A JSON array read in chunks on two threads (JSONChunks): split-point guesses fooled
        // by every string, and errors past the first chunk, give the front-to-back answers.
        Attack(kind: "parallel JSON", name: "a 7 MB array whose every string looks like an element boundary", script: """
            local parts = {}
            for i = 1, 200000 do parts[i] = '{"n": ' .. i .. ', "s": "},{\\\\"s\\\\": 1}, {"}' end
            local f = io.open("b.json", "w") f:write("[", table.concat(parts, ","), "]") f:close()
            local t = hemi.read_json("b.json")
            print(t:count(), t:column("n")[200000], t:column("s")[1], t:distinct("s"):count())
            """, status: 0, stdout: "200000\t200000\t},{\"s\": 1}, {\t1\n", environment: ["HEMI_THREADS": "2"], deadline: 60,
            writes: ["home/b.json"]),
        Attack(kind: "parallel JSON", name: "a 4 MB array cut short, then one with a nested array far in", script: """
            local parts = {}
            for i = 1, 300000 do parts[i] = '{"n": ' .. i .. '}' end
            local f = io.open("t.json", "w") f:write("[", table.concat(parts, ",\\n"), ',\\n{"n": ') f:close()
            print(pcall(hemi.read_json, "t.json"))
            parts[250000] = '{"n": [1, {"m": "]"}]}'
            f = io.open("t.json", "w") f:write("[", table.concat(parts, ",\\n"), "]") f:close()
            print(pcall(hemi.read_json, "t.json"))
            """, status: 0, stdout: "false\tt.json: line 300001, column 7 (key \"n\"): expected a value, found the end of the input\n"
                + "false\tt.json: line 250000, column 7 (key \"n\"): a nested array is not supported (a cell holds one value), expected a string, number, true, false or null\n",
            environment: ["HEMI_THREADS": "2"], deadline: 60, writes: ["home/t.json"]),
        // Strings are bytes: invalid UTF-8 comes back exactly (ByteText), never U+FFFD.
        Attack(kind: "bytes", name: "a CSV of invalid UTF-8 read and written again", script: """
            local src = "n\\xe9me,k\\n\\xff\\xfe,1\\n\\xed\\xa0\\x80,2\\n\\xf4\\x8f\\xbf\\xbf,3\\n\\xc3,4\\n"
            local f = io.open("in.csv", "wb") f:write(src) f:close()
            hemi.read_csv("in.csv"):sort("k"):to_csv("out.csv")
            local g = io.open("out.csv", "rb") local back = g:read("a") g:close()
            print(back == src, #back)
            """, status: 0, stdout: "true\t29\n", writes: ["home/in.csv", "home/out.csv"]),
        Attack(kind: "bytes", name: "invalid UTF-8 as group and join keys", script: """
            local t = hemi.from_rows{{k = "\\xff", v = 1}, {k = "\\xfe", v = 2}, {k = "\\xff", v = 3}, {k = "\\xef\\xbf\\xbd", v = 5}}
            local g = t:group("k"):agg{s = "sum(v)"}:sort("s")
            local j = t:join(g, "k"):filter(function(r) return r.k == "\\xff" end)
            print(g:count(), g:column("k")[2] == "\\xff", j:count(), t:to_json():find("\\xff", 1, true) ~= nil)
            """, status: 0, stdout: "3\ttrue\t2\ttrue\n"),
        Attack(kind: "bytes", name: "a JSON of invalid UTF-8 keys and values", script: """
            local src = '[\\n  {"k\\xc0": "\\x80\\xbf"}\\n]\\n'
            local f = io.open("in.json", "wb") f:write(src) f:close()
            local t = hemi.read_json("in.json")
            print(t:columns()[1] == "k\\xc0", t:to_json() == src)
            """, status: 0, stdout: "true\ttrue\n", writes: ["home/in.json"]),
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
