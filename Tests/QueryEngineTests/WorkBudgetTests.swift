import Testing
@testable import QueryEngine

@Suite(.serialized) struct WorkBudgetTests {
    static func keyed(_ n: Int) -> Table {
        try! Table(fields: ["k", "v"], columns: [Column(.int([Int64](repeating: 1, count: n))),
                                                 Column(.int((0..<Int64(n)).map { $0 }))])
    }

    @Test func joinExplosionStopsAtTheBudget() throws {
        // 3,000 x 3,000 rows on one key: 9 million output rows, about 350 MB unbounded.
        let t = Self.keyed(3_000)
        let error = engineError {
            try WorkBudget.run(limit: 4 << 20, owner: "plugin \"boom\"") { _ in
                _ = try Query(t).join(Query(t), on: [("k", "k")]).execute()
            }
        }
        #expect(error?.message.hasPrefix("plugin \"boom\": engine work passed its memory limit of 4 MB") == true,
                "\(String(describing: error))")
        // Outside the budget the same join of a smaller table runs.
        #expect(try Query(Self.keyed(300)).join(Query(Self.keyed(300)), on: [("k", "k")]).execute().rowCount == 90_000)
    }

    @Test func repeatedConcatenationStopsAtTheBudget() {
        let t = try! Table(fields: ["s"], columns: [Column(.string(codes: [0, 0, 0, 0], dictionary: ["ab"]))])
        var q = Query(t)
        for _ in 0..<40 { q = try! q.derive([NamedExpression("s", "s .. s")]) }
        let error = engineError {
            try WorkBudget.run(limit: 64 << 20, owner: "plugin \"grow\"") { _ in _ = try q.execute() }
        }
        #expect(error?.message.contains("plugin \"grow\": engine work passed its memory limit of 64 MB") == true,
                "\(String(describing: error))")
    }

    @Test func budgetsNestAndEnd() throws {
        #expect(WorkBudget.current == nil)
        try WorkBudget.run(limit: 1000, owner: "outer") { outer in
            #expect(WorkBudget.current === outer)
            try WorkBudget.run(limit: 10_000, owner: "inner") { inner in
                try WorkBudget.charge(600)
                #expect(inner.used == 600 && outer.used == 600)
                // The inner budget has room, the outer one not: the outer one names itself.
                let e = engineError { try WorkBudget.charge(600) }
                #expect(e?.message.hasPrefix("outer: engine work passed its memory limit of 1000 bytes") == true)
            }
            #expect(WorkBudget.current === outer)
        }
        #expect(WorkBudget.current == nil)
        try WorkBudget.charge(1 << 20)   // no budget: nothing to pass
    }

    @Test func sizesParseAndPrint() {
        #expect(ByteCount.parse("512M") == 512 << 20)
        #expect(ByteCount.parse("2G") == 2 << 30)
        #expect(ByteCount.parse("64MB") == 64 << 20)
        #expect(ByteCount.parse("1.5GiB") == 3 << 29)
        #expect(ByteCount.parse("1048576") == 1 << 20)
        #expect(ByteCount.parse("lots") == nil && ByteCount.parse("-1G") == nil && ByteCount.parse("") == nil)
        #expect(ByteCount.text(64 << 20) == "64 MB" && ByteCount.text(3 << 29) == "1.5 GB" && ByteCount.text(10) == "10 bytes")
        #expect(MemoryCeiling.fromEnvironment("256M") == 256 << 20)
        #expect(MemoryCeiling.fromEnvironment("nonsense") == MemoryCeiling.defaultBytes())
    }

    @Test func endlessInputsStopAtTheLimit() {
        let e = engineError { _ = try FileIO.readAll("/dev/zero", limit: 1 << 20) }
        #expect(e?.message == "/dev/zero: the input is larger than the limit of 1 MB")
        let saved = MemoryCeiling.bytes
        defer { MemoryCeiling.bytes = saved }
        MemoryCeiling.bytes = 8 << 20
        for read in [{ _ = try CSVReader.read(path: "/dev/zero") }, { _ = try JSONReader.read(path: "/dev/zero") }] as [() throws -> Void] {
            let e = engineError(read)
            #expect(e?.message == "/dev/zero: reading the input passed the memory limit of 8 MB (set HEMI_MAX_MEMORY, e.g. HEMI_MAX_MEMORY=8G, to allow more)",
                    "\(String(describing: e))")
        }
    }
}
