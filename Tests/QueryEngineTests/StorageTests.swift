import Testing
@testable import QueryEngine

extension EngineError: EngineErrorLike {}

@Suite struct StorageTests {
    @Test func columnFromValuesKeepsNullsAndTypes() {
        let c = Column(type: .integer, values: [.int(1), .null, .int(-3)])
        #expect(c.type == .integer)
        #expect(c.count == 3)
        #expect(c.values == [.int(1), .null, .int(-3)])
        #expect(c.nullCount == 1)
    }

    @Test func columnWithoutNullsDropsTheMask() {
        let c = Column(type: .float, values: [.double(1.5), .int(2)])
        #expect(c.valid == nil)
        #expect(c.values == [.double(1.5), .double(2)])
    }

    @Test func stringsAreDictionaryEncoded() {
        let c = Column(type: .string, values: [.string("Perú"), .string("Chile"), .string("Perú"), .null])
        guard case .string(let codes, let dict) = c.storage else { Issue.record("not a string column"); return }
        #expect(dict == ["Perú", "Chile"])
        #expect(codes[0] == codes[2])
        #expect(c[3] == .null)
    }

    @Test func gatherWithMinusOneGivesNull() {
        let c = Column(type: .string, values: [.string("a"), .string("b")])
        #expect(c.gather([1, -1, 0]).values == [.string("b"), .null, .string("a")])
    }

    @Test func tableRejectsDuplicateNamesAndRaggedColumns() {
        let a = Column(type: .integer, values: [.int(1)])
        let b = Column(type: .integer, values: [.int(1), .int(2)])
        #expect(throws: EngineError("table: column name \"x\" appears twice")) {
            try Table(fields: ["x", "x"], columns: [a, a])
        }
        #expect(throws: EngineError("table: column \"y\" has 2 rows, expected 1")) {
            try Table(fields: ["x", "y"], columns: [a, b])
        }
    }

    @Test func civilDatesRoundTrip() {
        for text in ["1970-01-01", "2000-02-29", "2023-12-31", "1899-03-01", "2024-02-29"] {
            let d = CivilDate(iso: text)
            #expect(d?.description == text)
            if let d { #expect(CivilDate(days: d.days) == d) }
        }
        #expect(CivilDate(iso: "2023-02-29") == nil)
        #expect(CivilDate(iso: "2023-13-01") == nil)
        #expect(CivilDate(iso: "2023-1-01") == nil)
        #expect(CivilDate(iso: "1970-01-02")?.days == 1)
    }

    @Test func valueOrderPutsNullLast() {
        var vs: [Value] = [.null, .int(3), .double(1.5), .int(-2)]
        vs.sort { Value.compare($0, $1) < 0 }
        #expect(vs == [.int(-2), .double(1.5), .int(3), .null])
    }

    @Test func numbersFormatWithSeparators() {
        #expect(NumberFormat.grouped(Int64(1234567)) == "1,234,567")
        #expect(NumberFormat.grouped(Int64(-1000)) == "-1,000")
        #expect(NumberFormat.grouped(Int64(999)) == "999")
        #expect(NumberFormat.grouped(1234.5) == "1,234.5")
        #expect(NumberFormat.grouped(-0.25) == "-0.25")
        #expect(NumberFormat.grouped(2023.0) == "2,023")
    }

    @Test func displayWidthCountsWideAndCombiningCharacters() {
        #expect(DisplayWidth.of("Perú") == 4)
        #expect(DisplayWidth.of("São Paulo") == 9)
        #expect(DisplayWidth.of("中国") == 4)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.fit("Guatemala", 5) == "Guat…")
    }
}
