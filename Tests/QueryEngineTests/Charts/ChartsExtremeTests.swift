import Testing
@testable import QueryEngine

/// Charts must draw whatever finite numbers they are given: no trap on overflow, no NaN in
/// an SVG coordinate, every terminal line within the width.
@Suite("Charts: extreme values")
struct ChartsExtremeTests {
    static let cases: [[Double?]] = [
        [1e308, -1e308, 0],
        [Double.greatestFiniteMagnitude, 1],
        [-Double.greatestFiniteMagnitude, -1],
        [Double.leastNonzeroMagnitude, 0, -Double.leastNonzeroMagnitude],
        [1e-12, 2e-12],
        [7, 7, 7],
        [nil, nil],
        [0],
    ]

    @Test(arguments: cases)
    func everyKindDraws(values: [Double?]) throws {
        let labels = values.indices.map { "row \($0)" }
        let x = values.indices.map { Double(2000 + $0) }
        let charts: [any Chart] = [
            try BarChart(labels: labels, values: values),
            try SparklineChart(x: x, series: [ChartSeries(name: "s", values: values)]),
            try LineChart(x: x, series: [ChartSeries(name: "s", values: values)]),
            try LineChart(x: x.map { $0 * 1e300 }, series: [ChartSeries(name: "s", values: values)]),
        ]
        for chart in charts {
            for glyphs in [ChartGlyphs.unicode, .ascii] {
                let text = chart.renderTerminal(TerminalChartOptions(width: 60, glyphs: glyphs, height: 8))
                for line in text.split(separator: "\n") { #expect(ChartText.width(String(line)) <= 60, "\(line)") }
            }
            let svg = chart.renderSVG()
            #expect(!svg.contains("nan") && !svg.contains("inf"), "\(type(of: chart)) \(values)")
        }
    }
}
