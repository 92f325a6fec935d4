// Sparklines as an SVG page: a row per group with its label, a small line placed by x value
// (a missing year leaves a gap), the highest point filled and the lowest hollow, and the
// min/max note in words so the chart reads the same printed in black and white.

extension SparklineChart {
    static let sparkRowHeight = 28.0
    static let sparkStroke = "#1f1f1f"
    static let maxMark = "#3b6ea8"
    static let minMark = "#c0504d"

    public func renderSVG() -> String {
        let frame = SVGFrame(caption: caption)
        let body = SVGFrame.bodySize
        let small = SVGFrame.tickSize
        let suffix = caption.valueSuffix == "%" ? "%" : ""
        let decimals = data.valueDecimals
        let notes = series.map { annotation($0, decimals: decimals, suffix: suffix) }

        let maxLabelWidth = 200.0
        let labels = series.map { ChartText.fit($0.name, width: Int(maxLabelWidth / (body * 0.6)), ellipsis: "…") }
        let labelWidth = min(labels.map { SVGDocument.textWidth($0, size: body) }.max() ?? 0, maxLabelWidth)
        let minWidth = notes.map { $0.map { SVGDocument.textWidth($0.min, size: small) } ?? 0 }.max() ?? 0
        let maxWidth = notes.map { $0.map { SVGDocument.textWidth($0.max, size: small) } ?? 0 }.max() ?? 0

        let sparkLeft = frame.plotLeft + labelWidth + 10
        let room = frame.plotRight - sparkLeft - 16 - minWidth - 12 - maxWidth
        let sparkWidth = min(max(room, 80), 260)
        let minX = sparkLeft + sparkWidth + 16
        let maxX = minX + minWidth + 12

        let headerY = frame.headerHeight + 4
        let rowsTop = headerY + 8
        let height = rowsTop + Double(max(series.count, 1)) * Self.sparkRowHeight + 6 + frame.footerHeight
        var doc = SVGDocument(width: SVGFrame.width, height: height, title: caption.title ?? "Sparklines")
        frame.draw(into: &doc)

        guard let x0 = x.first, let x1 = x.last, !series.isEmpty else {
            doc.text("(no data)", x: frame.plotLeft, y: rowsTop + 18, size: body, italic: true)
            return doc.render()
        }
        func px(_ v: Double) -> Double { sparkLeft + ChartMath.fraction(v, low: x0, high: x1) * sparkWidth }
        doc.text(data.xLabel(x0), x: sparkLeft, y: headerY, size: small, anchor: x1 > x0 ? .start : .middle)
        if x1 > x0 { doc.text(data.xLabel(x1), x: sparkLeft + sparkWidth, y: headerY, size: small, anchor: .end) }
        // The two note columns are headed by the marks that show them on the lines.
        doc.circle(cx: minX + 4, cy: headerY - 4, r: 3, fill: "#fff", stroke: Self.minMark)
        doc.text("lowest", x: minX + 12, y: headerY, size: small)
        doc.circle(cx: maxX + 4, cy: headerY - 4, r: 3, fill: Self.maxMark)
        doc.text("highest", x: maxX + 12, y: headerY, size: small)

        for (i, s) in series.enumerated() {
            let top = rowsTop + Double(i) * Self.sparkRowHeight
            let baseline = top + Self.sparkRowHeight / 2 + 4
            doc.text(labels[i], x: sparkLeft - 10, y: baseline, size: body, anchor: .end)
            // A faint baseline shows the extent of the x axis, so gaps at either end show.
            doc.line(x1: sparkLeft, y1: top + Self.sparkRowHeight - 4, x2: sparkLeft + sparkWidth, y2: top + Self.sparkRowHeight - 4, stroke: "#d0d0d0")
            guard let note = notes[i], let range = range(of: s), let e = extremes(s) else {
                doc.text("n/a", x: sparkLeft, y: baseline, size: body, italic: true)
                continue
            }
            let lineTop = top + 5
            let lineHeight = Self.sparkRowHeight - 12
            func py(_ v: Double) -> Double {
                lineTop + (1 - ChartMath.fraction(v, low: range.low, high: range.high)) * lineHeight
            }
            var run: [(x: Double, y: Double)] = []
            func flush() {
                if run.count == 1 { doc.circle(cx: run[0].x, cy: run[0].y, r: 1.5, fill: Self.sparkStroke) }
                if run.count > 1 { doc.polyline(run, stroke: Self.sparkStroke, width: 1.5) }
                run = []
            }
            for (j, v) in s.values.enumerated() {
                if let v { run.append((px(x[j]), py(v))) } else { flush() }
            }
            flush()
            doc.circle(cx: px(e.min.x), cy: py(e.min.value), r: 3, fill: "#fff", stroke: Self.minMark)
            doc.circle(cx: px(e.max.x), cy: py(e.max.value), r: 3, fill: Self.maxMark)
            doc.text(note.min, x: minX, y: baseline, size: small)
            doc.text(note.max, x: maxX, y: baseline, size: small)
        }
        return doc.render()
    }
}
