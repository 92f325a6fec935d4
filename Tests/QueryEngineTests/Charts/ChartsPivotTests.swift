import Testing
@testable import QueryEngine

@Suite("Charts: long rows to series")
struct ChartsPivotTests {
    @Test func groupsInFirstAppearanceOrderAndGapsForMissingYears() throws {
        let p = try ChartPivot.series(chart: "sparklines",
                                      groups: ["MEX", "BRA", "MEX", "BRA", "MEX", nil],
                                      x: [2021, 2020, 2020, 2022, 2022, 2020],
                                      values: [2, 10, 1, 30, 3, 7])
        #expect(p.x == [2020, 2021, 2022])
        #expect(p.series == [ChartSeries(name: "MEX", values: [1, 2, 3]),
                             ChartSeries(name: "BRA", values: [10, nil, 30]),
                             ChartSeries(name: "n/a", values: [7, nil, nil])])
    }

    @Test func duplicateRowsAreAnError() {
        let error = ChartError.duplicate(chart: "line chart", group: "MEX", x: "2020", firstRow: 1, secondRow: 3)
        #expect(throws: error) {
            try LineChart(groups: ["MEX", "BRA", "MEX"], x: [2020, 2020, 2020], values: [1, 2, 3])
        }
        #expect(error.description == "line chart: rows 1 and 3 both give a value for 'MEX' at 2020; aggregate them first (e.g. group and sum)")
    }

    @Test func missingXIsAnErrorNamingTheRow() {
        #expect(throws: ChartError.invalidValue(chart: "sparklines", field: "x", index: 1, expected: "a number (the x column has a missing value)")) {
            try SparklineChart(groups: ["a", "b"], x: [2020, nil], values: [1, 2])
        }
        #expect(ChartError.invalidValue(chart: "sparklines", field: "x", index: 1, expected: "a number").description
                == "sparklines: x[2] is not valid, expected a number")
    }
}
