import Testing
@testable import QueryEngine

@Suite("Charts: from query results")
struct ChartsTableTests {
    static func trade() throws -> Table {
        try Table(schema: [Field("iso3", .string), Field("name", .string), Field("year", .integer), Field("us_exports", .float)],
                  rows: [
                      [.string("MEX"), .string("Mexico"), .int(2022), .double(324.4)],
                      [.string("MEX"), .string("Mexico"), .int(2023), .double(322.7)],
                      [.string("PER"), .string("Perú"), .int(2023), .null],
                      [.string("PER"), .string("Perú"), .int(2021), .double(11.4)],
                  ])
    }

    @Test func barUsesTheLabelColumnOrTheFirstStringColumn() throws {
        let t = try Self.trade()
        let named = try t.barChart(value: "us_exports", label: "name")
        #expect(named.labels == ["Mexico", "Mexico", "Perú", "Perú"])
        #expect(named.values == [324.4, 322.7, nil, 11.4])
        #expect(try t.barChart(value: "year").labels == ["MEX", "MEX", "PER", "PER"])
        let numbersOnly = try Table(schema: [Field("v", .integer)], rows: [[.int(1)], [.int(2)]])
        #expect(try numbersOnly.barChart(value: "v").labels == ["1", "2"])
    }

    @Test func sparklinesPivotByGroup() throws {
        let chart = try Self.trade().sparklines(value: "us_exports", by: "name", x: "year")
        #expect(chart.x == [2021, 2022, 2023])
        #expect(chart.series == [ChartSeries(name: "Mexico", values: [nil, 324.4, 322.7]),
                                 ChartSeries(name: "Perú", values: [11.4, nil, nil])])
    }

    @Test func lineOfSeveralColumns() throws {
        let t = try Table(schema: [Field("year", .integer), Field("exports", .integer), Field("imports", .integer)],
                          rows: [[.int(2021), .int(1), .int(2)], [.int(2020), .int(3), .null]])
        let chart = try t.lineChart(values: ["exports", "imports"], x: "year")
        #expect(chart.x == [2020, 2021])
        #expect(chart.series == [ChartSeries(name: "exports", values: [3, 1]), ChartSeries(name: "imports", values: [nil, 2])])
        #expect(throws: ChartError.duplicate(chart: "line chart", group: "exports", x: "2022", firstRow: 1, secondRow: 2)) {
            try Table(schema: [Field("year", .integer), Field("exports", .integer)], rows: [[.int(2022), .int(1)], [.int(2022), .int(2)]])
                .lineChart(values: ["exports"], x: "year")
        }
    }

    @Test func errorsNameTheColumn() throws {
        let t = try Self.trade()
        let unknown = ChartError.unknownColumn(chart: "bar chart", name: "exports", available: ["iso3", "name", "year", "us_exports"])
        #expect(throws: unknown) { try t.barChart(value: "exports") }
        #expect(unknown.description == "bar chart: no column 'exports'; columns are: iso3, name, year, us_exports")
        let wrong = ChartError.wrongType(chart: "sparklines", column: "name", type: "string", expected: "integer or float")
        #expect(throws: wrong) { try t.sparklines(value: "name", by: "iso3", x: "year") }
        #expect(wrong.description == "sparklines: column 'name' is string, expected integer or float")
    }
}
