import Testing
@testable import QueryEngine

/// FusedFilter (a numeric comparison straight to row numbers) keeps exactly the rows the
/// general evaluator says are true: the same comparison column computed by `derive`, which
/// never takes the fused path. Nulls, NaN, ±0, infinities and integers beyond 2^53 (where an
/// integer compared with a float becomes a Double) included; at 1 and 4 threads with small
/// morsels, so morsel and block edges fall inside the table.
@Suite struct FusedFilterTests {
    static let predicates = [
        "imports > exports * 1.5", "exports * 1.5 < imports", "i > j", "i == j", "i ~= j", "i <= j * 1.0",
        "i == j * 1.0", "i * 1.5 >= j", "i - 0.5 < x", "x + 1 ~= y", "x >= i", "i == 9007199254740993",
        "i < 2.5", "2 < x", "x == 0", "x == x", "x ~= x", "y <= -0.0", "x > j", "j * 2.0 > x",
        "1.5 * x > y", "y > 1.5 * exports", "2 + x < y", "1.5 * i >= j", "-0.0 * x == y", "0.5 + i ~= x",
    ]

    /// Rows with a bit of everything; `row` says where each came from.
    static func table(_ n: Int) throws -> Table {
        var rng = SplitMix(seed: 15)
        let big: [Int64] = [9_007_199_254_740_992, 9_007_199_254_740_993, -9_007_199_254_740_993, 0, 1, -1, 3]
        let odd: [Double] = [.nan, .infinity, -.infinity, 0, -0.0, 1, 2.5, -3, 9_007_199_254_740_992]
        var rows: [[Value]] = []
        for r in 0..<n {
            func int() -> Value { rng.next() % 9 == 0 ? .null : .int(rng.next() % 3 == 0 ? big[Int(rng.next() % 7)] : Int64(rng.next() % 7) - 3) }
            func double() -> Value {
                switch rng.next() % 10 {
                case 0: return .null
                case 1, 2: return .double(odd[Int(rng.next() % UInt64(odd.count))])
                default: return .double(Double(Int64(rng.next() % 2000) - 1000) / 8)
                }
            }
            rows.append([.int(Int64(r)), int(), .int(Int64(rng.next() % 5) - 2), double(), double(), double(), double()])
        }
        return try Table(schema: [Field("row", .integer), Field("i", .integer), Field("j", .integer), Field("x", .float),
                                  Field("y", .float), Field("imports", .float), Field("exports", .float)], rows: rows)
    }

    @Test(arguments: [1, 4]) func sameRowsAsTheGeneralPath(threads: Int) throws {
        let t = try Self.table(3000)
        try withParallelism(threads: threads, morselRows: 1500) {
            for p in Self.predicates {
                let q = try Query(t).filter(p)
                // The predicate as the executor gets it takes the fused path.
                guard case .filter(_, let bound) = Optimizer.optimize(q.plan).operation else { Issue.record("\(p): no filter"); continue }
                #expect(FusedFilter.keptRows(t, bound.expr) != nil, "\(p) is not fused")
                let kept = try q.execute().column("row")!.values
                let flags = try Query(t).derive([NamedExpression("k", p)]).execute().column("k")!.values
                let want = flags.indices.filter { flags[$0] == .bool(true) }.map { Value.int(Int64($0)) }
                #expect(kept == want, "\(p)")
            }
        }
    }

    @Test func otherShapesTakeTheGeneralPath() throws {
        let t = try Self.table(10)
        for p in ["i > j * 2", "2 * i > j", "x / 2 > y", "2 / x > y", "2 - x > y", "i + j > x", "x > y and y > 0", "j * 2.0 == j + j"] {
            guard case .filter(_, let bound) = Optimizer.optimize(try Query(t).filter(p).plan).operation else { continue }
            #expect(FusedFilter.keptRows(t, bound.expr) == nil, "\(p)")
        }
    }
}

/// A small deterministic generator (the test's rows do not change between runs).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
