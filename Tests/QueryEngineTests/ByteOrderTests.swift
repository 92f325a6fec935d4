import Testing
@testable import QueryEngine

/// Strings are bytes (issue #12): "é" precomposed (C3 A9, NFC) and "e" + combining acute
/// (65 CC 81, NFD) are one value to Swift's String `==` but two to Lua, sqlite3 and DuckDB.
/// Every verb must tell them apart and order strings by their UTF-8 bytes.
@Suite struct ByteOrderTests {
    static let nfc = "\u{E9}", nfd = "e\u{301}"

    func strings(_ t: Table, _ name: String) -> [[UInt8]] {
        t.column(name)!.values.map { v in if case .string(let s) = v { return Array(s.utf8) } else { return [] } }
    }

    func table(_ xs: [String]) throws -> Table {
        try Table(schema: [Field("x", .string), Field("i", .integer)],
                  rows: xs.enumerated().map { [.string($1), .int(Int64($0))] })
    }

    /// The trap itself: Swift says equal, the bytes differ.
    @Test func swiftStringsHideTheDifference() {
        #expect(Self.nfc == Self.nfd)
        #expect(!ByteKey.equal(Self.nfc, Self.nfd))
        #expect(ByteKey(Self.nfc) != ByteKey(Self.nfd))
        #expect(Value.string(Self.nfc) != Value.string(Self.nfd))
        #expect(Set([Value.string(Self.nfc), .string(Self.nfd)]).count == 2)
    }

    @Test func readCSVDistinctKeepsBoth() throws {
        let t = try CSVReader.read(string: "x\n\(Self.nfc)\n\(Self.nfd)\n\(Self.nfc)\n")
        let d = try Query(t).distinct(["x"]).execute()
        #expect(strings(d, "x") == [Array(Self.nfc.utf8), Array(Self.nfd.utf8)])
    }

    @Test func groupCountsEachSpellingApart() throws {
        let g = try Query(table([Self.nfc, Self.nfd, Self.nfc, "f"]))
            .aggregate(by: ["x"], [NamedExpression("n", "count()"), NamedExpression("d", "count_distinct(x)")])
            .sort("x").execute()
        // Byte order: 65 CC 81 < 66 < C3 A9.
        #expect(strings(g, "x") == [Array(Self.nfd.utf8), Array("f".utf8), Array(Self.nfc.utf8)])
        #expect(g.column("n")!.values == [.int(1), .int(1), .int(2)])
        #expect(g.column("d")!.values == [.int(1), .int(1), .int(1)])
    }

    @Test func joinMatchesBytesOnly() throws {
        let l = try table([Self.nfc, Self.nfd])
        let r = try Table(schema: [Field("x", .string), Field("b", .integer)], rows: [[.string(Self.nfd), .int(5)]])
        let j = try Query(l).join(Query(r), on: [("x", "x")]).execute()
        #expect(j.column("i")!.values == [.int(1)])
        // Two keys take the tuple path.
        let r2 = try Table(schema: [Field("x", .string), Field("i", .integer)], rows: [[.string(Self.nfd), .int(1)], [.string(Self.nfd), .int(0)]])
        let j2 = try Query(l).join(Query(r2), on: [("x", "x"), ("i", "i")]).execute()
        #expect(j2.rowCount == 1)
    }

    @Test func comparisonsInExpressions() throws {
        let q = try Query(table([Self.nfc, Self.nfd, "f"]))
        func rows(_ e: String, _ p: [String: Value]? = nil) throws -> [Value] {
            try q.filter(e, parameters: p).execute().column("i")!.values
        }
        #expect(try rows("x == :v", ["v": .string(Self.nfc)]) == [.int(0)])
        #expect(try rows("x ~= :v", ["v": .string(Self.nfc)]) == [.int(1), .int(2)])
        #expect(try rows("x in (:v)", ["v": .string(Self.nfd)]) == [.int(1)])
        #expect(try rows("x < 'f'") == [.int(1)])
        #expect(try rows("x > :v", ["v": .string("f")]) == [.int(0)])
        // Column against column (the rank path).
        let t = try Table(schema: [Field("a", .string), Field("b", .string), Field("i", .integer)],
                          rows: [[.string(Self.nfc), .string(Self.nfd), .int(0)], [.string(Self.nfc), .string(Self.nfc), .int(1)]])
        #expect(try Query(t).filter("a == b").execute().column("i")!.values == [.int(1)])
        #expect(try Query(t).filter("a > b").execute().column("i")!.values == [.int(0)])
    }

    @Test func windowsAndTopPartitionByBytes() throws {
        let q = try Query(table([Self.nfc, Self.nfd, Self.nfc]))
        let w = try q.window(.row_number, of: nil, as: "r", order: [SortKey("i")], per: ["x"]).execute()
        #expect(w.column("r")!.values == [.int(1), .int(1), .int(2)])
        let top = try q.top(1, by: [SortKey("i")], per: ["x"]).execute()
        #expect(top.rowCount == 2)
        let mm = try q.aggregate(by: [], [NamedExpression("lo", "min(x)"), NamedExpression("hi", "max(x)")]).execute()
        #expect(mm.column("lo")!.values == [.string(Self.nfd)])
        #expect(mm.column("hi")!.values == [.string(Self.nfc)])
    }

    /// Sort order is sqlite3's BINARY collation (memcmp of the UTF-8 bytes).
    @Test func sortOrderIsSQLiteBinary() throws {
        let xs = [Self.nfc, Self.nfd, "f", "e", "E", "z", "\u{E4}", "a\u{308}", "Z", "\u{4E2D}", "\u{1F600}", "", "ab", "a", "\u{FB01}"]
        let sorted = try Query(table(xs)).sort("x").execute()
        guard let sqlite = SQLiteShell.find() else {
            Issue.record("sqlite3 is not on PATH (`make deps` installs it)"); return
        }
        let setup = "CREATE TABLE t(x TEXT);\n" + xs.map { "INSERT INTO t VALUES('\($0)');\n" }.joined()
        guard case .rows(let rows) = try sqlite.run(setup: setup, queries: ["SELECT x FROM t ORDER BY x"])[0] else {
            Issue.record("sqlite3 failed"); return
        }
        let want = rows.map { r -> [UInt8] in if case .string(let s) = r[0] { return Array(s.utf8) } else { return [] } }
        #expect(want.count == xs.count)
        #expect(strings(sorted, "x") == want)
    }

    /// ByteRanks (one flat buffer, 8-byte prefixes, memcmp on ties, morsels merged) ranks as
    /// sorting by ByteKey does, and compares with a literal as ByteKey.compare: random strings
    /// of random bytes (invalid UTF-8 included, through ByteText), NULs, shared prefixes around
    /// the 8-byte boundary, empty strings and duplicates, split into morsels of 3 on 4 threads.
    @Test func byteRanksMatchByteKeyOrder() {
        var rng = DiffRandom(seed: 12)
        func randomString() -> String {
            let stem = rng.pick(["", "abcdefg", "abcdefgh", "abcdefghi", "\u{E9}t\u{E9}", "x"])
            var bytes = Array(stem.utf8)
            for _ in 0..<rng.int(0...4) { bytes.append(rng.pick([0, 0x61, 0x68, 0x69, 0x7F, 0x80, 0xC3, 0xA9, 0xFF, UInt8(rng.int(0...255))])) }
            return ByteText.string(bytes: bytes)
        }
        func reference(_ xs: [String]) -> [Int32] {
            let distinct = Array(Set(xs.map(ByteKey.init))).sorted()
            var rank: [ByteKey: Int32] = [:]
            for (i, k) in distinct.enumerated() { rank[k] = Int32(i) }
            return xs.map { rank[ByteKey($0)]! }
        }
        for round in 0..<60 {
            let xs = (0..<rng.int(0...80)).map { _ in randomString() }
            let ys = (0..<rng.int(0...20)).map { _ in randomString() }
            withParallelism(threads: round % 2 == 0 ? 4 : 1, morselRows: 3) {
                #expect(ByteRanks.ranks(xs) == reference(xs), "\(xs)")
                let (rx, ry) = ByteRanks.ranks(xs, ys)
                let both = reference(xs + ys)
                #expect(rx == Array(both[..<xs.count]) && ry == Array(both[xs.count...]), "\(xs) \(ys)")
                let literal = randomString()
                #expect(ByteRanks.compare(xs, with: literal) == xs.map { Int8(ByteKey.compare($0, literal)) }, "\(xs) \(literal)")
            }
        }
    }

    /// `x < 'literal'` and the like over a dictionary, by bytes, in a filter.
    @Test func literalComparisonsByBytes() throws {
        let xs = [Self.nfc, Self.nfd, "f", "e", "E", "", "ab", "a", "\u{1F600}", ByteText.string(bytes: [UInt8(0xFF)])]
        let q = try Query(table(xs))
        func rows(_ e: String) throws -> [Value] { try q.filter(e).execute().column("i")!.values }
        func expected(_ keep: (Int) -> Bool) -> [Value] { xs.indices.filter { keep(ByteKey.compare(xs[$0], "e")) }.map { Value.int(Int64($0)) } }
        #expect(try rows("x < 'e'") == expected { $0 < 0 })
        #expect(try rows("x <= 'e'") == expected { $0 <= 0 })
        #expect(try rows("x > 'e'") == expected { $0 > 0 })
        #expect(try rows("'e' > x") == expected { $0 < 0 })
        #expect(try rows("x >= 'e'") == expected { $0 >= 0 })
    }
}
