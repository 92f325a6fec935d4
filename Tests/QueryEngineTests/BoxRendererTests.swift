import Testing
@testable import QueryEngine

@Suite struct BoxRendererTests {
    static let countries = try! Table(
        schema: [Field("country", .string), Field("capital", .string), Field("exports_usd_mn", .float),
                 Field("year", .integer), Field("member", .boolean)],
        rows: [
            [.string("Perú"), .string("Lima"), .double(17_352.25), .int(2023), .bool(true)],
            [.string("Brasil"), .string("São Paulo"), .double(-3.5), .int(2022), .null],
            [.string("中国"), .null, .null, .int(1_000_000), .bool(false)],
        ])

    @Test func smallTable() {
        EngineGolden.check(BoxRenderer.render(Self.countries), "box-small.txt")
    }

    @Test func longTableShowsFirstAndLastRowsAndCounts() throws {
        let n = 1000
        let t = try Table(fields: ["i", "name"], columns: [
            Column(.int((0..<n).map { Int64($0) * 1000 })),
            Column(type: .string, values: (0..<n).map { .string("row \($0)") }),
        ])
        let out = BoxRenderer.render(t)
        #expect(out.hasSuffix("1,000 rows (20 shown)\n"))
        EngineGolden.check(out, "box-long.txt")
    }

    @Test func wideTableDropsMiddleColumnsVisibly() throws {
        let names = (1...30).map { "column_number_\($0)" }
        let t = try Table(fields: names, columns: names.map { _ in Column(.int([1, 22, 333])) })
        let out = BoxRenderer.render(t, options: BoxOptions(maxWidth: 80))
        for line in out.split(separator: "\n") { #expect(DisplayWidth.of(String(line)) <= 80) }
        #expect(out.contains("30 columns (4 shown)"))
        EngineGolden.check(out, "box-wide.txt")
    }

    /// `show(n)` shows n rows at most: none is the header and the count, one is the first row
    /// (both once showed two). The HTML table counts the same way.
    @Test func zeroAndOneRowsShowWhatTheySay() throws {
        let t = try Table(schema: [Field("n", .integer)], rows: (1...5).map { [.int(Int64($0))] })
        #expect(BoxRenderer.render(t, options: BoxOptions(maxRows: 0)) == "┌─────────┐\n│    n    │\n│ integer │\n├─────────┤\n│    …    │\n└─────────┘\n5 rows (0 shown)\n")
        #expect(BoxRenderer.render(t, options: BoxOptions(maxRows: 1)) == "┌─────────┐\n│    n    │\n│ integer │\n├─────────┤\n│       1 │\n│    …    │\n└─────────┘\n5 rows (1 shown)\n")
        let one = try Table(schema: [Field("n", .integer)], rows: [[.int(7)]])
        #expect(BoxRenderer.render(one, options: BoxOptions(maxRows: 0)).hasSuffix("\n1 row (0 shown)\n"))
        #expect(HTMLRenderer.render(t, maxRows: 1).contains("5 rows (1 shown)"))
        #expect(HTMLRenderer.render(t, maxRows: 0).contains("5 rows (0 shown)"))
    }

    @Test func emptyTableSaysZeroRows() throws {
        let t = try Table(schema: [Field("a", .integer)], rows: [])
        EngineGolden.check(BoxRenderer.render(t), "box-empty.txt")
    }

    @Test func longCellsAreCutWithAnEllipsis() throws {
        let t = try Table(schema: [Field("note", .string)], rows: [[.string(String(repeating: "abc ", count: 20) + "\nend")]])
        let out = BoxRenderer.render(t, options: BoxOptions(maxColumnWidth: 12))
        #expect(out.contains("│ abc abc abc… │"))
    }
}

/// Float columns line up on the decimal point, in the box and in markdown's source (issue #13).
@Suite struct DecimalPointTests {
    static let table = try! Table(
        schema: [Field("x", .float)],
        rows: [[.double(1.5)], [.double(12.25)], [.double(100)], [.null], [.double(-3.125)], [.double(1234.5)]])

    /// The column of each cell's "." among the lines holding one, and the right edge of those
    /// without ("100", "NULL").
    static func points(_ text: String) -> (dots: Set<Int>, lines: [String]) {
        let lines = text.split(separator: "\n").map(String.init).filter { $0.contains(".") || $0.contains("100") }
        return (Set(lines.compactMap { l in l.firstIndex(of: ".").map { l.distance(from: l.startIndex, to: $0) } }), lines)
    }

    @Test func boxCellsLineUpOnThePoint() {
        let out = BoxRenderer.render(Self.table)
        let (dots, lines) = Self.points(out)
        #expect(dots.count == 1, "one column for every decimal point:\n\(out)")
        #expect(lines.contains("│   100     │"), "a whole number stands where its point would be:\n\(out)")
        #expect(out.contains("│      NULL │") && out.contains("│ 1,234.5   │"), "\(out)")
    }

    @Test func anExponentFormKeepsToTheRightEdge() throws {
        let t = try Table(schema: [Field("x", .float)], rows: [[.double(1.5)], [.double(1e-9)], [.double(.infinity)]])
        let out = BoxRenderer.render(t)
        #expect(out.contains("│   1.5 │") && out.contains("│ 1e-09 │"), "\(out)")
    }

    @Test func markdownSourceLinesUpOnThePoint() {
        let out = TableWriter.string(Self.table, format: .markdown)
        let (dots, lines) = Self.points(out)
        #expect(dots.count == 1, "one column for every decimal point:\n\(out)")
        #expect(lines.contains("|  100     |"), "\(out)")
    }
}
