import Foundation
import Testing
@testable import QueryEngine

/// Random queries run by Hemi and by SQLite (the sqlite3 shell) over the same random tables;
/// the answers must agree, at 1 thread and at 4 (with tiny morsels). 4 batches of 500 queries, one sqlite3 process per batch.
/// Reproduce a failure with the seed it prints:
///   HEMI_DIFF_SEED=<seed> swift test --filter DifferentialTests
/// HEMI_DIFF_QUERIES raises the number of queries (default 2000).
@Suite struct DifferentialTests {
    static let defaultSeed: UInt64 = 20_261_126

    @Test func hemiAgreesWithSQLite() throws {
        guard let sqlite = SQLiteShell.find() else {
            Issue.record("sqlite3 is not on PATH: the differential test needs it (`make deps` installs it)")
            return
        }
        let env = ProcessInfo.processInfo.environment
        let base = env["HEMI_DIFF_SEED"].flatMap { UInt64($0) } ?? Self.defaultSeed
        let total = env["HEMI_DIFF_QUERIES"].flatMap { Int($0) } ?? 2000
        let batches = 4
        var failures = 0, compared = 0, nonEmpty = 0, ordered = 0
        var verbCounts: [String: Int] = [:]

        for batch in 0..<batches {
            let seed = base &+ UInt64(batch) &* 1_000_003
            var generator = QueryGenerator(seed: seed)
            let (a, c) = generator.tables()
            let queries = try (0..<(total / batches)).map { _ in try generator.query(a, c) }
            let answers = try sqlite.run(setup: a.sql + c.sql, queries: queries.map(\.sql))

            for (i, q) in queries.enumerated() where failures < 5 {
                for v in q.verbs { verbCounts[v, default: 0] += 1 }
                let where_ = "seed \(seed) (HEMI_DIFF_SEED=\(base), batch \(batch)), query \(i)\n  hemi plan:\n\(q.query.explain())\n  sql: \(q.sql)"
                // At 1 thread with the default morsels (these tables are one morsel), and at 4
                // threads with morsels of 4 rows, so every parallel path runs: both must agree
                // with SQLite, and with each other exactly (row order and float bits included).
                let hemi: [[Value]], parallel: [[Value]]
                do {
                    hemi = try withParallelism(threads: 1, morselRows: Parallelism.defaultMorselRows) { try q.query.execute().rows }
                    parallel = try withParallelism(threads: 4, morselRows: 4) { try q.query.execute().rows }
                } catch {
                    failures += 1
                    Issue.record("Hemi failed on a valid query, \(where_)\n  error: \(error)")
                    continue
                }
                if hemi.count != parallel.count || zip(hemi, parallel).contains(where: { a, b in zip(a, b).contains { !Self.identical($0, $1) } }) {
                    failures += 1
                    Issue.record("Hemi at 4 threads differs from 1 thread, \(where_)\n  1 thread:\n\(ResultComparison.show(hemi))\n  4 threads:\n\(ResultComparison.show(parallel))")
                    continue
                }
                switch answers[i] {
                case .error(let message):
                    failures += 1
                    Issue.record("SQLite rejected the translation, \(where_)\n  error: \(message)")
                case .rows(let rows):
                    compared += 1
                    if !rows.isEmpty { nonEmpty += 1 }
                    if q.ordered { ordered += 1 }
                    if let diff = ResultComparison.difference(hemi: hemi, sqlite: rows, ordered: q.ordered) {
                        failures += 1
                        Issue.record("""
                            Hemi and SQLite disagree: \(diff)
                              \(where_)
                              hemi (\(hemi.count) rows):
                            \(ResultComparison.show(hemi.map { $0.map(ResultComparison.normalise) }))
                              sqlite (\(rows.count) rows):
                            \(ResultComparison.show(rows))
                            """)
                    }
                }
            }
        }
        #expect(failures == 0)
        // The generator is only useful if most queries return rows to compare.
        #expect(failures > 0 || nonEmpty * 10 >= compared * 6, "only \(nonEmpty) of \(compared) queries returned rows")
        print("differential: \(compared) queries compared with SQLite (\(nonEmpty) non-empty, \(ordered) fully ordered); verbs: "
              + verbCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }

    /// The same value to the bit (a float sum added in another order may differ in the last bit).
    static func identical(_ a: Value, _ b: Value) -> Bool {
        if case .double(let x) = a, case .double(let y) = b { return x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN) }
        return a == b
    }

    /// The comparison itself must be able to fail: a wrong answer, a wrong order, a wrong count.
    @Test func comparisonDetectsDifferences() throws {
        let one: [[Value]] = [[.int(1), .string("a")], [.int(2), .null]]
        #expect(ResultComparison.difference(hemi: one, sqlite: [[.int(2), .null], [.double(1), .string("a")]], ordered: false) == nil)
        #expect(ResultComparison.difference(hemi: one, sqlite: [[.int(2), .null], [.int(1), .string("a")]], ordered: true) != nil)
        #expect(ResultComparison.difference(hemi: one, sqlite: [[.int(1), .string("a")]], ordered: false) != nil)
        #expect(ResultComparison.difference(hemi: one, sqlite: [[.int(1), .string("b")], [.int(2), .null]], ordered: false) != nil)
        #expect(ResultComparison.difference(hemi: [[.double(0.1 + 0.2)]], sqlite: [[.double(0.3)]], ordered: true) == nil)
        #expect(ResultComparison.difference(hemi: [[.bool(true)]], sqlite: [[.int(1)]], ordered: true) == nil)
        #expect(ResultComparison.difference(hemi: [[.double(1.001)]], sqlite: [[.double(1)]], ordered: true) != nil)
    }

    @Test func sqliteOutputParsing() throws {
        #expect(SQLiteShell.parseRow("1,2.5,'o''Neil, jr',NULL,'',-3,1.0e+20") ==
                [.int(1), .double(2.5), .string("o'Neil, jr"), .null, .string(""), .int(-3), .double(1e20)])
        guard let sqlite = SQLiteShell.find() else { Issue.record("sqlite3 is not on PATH"); return }
        let out = try sqlite.run(setup: "CREATE TABLE t(x);\nINSERT INTO t VALUES (1), ('México');\n",
                                 queries: ["SELECT x FROM t ORDER BY x", "SELECT nosuch FROM t", "SELECT 2.0, NULL"])
        guard out.count == 3, case .rows(let r0) = out[0], case .error(let e1) = out[1], case .rows(let r2) = out[2] else {
            Issue.record("unexpected outcomes \(out)"); return
        }
        #expect(r0 == [[.int(1)], [.string("México")]])
        #expect(e1.contains("no such column: nosuch"))
        #expect(r2 == [[.double(2), .null]])
    }
}
