// The bar chart drawn in terminal cells:
//
//   Mexico     │████████████████▍ 322,742 usd_mn
//   Haiti      │ n/a
//   Chile  ▐███│ -4,512 usd_mn            (negative values grow left of the axis)
//
// Positive bars end in eighth blocks; bars growing left can only end in a half block (Unicode
// has no right-aligned eighths). A negative bar's value is printed right of the axis, where
// its row is empty.

extension BarChart {
    public func renderTerminal(_ options: TerminalChartOptions) -> String {
        var lines: [String] = []
        if let title = caption.title { lines += ChartText.wrap(title, columns: options.width) }
        if labels.isEmpty {
            lines.append("(no data)")
        } else {
            lines += barLines(options)
        }
        if let source = caption.source {
            lines += ChartText.wrap("Source: " + source, columns: options.width)
        }
        return lines.map(ChartText.trimRight).joined(separator: "\n")
    }

    private func barLines(_ options: TerminalChartOptions) -> [String] {
        let g = options.glyphs
        let d = decimals
        let wantedLabel = labels.map(ChartText.width).max() ?? 0
        let minimumBars = 10
        // Columns: label, space, negative bars, axis, positive bars, space, value.
        func layout(suffix: String) -> (texts: [String], fixed: Int) {
            let texts = values.map { v in v.map { ChartNumberFormat.grouped($0, decimals: d) + suffix } ?? "n/a" }
            return (texts, 3 + (texts.map(ChartText.width).max() ?? 0))
        }
        var unitLine: String?
        var (texts, fixed) = layout(suffix: caption.valueSuffix)
        var labelWidth = min(wantedLabel, max(6, options.width / 3))
        if options.width - fixed - labelWidth < minimumBars, let unit = caption.unit, caption.valueSuffix != "%" {
            // Narrow terminal: the unit moves from every value to one line above the bars.
            (texts, fixed) = layout(suffix: "")
            unitLine = "Unit: " + unit
        }
        if options.width - fixed - labelWidth < minimumBars {
            labelWidth = min(labelWidth, max(6, options.width - fixed - minimumBars))
        }
        if options.width - fixed - labelWidth < 4 {
            labelWidth = min(labelWidth, max(3, options.width - fixed - 4))
        }
        let barCells = max(options.width - fixed - labelWidth, 2)
        let (negMax, posMax) = extent

        // Split the bar cells between the two sides in proportion to the largest magnitudes,
        // then use one scale for both so equal values draw equal lengths.
        var negCells = 0
        if negMax > 0 && posMax > 0 {
            negCells = ChartMath.cell(Double(barCells) * ChartMath.fraction(negMax, low: 0, high: negMax + posMax), in: 0...barCells)
            negCells = min(max(negCells, 1), barCells - 1)
        } else if negMax > 0 {
            negCells = barCells
        }
        let posCells = barCells - negCells
        var perCell = 0.0
        if negCells > 0 { perCell = max(perCell, negMax / Double(negCells)) }
        if posCells > 0 { perCell = max(perCell, posMax / Double(posCells)) }

        var lines: [String] = unitLine.map { [$0] } ?? []
        for (i, label) in labels.enumerated() {
            var line = ChartText.padRight(ChartText.fit(label, width: labelWidth, ellipsis: g.ellipsis), to: labelWidth) + " "
            let v = values[i]
            var negative = ""
            var positive = ""
            if let v, perCell > 0 {
                if v < 0 {
                    let halves = ChartMath.cell(-v / perCell * 2, in: 0...(2 * negCells))
                    negative = (halves % 2 == 1 ? g.rightHalf : "") + String(repeating: g.full, count: halves / 2)
                } else {
                    let eighths = ChartMath.cell(v / perCell * 8, in: 0...(8 * posCells))
                    positive = String(repeating: g.full, count: eighths / 8) + g.eighths[eighths % 8]
                }
            }
            if negCells > 0 { line += ChartText.padLeft(negative, to: negCells) }
            line += g.axis + positive + " " + texts[i]
            lines.append(line)
        }
        return lines
    }
}
