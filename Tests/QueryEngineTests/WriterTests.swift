import Foundation
import Testing
@testable import QueryEngine

/// Golden files for the IO tests, in Golden/io/. Same rules as EngineGolden: a missing file
/// is recorded and the test fails; HEMI_RECORD_GOLDEN=1 rewrites the compared files.
enum IOGolden {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("Golden/io")

    static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        GoldenFile.check(actual, name, in: directory, sourceLocation: sourceLocation)
    }
}

/// Tables with the values exports get wrong: quotes, delimiters, line breaks, accents and
/// wide characters, nulls everywhere, extreme integers, non-finite floats.
enum WriterFixtures {
    static func day(_ iso: String) -> Value { .date(CivilDate(iso: iso)!.days) }

    static let schema = [Field("name", .string), Field("year", .integer), Field("value", .float),
                         Field("ok", .boolean), Field("day", .date)]

    /// Every value here survives a CSV and a JSON round trip.
    static let roundTripRows: [[Value]] = [
        [.string("Perú"), .int(2023), .double(1.5), .bool(true), day("2023-01-31")],
        [.string("São Paulo, \"SP\""), .int(-42), .double(-0.25), .bool(false), day("1999-12-31")],
        [.string("中国"), .int(Int64.max), .double(1e20), .null, .null],
        [.string("two\nlines"), .null, .double(2), .bool(true), day("2024-02-29")],
        [.string(" padded "), .int(Int64.min), .null, .bool(false), day("1970-01-01")],
        [.string(""), .int(0), .double(0.1), .null, day("2000-01-01")],
        [.null, .int(7), .double(123456.789), .bool(true), .null],
        [.string("a|b\tc\\d"), .int(1), .double(-1e-7), .null, day("1900-03-01")],
        [.string("NA"), .int(-1), .double(.leastNonzeroMagnitude), .bool(false), day("2023-12-25")],
        [.string("crlf\r\nend"), .int(12), .double(-3), .null, day("2023-06-15")],
    ]

    static var roundTrip: Table { try! Table(schema: schema, rows: roundTripRows) }

    /// The round-trip rows plus values a format must spell specially (NaN, infinities).
    static var tricky: Table {
        try! Table(schema: schema, rows: roundTripRows + [
            [.string("nan"), .int(3), .double(.nan), .null, .null],
            [.string("inf"), .int(4), .double(.infinity), .null, .null],
            [.string("-inf"), .int(5), .double(-.infinity), .null, .null],
        ])
    }
}

@Suite struct WriterTests {
    @Test(arguments: OutputFormat.allCases)
    func trickyValuesMatchGolden(_ format: OutputFormat) {
        let ext = format == .markdown ? "md" : format.rawValue
        IOGolden.check(TableWriter.string(WriterFixtures.tricky, format: format), "tricky.\(ext)")
    }

    @Test func formatNames() {
        #expect(OutputFormat(name: "md") == .markdown)
        #expect(OutputFormat(name: "Markdown") == .markdown)
        #expect(OutputFormat(name: "CSV") == .csv)
        #expect(OutputFormat(name: "ndjson") == .jsonl)
        #expect(OutputFormat(name: "xlsx") == nil)
        #expect(OutputFormat(path: "out/trade.md") == .markdown)
        #expect(OutputFormat(path: "trade.jsonl") == .jsonl)
        #expect(OutputFormat(path: "dir.v2/trade") == nil)
        #expect(OutputFormat(path: "trade.parquet") == nil)
    }

    @Test func csvQuotesOnlyWhatNeedsIt() throws {
        let t = try Table(schema: [Field("s", .string), Field("n", .integer)], rows: [
            [.string("plain"), .int(1)], [.string("a,b"), .null], [.string("say \"hi\""), .int(2)],
            [.string("null"), .int(3)], [.string("trailing "), .int(4)], [.string(""), .int(5)], [.null, .int(6)],
        ])
        #expect(t.formatted(.csv) == "s,n\nplain,1\n\"a,b\",\n\"say \"\"hi\"\"\",2\n\"null\",3\n\"trailing \",4\n\"\",5\n,6\n")
    }

    @Test func tsvEscapesTabsNewlinesAndBackslashes() throws {
        let t = try Table(schema: [Field("a b", .string), Field("n", .float)], rows: [
            [.string("x\ty"), .double(1.5)], [.string("l1\nl2\r"), .null], [.string("c:\\dir"), .double(-2)],
        ])
        #expect(t.formatted(.tsv) == "a b\tn\nx\\ty\t1.5\nl1\\nl2\\r\t\nc:\\\\dir\t-2\n")
    }

    @Test func jsonSpellsEveryTypeAndEscapesControlCharacters() throws {
        let t = try Table(schema: [Field("s", .string), Field("f", .float), Field("d", .date), Field("b", .boolean)], rows: [
            [.string("q\"\\\u{01}\u{1F}\u{08}\u{0C}é"), .double(2023), WriterFixtures.day("2023-01-31"), .bool(false)],
            [.null, .double(.nan), .null, .null],
        ])
        #expect(t.formatted(.jsonl) == """
            {"s": "q\\"\\\\\\u0001\\u001f\\b\\fé", "f": 2023.0, "d": "2023-01-31", "b": false}
            {"s": null, "f": null, "d": null, "b": null}

            """)
    }

    @Test func emptyTables() throws {
        let noRows = try Table(schema: [Field("a", .integer), Field("b", .string)], rows: [])
        #expect(noRows.formatted(.csv) == "a,b\n")
        #expect(noRows.formatted(.tsv) == "a\tb\n")
        #expect(noRows.formatted(.json) == "[]\n")
        #expect(noRows.formatted(.jsonl) == "")
        #expect(noRows.formatted(.markdown) == "|   a | b   |\n| --: | --- |\n")
        for format in OutputFormat.allCases where format != .json {
            #expect(Table.empty.formatted(format) == "")
        }
    }

    @Test func wholeTablesAreNeverElided() throws {
        let n = 5_000
        let t = try Table(schema: [Field("i", .integer)], rows: (0..<n).map { [.int(Int64($0))] })
        for format in OutputFormat.allCases {
            let text = t.formatted(format)
            #expect(text.contains("\(n - 1)"), "\(format) lost the last row")
            #expect(!text.contains("…"), "\(format) elided something")
        }
        #expect(t.formatted(.csv).split(separator: "\n").count == n + 1)
        #expect(t.formatted(.markdown).split(separator: "\n").count == n + 2)
    }

    // MARK: round trips

    @Test func csvRoundTripsThroughTheReader() throws {
        let t = WriterFixtures.roundTrip
        let back = try CSVReader.read(string: t.formatted(.csv), name: "round.csv")
        #expect(back.fields == t.fields)
        #expect(back.rows == t.rows)
    }

    @Test func csvOneColumnNullRowSurvives() throws {
        let t = try Table(schema: [Field("x", .integer)], rows: [[.int(1)], [.null], [.int(3)]])
        #expect(t.formatted(.csv) == "x\n1\n\n3\n")
        let back = try CSVReader.read(string: t.formatted(.csv))
        #expect(back.rows == t.rows)
        // A null last row too: in a one-column file every blank line is a row (RFC 4180).
        let last = try Table(schema: [Field("x", .integer)], rows: [[.int(1)], [.null]])
        #expect(try CSVReader.read(string: last.formatted(.csv)).rows == last.rows)
        // Wider files skip blank lines.
        #expect(try CSVReader.read(string: "x,y\n1,2\n\n\n").rows == [[.int(1), .int(2)]])
    }

    // MARK: files

    @Test func writesAFileWholeAndReadsItBack() throws {
        let dir = try TempDir()
        let path = dir.path + "/trade.csv"
        try TableWriter.write(WriterFixtures.roundTrip, format: .csv, to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == WriterFixtures.roundTrip.formatted(.csv))
        #expect(try CSVReader.read(path: path).rows == WriterFixtures.roundTrip.rows)
        #expect(try dir.entries() == ["trade.csv"])
    }

    @Test func missingDirectoryFailsNamingThePathAndLeavesNothing() throws {
        let dir = try TempDir()
        let path = dir.path + "/missing/out.json"
        let message = IOErrors.message { try TableWriter.write(WriterFixtures.roundTrip, format: .json, to: path) }
        #expect(message.hasPrefix(path + ": "), "\(message)")
        #expect(message.contains("No such file or directory"), "\(message)")
        #expect(try dir.entries() == [])
    }

    @Test func overwriteReplacesTheFileByRename() throws {
        let dir = try TempDir()
        let path = dir.path + "/out.md"
        try "old contents\n".write(toFile: path, atomically: false, encoding: .utf8)
        // A second name for the old file: writing in place would change it too; a rename
        // leaves it holding the old bytes.
        try FileManager.default.linkItem(atPath: path, toPath: dir.path + "/old-link")
        try TableWriter.write(WriterFixtures.roundTrip, format: .markdown, to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == WriterFixtures.roundTrip.formatted(.markdown))
        #expect(try String(contentsOfFile: dir.path + "/old-link", encoding: .utf8) == "old contents\n")
        #expect(try dir.entries() == ["old-link", "out.md"])
    }

    @Test func failedReplaceLeavesTheTargetAndNoTemporaryFile() throws {
        let dir = try TempDir()
        let path = dir.path + "/taken"
        try FileManager.default.createDirectory(atPath: path + "/inside", withIntermediateDirectories: true)
        let message = IOErrors.message { try WriterFixtures.roundTrip.write(.csv, to: path) }
        #expect(message.hasPrefix(path + ": "), "\(message)")
        #expect(try dir.entries() == ["taken"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: path) == ["inside"])
    }
}

enum IOErrors {
    /// The message of the EngineError `body` throws, or a test failure if it throws none.
    static func message(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> String {
        do {
            try body()
        } catch let error as EngineError {
            return error.message
        } catch {
            Issue.record("expected an EngineError, got \(error)", sourceLocation: sourceLocation)
            return ""
        }
        Issue.record("expected an error, none was thrown", sourceLocation: sourceLocation)
        return ""
    }
}

/// A fresh directory under /tmp, removed when the value goes away.
final class TempDir {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "hemi-io-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func entries() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// SplitMix64: a tiny seeded generator, so a failing case can be replayed from its seed.
struct SeededRandom: RandomNumberGenerator {
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

@Suite struct RandomRoundTripTests {
    static let pieces = ["a", "Z", " ", ",", "\"", "\n", "\r", "\r\n", "\t", "|", "\\", "é", "中", "😀",
                         "N", "A", "null", "0", "1", "-", ".", "e", "{", "}", ":", "[", "\u{01}", "\u{1F}", "/"]

    /// A table whose row 0 pins every column's type (a word, a fraction), so the reader
    /// infers the written types; the other rows are random and a fifth of them null.
    static func table(_ rng: inout SeededRandom) -> Table {
        let rows = Int.random(in: 1...30, using: &rng)
        let firstDay = CivilDate(year: 1, month: 1, day: 1).days, lastDay = CivilDate(year: 9999, month: 12, day: 31).days
        var out: [[Value]] = [[.string("x"), .int(0), .double(0.5), .bool(true), .date(0)]]
        for _ in 1..<rows {
            func maybe(_ v: Value) -> Value { Int.random(in: 0..<5, using: &rng) == 0 ? .null : v }
            var s = ""
            for _ in 0..<Int.random(in: 0...6, using: &rng) { s += pieces.randomElement(using: &rng)! }
            let i: Int64 = Bool.random(using: &rng) ? Int64.random(in: .min ... .max, using: &rng) : Int64.random(in: -100...100, using: &rng)
            var d = Double(bitPattern: rng.next())
            if !d.isFinite { d = Double.random(in: -1e6...1e6, using: &rng) }
            out.append([maybe(.string(s)), maybe(.int(i)), maybe(.double(d)), maybe(.bool(Bool.random(using: &rng))),
                        maybe(.date(Int32.random(in: firstDay...lastDay, using: &rng)))])
        }
        return try! Table(schema: WriterFixtures.schema, rows: out)
    }

    @Test func randomTablesSurviveCSVAndJSON() throws {
        for seed in UInt64(1)...300 {
            var rng = SeededRandom(seed: seed)
            let t = Self.table(&rng)
            let csv = try CSVReader.read(string: t.formatted(.csv), name: "seed-\(seed).csv")
            #expect(csv.fields == t.fields && csv.rows == t.rows, "CSV, seed \(seed):\n\(t.formatted(.csv))")
            for format in [OutputFormat.json, .jsonl] {
                let json = try JSONReader.read(string: t.formatted(format), name: "seed-\(seed).\(format)")
                #expect(json.fields == t.fields && json.rows == t.rows, "\(format), seed \(seed):\n\(t.formatted(format))")
            }
        }
    }
}
