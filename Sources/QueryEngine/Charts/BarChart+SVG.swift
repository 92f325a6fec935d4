// The bar chart as an SVG page: labels right-aligned left of the plot, bars from the zero
// line on a rounded axis with grid lines, each value printed beside its bar (beside the zero
// line for negative bars, where their row is empty), "n/a" for a missing value.

extension BarChart {
    static let rowHeight = 22.0
    static let barHeight = 14.0
    static let positiveFill = "#3b6ea8"
    static let negativeFill = "#c0504d"

    public func renderSVG() -> String {
        let frame = SVGFrame(caption: caption)
        let body = SVGFrame.bodySize
        let d = decimals
        let percent = caption.valueSuffix == "%"
        let texts = values.map { v in v.map { ChartNumberFormat.grouped($0, decimals: d) + (percent ? "%" : "") } ?? "n/a" }

        let maxLabelWidth = 200.0
        let labelColumns = Int(maxLabelWidth / (body * 0.6))
        let shownLabels = labels.map { ChartText.fit($0, width: labelColumns, ellipsis: "…") }
        let labelWidth = min(shownLabels.map { SVGDocument.textWidth($0, size: body) }.max() ?? 0, maxLabelWidth)
        let valueWidth = texts.map { SVGDocument.textWidth($0, size: body) }.max() ?? 0

        let plotLeft = frame.plotLeft + labelWidth + 8
        let plotRight = frame.plotRight - valueWidth - 6
        let plotTop = frame.headerHeight
        let rows = max(labels.count, 1)
        let plotBottom = plotTop + Double(rows) * Self.rowHeight
        let height = plotBottom + 24 + frame.footerHeight

        var doc = SVGDocument(width: SVGFrame.width, height: height, title: caption.title ?? "Bar chart")
        frame.draw(into: &doc)

        let present = values.compactMap { $0 }
        // As many ticks as fit: fewer when long numbers would make their labels touch.
        var scale = ChartScale(low: present.min() ?? 0, high: present.max() ?? 0, targetTicks: 6, includeZero: true)
        for target in stride(from: 5, through: 2, by: -1) {
            let widest = scale.ticks.map { SVGDocument.textWidth(ChartNumberFormat.grouped($0, decimals: scale.decimals), size: SVGFrame.tickSize) }.max() ?? 0
            let spacing = (plotRight - plotLeft) / Double(max(scale.ticks.count - 1, 1))
            if widest + 8 <= spacing { break }
            scale = ChartScale(low: present.min() ?? 0, high: present.max() ?? 0, targetTicks: target, includeZero: true)
        }
        func x(_ v: Double) -> Double { plotLeft + scale.fraction(v) * (plotRight - plotLeft) }

        for tick in scale.ticks {
            let tx = x(tick)
            doc.line(x1: tx, y1: plotTop, x2: tx, y2: plotBottom, stroke: "#d0d0d0")
            doc.line(x1: tx, y1: plotBottom, x2: tx, y2: plotBottom + 4, stroke: "#000")
            doc.text(ChartNumberFormat.grouped(tick, decimals: scale.decimals), x: tx, y: plotBottom + 16,
                     size: SVGFrame.tickSize, anchor: .middle)
        }
        doc.line(x1: plotLeft, y1: plotBottom, x2: plotRight, y2: plotBottom, stroke: "#000")

        if labels.isEmpty {
            doc.text("(no data)", x: plotLeft, y: plotTop + Self.rowHeight / 2 + 4, size: body, italic: true)
        }
        let zero = x(0)
        for (i, label) in shownLabels.enumerated() {
            let top = plotTop + Double(i) * Self.rowHeight
            let baseline = top + Self.rowHeight / 2 + 4
            doc.text(label, x: plotLeft - 8, y: baseline, size: body, anchor: .end)
            guard let v = values[i] else {
                doc.text("n/a", x: zero + 4, y: baseline, size: body, italic: true)
                continue
            }
            let barTop = top + (Self.rowHeight - Self.barHeight) / 2
            let end = x(v)
            doc.rect(x: min(zero, end), y: barTop, width: abs(end - zero), height: Self.barHeight,
                     fill: v < 0 ? Self.negativeFill : Self.positiveFill)
            doc.text(texts[i], x: (v < 0 ? zero : end) + 4, y: baseline, size: body)
        }
        // The zero line last, over the bars, so both sides visibly start from it.
        doc.line(x1: zero, y1: plotTop, x2: zero, y2: plotBottom, stroke: "#000")
        return doc.render()
    }
}
