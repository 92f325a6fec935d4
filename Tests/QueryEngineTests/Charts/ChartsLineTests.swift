import Testing
@testable import QueryEngine

@Suite("Charts: line chart in the terminal")
struct ChartsLineTests {
    @Test func unicodeGolden() throws {
        let chart = try ChartsFixtures.line()
        ChartsGolden.check(chart.renderTerminal(TerminalChartOptions(width: 72, glyphs: .unicode, height: 12)) + "\n", "line-unicode.txt")
    }

    @Test func asciiGolden() throws {
        let chart = try ChartsFixtures.line()
        ChartsGolden.check(chart.renderTerminal(TerminalChartOptions(width: 72, glyphs: .ascii, height: 12)) + "\n", "line-ascii.txt")
    }

    @Test func risingSeriesGoesUpAndGapStaysEmpty() throws {
        let chart = try LineChart(x: [1, 2, 3, 4, 5], series: [ChartSeries(name: "s", values: [0, 10, nil, 30, 40])])
        let lines = chart.renderTerminal(TerminalChartOptions(width: 30, glyphs: .ascii, height: 5)).split(separator: "\n").map(String.init)
        // Rows: 40, 30, 20, 10, 0 (ticks every 10), then axis, x labels, legend.
        #expect(lines[0].hasPrefix("40 +") && lines[0].hasSuffix("*"))
        #expect(lines[4].hasPrefix(" 0 +*"))
        #expect(lines[2] == "20 +")  // the gap at x = 3 draws nothing at 20
        #expect(lines[5] == "   +" + String(repeating: "-", count: 26))
        #expect(lines.last == "* s")
    }

    @Test("every line fits the width", arguments: [20, 40, 80])
    func fitsWidth(width: Int) throws {
        let out = try ChartsFixtures.line().renderTerminal(TerminalChartOptions(width: width, glyphs: .unicode))
        for line in out.split(separator: "\n") where !line.hasPrefix("Source") && !line.hasPrefix("US exports") {
            #expect(ChartText.width(String(line)) <= width, "\(width): \(line)")
        }
    }

    @Test func allMissingSaysNoData() throws {
        let chart = try LineChart(x: [1, 2], series: [ChartSeries(name: "s", values: [nil, nil])])
        #expect(chart.renderTerminal(TerminalChartOptions()) == "(no data)")
    }
}
