import Testing
@testable import QueryEngine

/// `top(n)` without a partition keeps each morsel's best n rows in a heap and sorts only
/// those (Ordering.top): it must give exactly the first n rows of the full sort — ties, nulls,
/// NaN and descending keys included — on 1 thread and on 4 threads with 64-row morsels.
@Suite(.serialized) struct TopParallelTests {
    static func table(_ rng: inout DiffRandom, rows: Int) -> Table {
        var ints: [Int64] = [], doubles: [Double] = [], codes: [UInt32] = []
        var validInt: [Bool] = [], validDouble: [Bool] = []
        for _ in 0..<rows {
            ints.append(Int64(rng.int(-5...5)))                  // many ties
            validInt.append(!rng.chance(0.1))
            doubles.append(rng.chance(0.05) ? .nan : Double(rng.int(-50...50)) / 4)
            validDouble.append(!rng.chance(0.1))
            codes.append(UInt32(rng.int(0...3)))
        }
        return try! Table(fields: ["i", "d", "s"], columns: [
            Column(.int(ints), valid: validInt), Column(.double(doubles), valid: validDouble),
            Column(.string(codes: codes, dictionary: ["b", "a", "Á", "c"])),
        ])
    }

    @Test func topEqualsTheFullSortsFirstRows() throws {
        var rng = DiffRandom(seed: 42)
        var differences = 0
        for _ in 0..<120 {
            let t = Self.table(&rng, rows: rng.int(0...1500))
            let keys = (0..<rng.int(1...3)).map { _ in SortKey(rng.pick(["i", "d", "s", "i * 2 - d"]), descending: rng.chance(0.5)) }
            let n = rng.int(0...8)
            let expected = withParallelism(threads: 1, morselRows: 1 << 20) {
                outcome { try Query(t).sort(keys).limit(n).execute() }
            }
            for (threads, morsel) in [(1, 64), (4, 64), (4, 1 << 16)] {
                let got = withParallelism(threads: threads, morselRows: morsel) {
                    outcome { try Query(t).top(n, by: keys).execute() }
                }
                if got != expected && differences < 3 {
                    differences += 1
                    Issue.record("top \(n) by \(keys) (threads \(threads), morsel \(morsel)):\n\(got)\nfull sort:\n\(expected)")
                }
            }
        }
        #expect(differences == 0)
    }
}
