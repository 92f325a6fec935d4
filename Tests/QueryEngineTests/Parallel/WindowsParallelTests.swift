import Testing
@testable import QueryEngine

/// Window functions compute their partitions in parallel, each partition writing only its
/// own rows: every function, with and without partitions, must give the same column on 4
/// threads as on 1 (the per-partition arithmetic is the same code; this checks the split).
@Suite(.serialized) struct WindowsParallelTests {
    @Test func windowsAreTheSameOnAnyThreadCount() throws {
        var rng = DiffRandom(seed: 7)
        var differences = 0
        for _ in 0..<60 {
            let rows = rng.int(0...400)
            var g: [Int64] = [], x: [Int64] = [], y: [Double] = [], valid: [Bool] = []
            for _ in 0..<rows {
                g.append(Int64(rng.int(0...rng.pick([0, 3, 50]))))
                x.append(Int64(rng.int(-3...3)))
                y.append(Double(rng.int(-20...20)) / 4)
                valid.append(!rng.chance(0.1))
            }
            let t = try Table(fields: ["g", "x", "y"], columns: [Column(.int(g)), Column(.int(x)), Column(.double(y), valid: valid)])
            for f in WindowFunction.allCases {
                let argument: String? = Windows.needsArgument.contains(f) ? rng.pick(["x", "y"]) : nil
                let per = rng.chance(0.7) ? ["g"] : []
                let order = [SortKey(rng.pick(["x", "y", "x + y"]), descending: rng.chance(0.5))]
                let offset = f == .ntile ? rng.int(1...4) : rng.int(0...2)
                let run = { outcome { try Query(t).window(f, of: argument, as: "w", order: order, per: per, offset: offset).execute() } }
                let one = withParallelism(threads: 1, morselRows: 1 << 20, run)
                let four = withParallelism(threads: 4, morselRows: 8, run)
                if one != four && differences < 3 {
                    differences += 1
                    Issue.record("\(f)(\(argument ?? "")) per \(per) order \(order):\n\(four)\none thread:\n\(one)")
                }
            }
        }
        #expect(differences == 0)
    }
}
