import Testing
@testable import QueryEngine

@Suite struct CSVReaderTests {
    func read(_ text: String, _ options: CSVOptions = CSVOptions()) throws -> Table {
        try CSVReader.read(string: text, name: "t.csv", options: options)
    }

    @Test func infersTypesPerColumn() throws {
        let t = try read("country,year,value,ok,day\nPerú,2023,1.5,true,2023-01-31\nChile,2022,2,FALSE,2022-12-01\n")
        #expect(t.fields == [Field("country", .string), Field("year", .integer), Field("value", .float),
                             Field("ok", .boolean), Field("day", .date)])
        #expect(t.rowCount == 2)
        #expect(t.row(0) == [.string("Perú"), .int(2023), .double(1.5), .bool(true), .date(CivilDate(year: 2023, month: 1, day: 31).days)])
        #expect(t.row(1)[2] == .double(2))
    }

    @Test func quotedFieldsFollowRFC4180() throws {
        let t = try read("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",\"\"\n")
        #expect(t.column("a")?.values == [.string("x, y"), .string("two\nlines")])
        // A quoted empty field is an empty string, not null.
        #expect(t.column("b")?.values == [.string("say \"hi\""), .string("")])
    }

    @Test func handlesCRLFAndBOMAndBlankLines() throws {
        let t = try read("\u{FEFF}id,name\r\n1,a\r\n\r\n2,b\r\n")
        #expect(t.columnNames == ["id", "name"])
        #expect(t.column("id")?.values == [.int(1), .int(2)])
        #expect(t.column("name")?.values == [.string("a"), .string("b")])
    }

    /// In a one-column file every blank line is a null row, the last one too; the line end
    /// after the last record makes no row. The answers are DuckDB 2.0.1's
    /// (`read_csv(f, header = true, columns = {'a': 'VARCHAR'})`), recorded; Python's csv gives
    /// an empty record for each of the same blank lines (DictReader drops them in files of
    /// any width). A null last row is how the CSV writer writes it, so the rule keeps it.
    @Test(arguments: [
        ("a\n1\n\n2\n\n", ["1", nil, "2", nil]),
        ("a\n1\n\n2\n", ["1", nil, "2"]),
        ("a\n1\n2\n\n\n", ["1", "2", nil, nil]),
        ("a\r\n1\r\n\r\n", ["1", nil]),
        ("a\n1\n2", ["1", "2"]),
        ("a\n1\n2\n", ["1", "2"]),
    ] as [(String, [String?])])
    func oneColumnBlankLinesAreNullsAsInDuckDB(_ text: String, _ want: [String?]) throws {
        let t = try read(text, CSVOptions(types: ["a": .string]))
        #expect(t.column("a")?.values == want.map { $0.map { .string($0) } ?? .null })
    }

    @Test func lastLineWithoutNewline() throws {
        let t = try read("a\n1\n2")
        #expect(t.column("a")?.values == [.int(1), .int(2)])
    }

    @Test func nullMarkersAreConfigurable() throws {
        // By default only the empty field is null: "NA" (Namibia) and "null" are text.
        let t = try read("a,b\n1,NA\n,x\nnull,\n")
        #expect(t.column("a")?.values == [.string("1"), .null, .string("null")])
        #expect(t.column("b")?.values == [.string("NA"), .string("x"), .null])
        let markers = try read("a,b\n1,NA\n,x\nnull,\n", CSVOptions(nullMarkers: ["", "NA", "null"]))
        #expect(markers.column("a")?.values == [.int(1), .null, .null])
        #expect(markers.column("b")?.values == [.null, .string("x"), .null])
        let custom = try read("a,b\n-,NA\n2,-\n", CSVOptions(nullMarkers: ["-"]))
        #expect(custom.column("a")?.values == [.null, .int(2)])
        #expect(custom.column("b")?.values == [.string("NA"), .null])
    }

    @Test func otherDelimitersAndNoHeader() throws {
        let t = try read("1;x\n2;y\n", CSVOptions(delimiter: UInt8(ascii: ";"), header: false))
        #expect(t.columnNames == ["column_1", "column_2"])
        #expect(t.rowCount == 2)
        let tsv = try read("a\tb\n1\t2\n", .tsv)
        #expect(tsv.row(0) == [.int(1), .int(2)])
    }

    @Test func integersWidenToFloatAndMixedBecomeString() throws {
        let t = try read("a,b,c\n1,1,2023-01-01\n2.5,x,true\n99999999999999999999,3,\n")
        #expect(t.fields.map(\.type) == [.float, .string, .string])
        #expect(t.column("a")?.values == [.double(1), .double(2.5), .double(1e20)])
        #expect(t.column("b")?.values == [.string("1"), .string("x"), .string("3")])
    }

    @Test func typeOverrideKeepsCodesAsStrings() throws {
        let t = try read("iso,code\nPER,007\n", CSVOptions(types: ["code": .string]))
        #expect(t.column("code")?.values == [.string("007")])
    }

    @Test func duplicateAndEmptyHeaderNamesAreNumbered() throws {
        let t = try read("a,a,\n1,2,3\n")
        #expect(t.columnNames == ["a", "a_2", "column_3"])
    }

    @Test func emptyInputIsAnEmptyTable() throws {
        #expect(try read("").rowCount == 0)
        let headerOnly = try read("a,b\n")
        #expect(headerOnly.columnNames == ["a", "b"])
        #expect(headerOnly.rowCount == 0)
    }

    @Test func numbersParseExactly() throws {
        let t = try read("x\n0.1\n-2.5e3\n.5\n1e-7\n123456789.123456789\n")
        #expect(t.column("x")?.values == [.double(0.1), .double(-2500), .double(0.5), .double(1e-7), .double(123456789.123456789)])
    }

    @Test func errorsNameFileLineAndColumn() {
        let messages = [
            EngineGolden.errorMessage { _ = try read("a,b\n1,2\n3\n") },
            EngineGolden.errorMessage { _ = try read("a,b\n1,\"open\n2,3\n") },
            EngineGolden.errorMessage { _ = try read("a,b\n1,\"x\"y\n") },
            EngineGolden.errorMessage { _ = try read("year,b\n2023,x\n20x3,y\n", CSVOptions(types: ["year": .integer])) },
            EngineGolden.errorMessage { _ = try read("a\n1\n", CSVOptions(types: ["nope": .integer])) },
            EngineGolden.errorMessage { _ = try CSVReader.read(path: "/nonexistent/trade.csv") },
        ]
        EngineGolden.check(messages.joined(separator: "\n") + "\n", "csv-errors.txt")
    }

    @Test func readsAFileFromDisk() throws {
        let path = "/tmp/hemi-engine-test-\(UInt32.random(in: 0...UInt32.max)).csv"
        try FileIO.writeAtomically(Array("x,y\n1,é\n".utf8), to: path)
        defer { _ = path.withCString { unlinkPath($0) } }
        let t = try CSVReader.read(path: path)
        #expect(t.row(0) == [.int(1), .string("é")])
    }
}

#if canImport(Glibc)
import Glibc
func unlinkPath(_ p: UnsafePointer<CChar>) -> Int32 { unlink(p) }
#endif
