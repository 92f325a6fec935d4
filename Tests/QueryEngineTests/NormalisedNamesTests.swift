import Testing
@testable import QueryEngine

/// Column names compare as Unicode text, values as bytes. "é" composed (NFC, U+00E9) and
/// decomposed (NFD, U+0065 U+0301) are one name to Swift but two keys in a file or in Lua:
/// wherever names come from input, such a pair is an error showing both spellings' code
/// points (or, in a CSV header, a numbered repeat), never one column silently holding the
/// other's values (ColumnNames).
@Suite(.serialized) struct NormalisedNamesTests {
    static let nfc = "\u{E9}", nfd = "e\u{301}"
    static let clash = "columns \"\(nfc)\" (U+00E9) and \"\(nfd)\" (U+0065 U+0301) differ only in Unicode normalisation; "
        + "Hemi compares column names as Unicode text: rename one"

    /// The bytes of each name: Swift's == would call the two spellings equal.
    static func bytes(_ names: [String]) -> [[UInt8]] { names.map { Array($0.utf8) } }

    static func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch { return "\(error)" }
    }

    @Test func jsonKeysInOneObjectAreRefusedWithoutClaimingARepeat() {
        let m = Self.message { try JSONReader.read(string: "[{\"\(Self.nfc)\": 1, \"\(Self.nfd)\": 2}]", name: "t.json") }
        #expect(m == "t.json: line 1, column 11: " + Self.clash)
        // A key that really repeats keeps its own message.
        let twice = Self.message { try JSONReader.read(string: "[{\"\(Self.nfc)\": 1, \"\(Self.nfc)\": 2}]", name: "t.json") }
        #expect(twice.contains("appears twice in one object"))
    }

    @Test func jsonKeysInTwoObjectsAreNotMerged() {
        let m = Self.message { try JSONReader.read(string: "[{\"\(Self.nfc)\": 1},\n {\"\(Self.nfd)\": 2}]", name: "t.json") }
        #expect(m == "t.json: line 2, column 3: " + Self.clash)
        let lines = Self.message { try JSONReader.read(string: "{\"\(Self.nfc)\": 1}\n{\"\(Self.nfd)\": 2}\n", name: "t.jsonl") }
        #expect(lines == "t.jsonl: line 2, column 2: " + Self.clash)
    }

    /// Chunks read apart and are joined by name: the join refuses the pair too, at the place
    /// a front-to-back read names (the first key in the other spelling).
    @Test func jsonKeysInTwoChunksAreNotMerged() {
        var text = ""
        // Far apart, so that no chunk (about 12 lines) holds both spellings.
        for i in 0..<200 { text += "{\"\(i < 10 ? Self.nfc : i >= 190 ? Self.nfd : "x")\": \(i)}\n" }
        let m = withParallelism(threads: 2, morselRows: 50) {
            Self.message { try JSONReader.read(string: text, name: "t.jsonl") }
        }
        #expect(m == "t.jsonl: line 191, column 2: " + Self.clash)
        let whole = withParallelism(threads: 2, morselRows: 1 << 16) {
            Self.message { try JSONReader.read(string: text, name: "t.jsonl") }
        }
        #expect(whole == m)
    }

    /// A header is the file's: the second spelling is numbered as any repeated name is.
    @Test func csvHeaderNumbersTheSecondSpelling() throws {
        let t = try CSVReader.read(string: "\(Self.nfc),\(Self.nfd)\n1,2\n", name: "t.csv")
        #expect(Self.bytes(t.columnNames) == Self.bytes([Self.nfc, Self.nfd + "_2"]))
        #expect(t.row(0) == [.int(1), .int(2)])
    }

    @Test func tablesSelectsAndAggregatesRefuseThePair() {
        let c = Column(type: .integer, values: [.int(1)])
        #expect(Self.message { try Table(fields: [Self.nfc, Self.nfd], columns: [c, c]) } == "table: " + Self.clash)
        #expect(Self.message { try Table(fields: ["a", "a"], columns: [c, c]) } == "table: column name \"a\" appears twice")
        let q = Query(try! Table(fields: [Self.nfc, "x"], columns: [c, c]))
        #expect(Self.message { try q.select([NamedExpression(Self.nfc, "x"), NamedExpression(Self.nfd, "x")]) } == "table: " + Self.clash)
        #expect(Self.message { try q.aggregate(by: [], [NamedExpression(Self.nfc, "sum(x)"), NamedExpression(Self.nfd, "count()")]) }
                == "table: " + Self.clash)
    }

    /// derive and window functions replace a column of the same name; one of the same text
    /// but other bytes is a different key to the caller, so replacing it would drop a column.
    @Test func deriveAndWindowsDoNotReplaceTheOtherSpelling() throws {
        let c = Column(type: .integer, values: [.int(1)])
        let q = Query(try Table(fields: [Self.nfc, "x"], columns: [c, c]))
        #expect(Self.message { try q.derive([NamedExpression(Self.nfd, "x + 1")]) } == "derive: " + Self.clash)
        #expect(Self.message { try q.window(.lag, of: "x", as: Self.nfd, order: SortKey.parse("x")) } == "lag: " + Self.clash)
        let fresh = Query(try Table(fields: ["x"], columns: [c]))
        #expect(Self.message { try fresh.derive([NamedExpression(Self.nfc, "x"), NamedExpression(Self.nfd, "x + 1")]) } == "derive: " + Self.clash)
        // The same bytes replace the column, as before.
        let replaced = try q.derive([NamedExpression(Self.nfc, "x + 10")]).execute()
        #expect(Self.bytes(replaced.columnNames) == Self.bytes([Self.nfc, "x"]))
        #expect(replaced.row(0) == [.int(11), .int(1)])
    }

    /// Looking a column up is by text: the other spelling finds it.
    @Test func lookupFindsTheOtherSpelling() throws {
        let c = Column(type: .integer, values: [.int(7)])
        let q = Query(try Table(fields: [Self.nfc], columns: [c]))
        #expect(try q.select(Self.nfd).execute().row(0) == [.int(7)])
        #expect(try q.filter("\(Self.nfd) == 7").execute().rowCount == 1)
    }
}
