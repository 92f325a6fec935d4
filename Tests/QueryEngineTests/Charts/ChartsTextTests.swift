import Testing
@testable import QueryEngine

@Suite("Charts: text width, numbers, scales, glyph choice")
struct ChartsTextTests {
    @Test func displayWidth() {
        #expect(ChartText.width("Perú") == 4)
        #expect(ChartText.width("Peru\u{301}") == 4)  // combining accent takes no column
        #expect(ChartText.width("São Paulo") == 9)
        #expect(ChartText.width("中国") == 4)
        #expect(ChartText.width("🇲🇽") == 2)
        #expect(ChartText.width("") == 0)
    }

    @Test func fitNeverSplitsAWideCharacter() {
        #expect(ChartText.fit("中国中国", width: 5, ellipsis: "…") == "中国…")
        #expect(ChartText.fit("República Dominicana", width: 10, ellipsis: "…") == "República…")
        #expect(ChartText.fit("Chile", width: 5, ellipsis: "…") == "Chile")
    }

    @Test func groupedNumbers() {
        #expect(ChartNumberFormat.grouped(1_234_567.891, decimals: 2) == "1,234,567.89")
        #expect(ChartNumberFormat.grouped(-152_456, decimals: 0) == "-152,456")
        #expect(ChartNumberFormat.grouped(999.5, decimals: 0) == "1,000")
        #expect(ChartNumberFormat.grouped(-0.001, decimals: 2) == "0.00")  // no "-0.00"
        #expect(ChartNumberFormat.grouped(0.05, decimals: 1) == "0.1")
        #expect(ChartNumberFormat.plain(2018, decimals: 0) == "2018")
        #expect(ChartNumberFormat.coordinate(12.50) == "12.5")
        #expect(ChartNumberFormat.coordinate(40) == "40")
        #expect(ChartNumberFormat.coordinate(-3.254) == "-3.25")
    }

    @Test func decimalsNeeded() {
        #expect(ChartNumberFormat.decimalsNeeded([1, 2, 3]) == 0)
        #expect(ChartNumberFormat.decimalsNeeded([1, 2.5]) == 1)
        #expect(ChartNumberFormat.decimalsNeeded([322_742.3, 0.1]) == 1)
        #expect(ChartNumberFormat.decimalsNeeded([1.23456]) == 2)
    }

    @Test func niceScale() {
        let s = ChartScale(low: 3, high: 97_311, includeZero: true)
        #expect(s.ticks == [0, 20_000, 40_000, 60_000, 80_000, 100_000])
        let neg = ChartScale(low: -152_456, high: 9_120, targetTicks: 6, includeZero: true)
        #expect(neg.lower <= -152_456 && neg.upper >= 9_120 && neg.ticks.contains(0))
        let small = ChartScale(low: 0.12, high: 0.48)
        #expect(small.decimals == 1)
        #expect(small.ticks.map { ChartNumberFormat.grouped($0, decimals: small.decimals) } == ["0.1", "0.2", "0.3", "0.4", "0.5"])
        let flat = ChartScale(low: 5, high: 5)
        #expect(flat.lower < 5 && flat.upper > 5)
    }

    @Test func glyphsFromEnvironment() {
        #expect(ChartGlyphs.preferred(environment: ["LANG": "en_US.UTF-8"]) == .unicode)
        #expect(ChartGlyphs.preferred(environment: ["LANG": "C.utf8"]) == .unicode)
        #expect(ChartGlyphs.preferred(environment: ["LANG": "en_US.UTF-8", "NO_COLOR": ""]) == .ascii)
        #expect(ChartGlyphs.preferred(environment: ["LANG": "en_US.UTF-8", "LC_ALL": "C"]) == .ascii)
        #expect(ChartGlyphs.preferred(environment: ["LANG": "C", "LC_CTYPE": "pt_BR.UTF-8"]) == .unicode)
        #expect(ChartGlyphs.preferred(environment: ["LC_ALL": "", "LANG": "es_MX.UTF-8"]) == .unicode)
        #expect(ChartGlyphs.preferred(environment: [:]) == .ascii)
    }
}
