import Testing
@testable import QueryEngine

@Suite("Charts: sparklines in the terminal")
struct ChartsSparklineTests {
    @Test func unicodeGolden() throws {
        let chart = try ChartsFixtures.sparklines()
        ChartsGolden.check(chart.renderTerminal(TerminalChartOptions(width: 80, glyphs: .unicode)) + "\n", "sparklines-unicode.txt")
    }

    @Test func asciiGolden() throws {
        let chart = try ChartsFixtures.sparklines()
        ChartsGolden.check(chart.renderTerminal(TerminalChartOptions(width: 80, glyphs: .ascii)) + "\n", "sparklines-ascii.txt")
    }

    @Test func missingYearsAreGapsAndMinMaxAreNamed() throws {
        let chart = try SparklineChart(x: [2020, 2021, 2022, 2023], series: [ChartSeries(name: "Perú", values: [1, nil, 3, 2])])
        let lines = chart.renderTerminal(TerminalChartOptions(width: 60, glyphs: .unicode)).split(separator: "\n").map(String.init)
        #expect(lines[0] == "     2020–2023")  // x range above the cells (too few to spread out)
        #expect(lines[1] == "Perú ▁ █▅  min 1 (2020)  max 3 (2022)")
    }

    @Test func seriesWithoutValuesIsNotAvailable() throws {
        let out = try ChartsFixtures.sparklines().renderTerminal(TerminalChartOptions(width: 80))
        #expect(out.contains("Venezuela n/a"))
    }

    @Test func rowsComeInXOrderWhateverTheInputOrder() throws {
        let a = try SparklineChart(x: [2022, 2020, 2021], series: [ChartSeries(name: "a", values: [3, 1, 2])])
        let b = try SparklineChart(x: [2020, 2021, 2022], series: [ChartSeries(name: "a", values: [1, 2, 3])])
        #expect(a.renderTerminal(TerminalChartOptions()) == b.renderTerminal(TerminalChartOptions()))
    }

    @Test func tooManyPointsAreAveragedVisibly() throws {
        let x = (0..<200).map { Double(1825 + $0) }
        let chart = try SparklineChart(x: x, series: [ChartSeries(name: "long", values: x.map { $0 - 1825 })])
        let out = chart.renderTerminal(TerminalChartOptions(width: 60, glyphs: .unicode))
        #expect(out.contains("(200 points averaged into"))
        for line in out.split(separator: "\n") { #expect(ChartText.width(String(line)) <= 60) }
    }

    @Test("every line fits the width", arguments: [20, 40, 64, 100])
    func fitsWidth(width: Int) throws {
        for glyphs in [ChartGlyphs.unicode, .ascii] {
            let out = try ChartsFixtures.sparklines().renderTerminal(TerminalChartOptions(width: width, glyphs: glyphs))
            for line in out.split(separator: "\n") where !line.hasPrefix("Source") && !line.hasPrefix("US exports") {
                #expect(ChartText.width(String(line)) <= width, "\(width): \(line)")
            }
        }
    }

    @Test func mismatchedSeriesIsAnError() {
        #expect(throws: ChartError.lengthMismatch(chart: "sparklines", field: "values of 'a'", expected: 3, got: 2)) {
            try SparklineChart(x: [1, 2, 3], series: [ChartSeries(name: "a", values: [1, 2])])
        }
        #expect(throws: ChartError.invalidValue(chart: "sparklines", field: "x", index: 1, expected: "a finite number")) {
            try SparklineChart(x: [1, .nan], series: [])
        }
    }
}
