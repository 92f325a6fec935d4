// Sparklines in terminal cells:
//
//   Unit: usd_mn
//             2018      2024
//   Mexico    ▁▂▃▅▆▇█   min 1,000 (2018)  max 9,000 (2024)
//   Haiti     ▃▃ ▅▆▇█   min 10 (2018)     max 90 (2024)      (a blank cell is a missing year)
//   Cuba      n/a
//
// One cell per x position; when they do not fit, neighbouring positions are averaged into
// one cell and a note says so.

extension SparklineChart {
    public func renderTerminal(_ options: TerminalChartOptions) -> String {
        var lines: [String] = []
        if let title = caption.title { lines += ChartText.wrap(title, columns: options.width) }
        let suffix = caption.valueSuffix == "%" ? "%" : ""
        if let unit = caption.unit, suffix.isEmpty { lines.append("Unit: " + unit) }

        if series.isEmpty || x.isEmpty {
            lines.append("(no data)")
        } else {
            lines += sparkLines(options, suffix: suffix)
        }
        if let source = caption.source {
            lines += ChartText.wrap("Source: " + source, columns: options.width)
        }
        return lines.map(ChartText.trimRight).joined(separator: "\n")
    }

    private func sparkLines(_ options: TerminalChartOptions, suffix: String) -> [String] {
        let g = options.glyphs
        let decimals = data.valueDecimals
        let notes = series.map { annotation($0, decimals: decimals, suffix: suffix) }
        let minWidth = notes.map { $0.map { ChartText.width($0.min) } ?? 3 }.max() ?? 0
        let maxWidth = notes.map { $0.map { ChartText.width($0.max) } ?? 0 }.max() ?? 0
        var noteWidth = minWidth + 2 + maxWidth

        let wantedLabel = series.map { ChartText.width($0.name) }.max() ?? 0
        var labelWidth = min(wantedLabel, max(6, options.width / 4))
        let wantedCells = x.count
        func cellsLeft() -> Int { options.width - labelWidth - 1 - (noteWidth > 0 ? 2 + noteWidth : 0) }
        if cellsLeft() < min(wantedCells, 8) { labelWidth = min(wantedLabel, 6) }
        if cellsLeft() < min(wantedCells, 8) { noteWidth = 0 }  // too narrow: lines only, no notes
        let cells = max(1, min(wantedCells, cellsLeft()))

        var lines: [String] = []
        let indent = String(repeating: " ", count: labelWidth + 1)
        let first = data.xLabel(x[0])
        let last = data.xLabel(x[x.count - 1])
        if x.count == 1 {
            lines.append(indent + first)
        } else if ChartText.width(first) + 1 + ChartText.width(last) <= cells {
            lines.append(indent + first + String(repeating: " ", count: cells - ChartText.width(first) - ChartText.width(last)) + last)
        } else {
            lines.append(indent + first + g.dash + last)
        }
        if cells < wantedCells {
            lines.append(indent + "(\(wantedCells) points averaged into \(cells) cells)")
        }

        for (i, s) in series.enumerated() {
            var line = ChartText.padRight(ChartText.fit(s.name, width: labelWidth, ellipsis: g.ellipsis), to: labelWidth) + " "
            guard let note = notes[i], let range = range(of: s) else {
                lines.append(line + "n/a")
                continue
            }
            line += cellsText(s, cells: cells, range: range, glyphs: g)
            if noteWidth > 0 {
                line += "  " + ChartText.padRight(note.min, to: minWidth) + "  " + note.max
            }
            lines.append(line)
        }
        return lines
    }

    /// The cells of one series: a level per cell, a blank for a cell with no value.
    private func cellsText(_ s: ChartSeries, cells: Int, range: (low: Double, high: Double), glyphs g: ChartGlyphs) -> String {
        let n = s.values.count
        var out = ""
        for c in 0..<cells {
            // Positions [start, end) fall in cell c; with as many cells as positions, one each.
            let start = c * n / cells
            let end = max((c + 1) * n / cells, start + 1)
            let present = s.values[start..<end].compactMap { $0 }
            guard !present.isEmpty else { out += " "; continue }
            let v = present.reduce(0) { $0 + $1 / Double(present.count) }  // no overflow
            // A flat series sits mid-height (fraction 0.5).
            out += g.levels[ChartMath.cell(ChartMath.fraction(v, low: range.low, high: range.high) * 7, in: 0...7)]
        }
        return out
    }
}
