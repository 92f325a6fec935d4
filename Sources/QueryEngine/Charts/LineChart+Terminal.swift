// The line chart in terminal cells, drawn the way gnuplot's "dumb" terminal does: each series
// traced with its own mark, consecutive cells joined vertically so a steep change stays one
// line, a legend below. Later series are drawn over earlier ones where they cross.
//
//   Unit: usd_mn
//   600,000 ┤          ●●●
//   400,000 ┤     ●●●●●
//   200,000 ┤●●●●●
//           └──────────────
//            2018   2021  2024
//   ● Mexico  ■ Brazil

extension LineChart {
    public func renderTerminal(_ options: TerminalChartOptions) -> String {
        var lines: [String] = []
        if let title = caption.title { lines += ChartText.wrap(title, columns: options.width) }
        if let unit = caption.unit { lines.append("Unit: " + unit) }
        if series.allSatisfy({ $0.values.allSatisfy { $0 == nil } }) {
            lines.append("(no data)")
        } else {
            lines += plotLines(options)
        }
        if let source = caption.source {
            lines += ChartText.wrap("Source: " + source, columns: options.width)
        }
        return lines.map(ChartText.trimRight).joined(separator: "\n")
    }

    private func plotLines(_ options: TerminalChartOptions) -> [String] {
        let g = options.glyphs
        let scale = yScale
        let tickLabels = scale.ticks.map { ChartNumberFormat.grouped($0, decimals: scale.decimals) }
        let labelWidth = tickLabels.map(ChartText.width).max() ?? 0
        let columns = max(options.width - labelWidth - 2, 4)
        // Rows chosen so every tick falls on a row the same distance from the next: evenly
        // spaced labels, at the cost of a row or two more or less than asked for.
        let intervals = max(scale.ticks.count - 1, 1)
        let rows = intervals * max(Int((Double(options.height - 1) / Double(intervals)).rounded()), 1) + 1
        guard let x0 = x.first, let x1 = x.last else { return [] }

        func col(_ v: Double) -> Int {
            x1 > x0 ? ChartMath.cell(ChartMath.fraction(v, low: x0, high: x1) * Double(columns - 1), in: 0...(columns - 1)) : columns / 2
        }
        func row(_ v: Double) -> Int {
            ChartMath.cell((1 - scale.fraction(v)) * Double(rows - 1), in: 0...(rows - 1))
        }

        var grid = Array(repeating: Array(repeating: " ", count: columns), count: rows)
        func put(_ r: Int, _ c: Int, _ mark: String) {
            if r >= 0 && r < rows && c >= 0 && c < columns { grid[r][c] = mark }
        }
        // Event marks first, so the lines are drawn over them where they cross.
        for m in visibleMarks {
            for r in 0..<rows { put(r, col(m.x), g.markLine) }
        }
        for (k, s) in series.enumerated() {
            let mark = g.markers[k % g.markers.count]
            for run in runs(s) {
                if run.count == 1 { put(row(run[0].y), col(run[0].x), mark); continue }
                var previousRow: Int?
                for (a, b) in zip(run, run.dropFirst()) {
                    let c0 = col(a.x), c1 = col(b.x)
                    for c in c0...max(c0, c1) {
                        let t = c1 > c0 ? Double(c - c0) / Double(c1 - c0) : 0
                        let r = row(a.y + (b.y - a.y) * t)
                        // Fill the rows between this cell and the previous one: one line.
                        if let p = previousRow, abs(r - p) > 1 {
                            let step = r > p ? 1 : -1
                            var fill = p + step
                            while fill != r { put(fill, c, mark); fill += step }
                        }
                        put(r, c, mark)
                        previousRow = r
                    }
                    if c1 == c0 { put(row(b.y), c1, mark); previousRow = row(b.y) }
                }
            }
        }

        // A tick label goes on the row its value falls on.
        var labelForRow: [Int: String] = [:]
        for (tick, label) in zip(scale.ticks, tickLabels) { labelForRow[row(tick)] = label }
        var out: [String] = []
        for r in 0..<rows {
            let label = labelForRow[r]
            out.append(ChartText.padLeft(label ?? "", to: labelWidth) + " " + (label == nil ? g.axis : g.tick) + grid[r].joined())
        }
        out.append(String(repeating: " ", count: labelWidth + 1) + g.corner + String(repeating: g.horizontal, count: columns))
        out.append(String(repeating: " ", count: labelWidth + 2) + xLabelLine(columns: columns, col: col))

        var legend: [String] = []
        var current = ""
        for (k, s) in series.enumerated() {
            let item = g.markers[k % g.markers.count] + " " + ChartText.fit(s.name, width: max(options.width - 2, 1), ellipsis: g.ellipsis)
            let candidate = current.isEmpty ? item : current + "  " + item
            if ChartText.width(candidate) > options.width && !current.isEmpty {
                legend.append(current)
                current = item
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { legend.append(current) }
        current = ""
        for m in visibleMarks {
            let item = g.markLine + " " + m.label
            let candidate = current.isEmpty ? item : current + "  " + item
            if ChartText.width(candidate) > options.width && !current.isEmpty {
                legend.append(current)
                current = item
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { legend.append(current) }
        return out + legend
    }

    /// X labels centred under their columns; the first and last always, others where they do
    /// not touch a neighbour.
    private func xLabelLine(columns: Int, col: (Double) -> Int) -> String {
        var cells = Array(repeating: " ", count: columns)
        var taken = Array(repeating: false, count: columns)
        let candidates = xTicks()
        guard !candidates.isEmpty else { return "" }
        var order: [Int] = candidates.count > 1 ? [candidates.count - 1, 0] : [0]
        if candidates.count > 2 { order += Array(1..<(candidates.count - 1)) }
        for i in order {
            let label = Array(candidates[i].label)
            let start = min(max(col(candidates[i].x) - label.count / 2, 0), max(columns - label.count, 0))
            let end = min(start + label.count, columns)
            // One free cell either side keeps labels apart.
            let lo = max(start - 1, 0), hi = min(end + 1, columns)
            if taken[lo..<hi].contains(true) { continue }
            for (k, ch) in label.enumerated() where start + k < columns {
                cells[start + k] = String(ch)
                taken[start + k] = true
            }
        }
        return cells.joined()
    }
}
