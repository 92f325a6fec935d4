import Glibc
import Testing
@testable import QueryEngine

// A probe that answers "stop" from its `fireAt`-th call on: proves an operator looks at the
// flag inside its loop (a 30,000-row input and a probe firing at the fifth look cannot be
// satisfied by the looks at entry alone), and lets a test stop it mid-way.
nonisolated(unsafe) private var probeCalls = 0
nonisolated(unsafe) private var probeFireAt = Int.max
private let countingProbe: @convention(c) () -> Int32 = {
    probeCalls += 1
    return probeCalls >= probeFireAt ? 1 : 0
}

/// Runs `body` with the counting probe installed, firing at call `fireAt`.
func withCancellation<T>(firingAt fireAt: Int, _ body: () throws -> T) rethrows -> (result: T, looks: Int) {
    probeCalls = 0; probeFireAt = fireAt
    Cancellation.install(countingProbe)
    defer { Cancellation.install(nil); probeFireAt = .max }
    let r = try body()
    return (r, probeCalls)
}

/// The error `body` throws, if it is an EngineError.
func engineError(_ body: () throws -> Void) -> EngineError? {
    do { try body(); return nil } catch let e as EngineError { return e } catch { return nil }
}

@Suite(.serialized) struct CancellationTests {
    static let n = 30_000
    static let big: Table = {
        let ids = Column(.int((0..<Int64(n)).map { $0 }))
        let groups = Column(.int((0..<Int64(n)).map { $0 % 97 }))
        let names = Column(.string(codes: (0..<n).map { UInt32($0 % 5) }, dictionary: ["a", "b", "c", "d", "e"]))
        return try! Table(fields: ["id", "g", "s"], columns: [ids, groups, names])
    }()
    static let csv = big.formatted(.csv), json = big.formatted(.jsonl)

    /// Every long operator stops with "interrupted!" when the flag is raised while it runs,
    /// and its input is left as it was.
    @Test(arguments: ["filter", "derive", "sort", "group", "join", "window", "top", "distinct", "csv", "json", "writer"])
    func operatorStopsInsideItsLoop(_ op: String) throws {
        let before = Self.big.columns.map(\.estimatedBytes)
        let run: () throws -> Void = {
            let q = Query(Self.big)
            switch op {
            case "filter": _ = try q.filter("id % 2 == 0").execute()
            case "derive": _ = try q.derive([NamedExpression("t", "s .. s")]).execute()
            case "sort": _ = try q.sort("s desc, id").execute()
            case "group": _ = try q.aggregate(by: ["g"], [NamedExpression("n", "count()")]).execute()
            case "join": _ = try q.join(Query(Self.big), on: [("id", "id")]).execute()
            case "window": _ = try q.window(.lag, of: "id", as: "prev", order: [SortKey("id")], per: ["g"]).execute()
            case "top": _ = try q.top(3, by: [SortKey("id", descending: true)], per: ["g"]).execute()
            case "distinct": _ = try q.distinct(["g", "s"]).execute()
            case "csv": _ = try CSVReader.read(string: Self.csv, name: "big.csv")
            case "json": _ = try JSONReader.read(string: Self.json, name: "big.jsonl")
            default: _ = try TableWriter.render(Self.big, format: .csv)
            }
        }
        let (error, looks) = withCancellation(firingAt: 5) { engineError(run) }
        #expect(error == .interrupted, "\(op): \(String(describing: error))")
        #expect(looks >= 5, "\(op) looked at the flag \(looks) times")
        #expect(Self.big.columns.map(\.estimatedBytes) == before && Self.big.rowCount == Self.n)
        // Without the flag the same work completes.
        let (clean, _) = withCancellation(firingAt: .max) { engineError(run) }
        #expect(clean == nil, "\(op): \(String(describing: clean))")
    }

    /// Arithmetic, comparisons and gathers look at the flag per morsel, not only when their
    /// step ends: with 300 morsels and a probe firing at its 50th look, numeric work that
    /// looks only at the ends of its steps (about five looks) would run to completion.
    @Test(arguments: ["derive", "filter", "sort"])
    func elementwiseKernelsLookPerMorsel(_ op: String) throws {
        let (oldThreads, oldMorsel) = (Parallelism.threads, Parallelism.morselRows)
        Parallelism.threads = 1
        Parallelism.morselRows = 100
        defer { Parallelism.threads = oldThreads; Parallelism.morselRows = oldMorsel }
        let run: () throws -> Void = {
            let q = Query(Self.big)
            switch op {
            case "derive": _ = try q.derive([NamedExpression("t", "id * 2 + g")]).execute()
            case "filter": _ = try q.filter("id * 3 > g").execute()
            default: _ = try q.sort("g").execute()
            }
        }
        let (error, looks) = withCancellation(firingAt: 50) { engineError(run) }
        #expect(error == .interrupted, "\(op): \(String(describing: error))")
        #expect(looks >= 50, "\(op) looked at the flag \(looks) times")
        let (clean, _) = withCancellation(firingAt: .max) { engineError(run) }
        #expect(clean == nil)
        // A clean run computes the column (no morsel left as zeros).
        if op == "derive" {
            let t = try Query(Self.big).derive([NamedExpression("t", "id * 2 + g")]).execute()
            #expect(t.column("t")?[7] == .int(14 + 7))
        }
    }

    @Test func interruptedReadsAsTheLuaHookDoes() {
        #expect(EngineError.interrupted.message == "interrupted!")
        #expect(EngineError.interrupted.isInterrupted)
        #expect(!EngineError("x").isInterrupted)
    }

    @Test func writingAFileStopsWithoutTouchingIt() throws {
        let path = "/tmp/hemi-cancel-\(getpid()).csv"
        try FileIO.writeAtomically(Array("old\n".utf8), to: path)
        defer { unlink(path) }
        let (error, _) = withCancellation(firingAt: 2) { engineError { try Self.big.write(.csv, to: path) } }
        #expect(error == .interrupted)
        #expect(try FileIO.readAll(path) == Array("old\n".utf8))
    }
}
