import Testing
@testable import QueryEngine

@Suite("Charts: bar chart in the terminal")
struct ChartsBarTests {
    @Test func unicodeGolden() throws {
        let chart = try ChartsFixtures.exports()
        ChartsGolden.check(chart.renderTerminal(TerminalChartOptions(width: 72, glyphs: .unicode)) + "\n", "bar-unicode.txt")
    }

    @Test func asciiGolden() throws {
        let chart = try ChartsFixtures.exports()
        ChartsGolden.check(chart.renderTerminal(TerminalChartOptions(width: 72, glyphs: .ascii)) + "\n", "bar-ascii.txt")
    }

    @Test func negativeValuesGolden() throws {
        let chart = try ChartsFixtures.balance()
        ChartsGolden.check(chart.renderTerminal(TerminalChartOptions(width: 72, glyphs: .unicode)) + "\n", "bar-balance-unicode.txt")
        ChartsGolden.check(chart.renderTerminal(TerminalChartOptions(width: 72, glyphs: .ascii)) + "\n", "bar-balance-ascii.txt")
    }

    @Test func missingValueIsNotZero() throws {
        let chart = try BarChart(labels: ["a", "b", "c"], values: [5, nil, 0])
        let lines = chart.renderTerminal(TerminalChartOptions(width: 40, glyphs: .unicode)).split(separator: "\n")
        #expect(lines[1].hasSuffix("│ n/a"))
        #expect(lines[2].hasSuffix("│ 0"))
        #expect(!lines[1].contains("█"))
    }

    @Test func negativeBarsGrowLeftOfTheAxis() throws {
        let chart = try BarChart(labels: ["loss", "gain"], values: [-10, 10])
        let lines = chart.renderTerminal(TerminalChartOptions(width: 40, glyphs: .ascii)).split(separator: "\n").map(String.init)
        let axis0 = try #require(lines[0].firstIndex(of: "|"))
        let axis1 = try #require(lines[1].firstIndex(of: "|"))
        #expect(lines[0].distance(from: lines[0].startIndex, to: axis0) == lines[1].distance(from: lines[1].startIndex, to: axis1))
        // Equal magnitudes draw equal lengths on both sides.
        let left = lines[0][..<axis0].filter { $0 == "#" }.count
        let right = lines[1][axis1...].filter { $0 == "#" }.count
        #expect(left == right && left > 0)
        #expect(lines[0].hasSuffix("| -10"))
    }

    @Test func valuesCarryThousandsSeparatorsAndUnit() throws {
        let out = try ChartsFixtures.exports().renderTerminal(TerminalChartOptions(width: 80))
        #expect(out.contains(" 322,742.4 usd_mn"))
        #expect(out.contains(" 44,013.0 usd_mn"))  // one decimal for all: the column compares
        let pct = try BarChart(labels: ["x"], values: [12.5], caption: ChartCaption(unit: "share_pct"))
        #expect(pct.renderTerminal(TerminalChartOptions(width: 40)).hasSuffix(" 12.5%"))
    }

    @Test("every line fits the width, with accented and wide labels aligned", arguments: [20, 33, 50, 80, 132])
    func fitsWidth(width: Int) throws {
        for chart in [try ChartsFixtures.exports(), try ChartsFixtures.balance()] {
            for glyphs in [ChartGlyphs.unicode, .ascii] {
                let lines = chart.renderTerminal(TerminalChartOptions(width: width, glyphs: glyphs))
                    .split(separator: "\n").map(String.init)
                for line in lines { #expect(ChartText.width(line) <= width, "\(width): \(line)") }
                // The axis is in the same display column on every bar line.
                let axisColumns = Set(lines.compactMap { line -> Int? in
                    guard let i = line.firstIndex(of: glyphs == .unicode ? "│" : "|") else { return nil }
                    return ChartText.width(String(line[..<i]))
                })
                #expect(axisColumns.count == 1, "\(width) \(glyphs): \(axisColumns)")
            }
        }
    }

    @Test func longLabelsAreCutVisibly() throws {
        let chart = try BarChart(labels: [String(repeating: "Saint Vincent and the Grenadines ", count: 2), "x"], values: [1, 2])
        let out = chart.renderTerminal(TerminalChartOptions(width: 40, glyphs: .unicode))
        #expect(out.contains("…"))
        let ascii = chart.renderTerminal(TerminalChartOptions(width: 40, glyphs: .ascii))
        #expect(ascii.contains("..."))
    }

    @Test func emptyChartSaysSo() throws {
        let chart = try BarChart(labels: [], values: [], caption: ChartCaption(title: "Nothing"))
        #expect(chart.renderTerminal(TerminalChartOptions()) == "Nothing\n(no data)")
    }

    @Test func mismatchedLengthsAreAnError() {
        #expect(throws: ChartError.lengthMismatch(chart: "bar chart", field: "values", expected: 2, got: 1)) {
            try BarChart(labels: ["a", "b"], values: [1])
        }
        let message = ChartError.lengthMismatch(chart: "bar chart", field: "values", expected: 2, got: 1).description
        #expect(message == "bar chart: 'values' has 1 values, expected 2 (one per label or x position)")
    }

    @Test func controlCharactersInLabelsDoNotBreakLines() throws {
        let chart = try BarChart(labels: ["two\nlines", "tab\there"], values: [1, 2])
        #expect(chart.renderTerminal(TerminalChartOptions(width: 40)).split(separator: "\n").count == 2)
    }
}
