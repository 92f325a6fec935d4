// The line chart as an SVG page: horizontal grid lines at round y ticks, x labels that do not
// overlap, each series with its own colour AND dash pattern and marker (so the lines stay
// apart when printed in grey), a legend under the plot.

extension LineChart {
    static let plotHeight = 280.0
    static let styles: [(colour: String, dash: String?)] = [
        ("#1f4e8c", nil), ("#c0392b", "7 4"), ("#2e7d32", "2 3"), ("#6a1b9a", "9 3 2 3"), ("#b35900", "4 4"),
    ]

    public func renderSVG() -> String {
        let frame = SVGFrame(caption: caption)
        let small = SVGFrame.tickSize
        let body = SVGFrame.bodySize
        let scale = yScale
        let tickLabels = scale.ticks.map { ChartNumberFormat.grouped($0, decimals: scale.decimals) }
        let tickWidth = tickLabels.map { SVGDocument.textWidth($0, size: small) }.max() ?? 0

        let plotLeft = frame.plotLeft + tickWidth + 8
        let plotRight = frame.plotRight - 8
        let plotTop = frame.headerHeight + 4
        let plotBottom = plotTop + Self.plotHeight

        // Legend items flow left to right and wrap; measured before the page height is known.
        let names = series.map { ChartText.fit($0.name, width: 40, ellipsis: "…") }
        var legend: [(x: Double, row: Int)] = []
        var cursor = frame.plotLeft
        var legendRow = 0
        for name in names {
            let itemWidth = 30 + SVGDocument.textWidth(name, size: body) + 18
            if cursor + itemWidth > frame.plotRight && cursor > frame.plotLeft {
                legendRow += 1
                cursor = frame.plotLeft
            }
            legend.append((cursor, legendRow))
            cursor += itemWidth
        }
        let legendTop = plotBottom + 40
        let legendRows = names.isEmpty ? 0 : legendRow + 1
        let height = legendTop + Double(legendRows) * 18 + frame.footerHeight

        var doc = SVGDocument(width: SVGFrame.width, height: height, title: caption.title ?? "Line chart")
        frame.draw(into: &doc)

        guard let x0 = x.first, let x1 = x.last else {
            doc.text("(no data)", x: plotLeft, y: plotTop + 20, size: body, italic: true)
            return doc.render()
        }
        func px(_ v: Double) -> Double { plotLeft + ChartMath.fraction(v, low: x0, high: x1) * (plotRight - plotLeft) }
        func py(_ v: Double) -> Double { plotBottom - scale.fraction(v) * (plotBottom - plotTop) }

        for (tick, label) in zip(scale.ticks, tickLabels) {
            let y = py(tick)
            doc.line(x1: plotLeft, y1: y, x2: plotRight, y2: y, stroke: tick == 0 ? "#000" : "#d0d0d0")
            doc.text(label, x: plotLeft - 6, y: y + 4, size: small, anchor: .end)
        }
        doc.line(x1: plotLeft, y1: plotTop, x2: plotLeft, y2: plotBottom, stroke: "#000")
        doc.line(x1: plotLeft, y1: plotBottom, x2: plotRight, y2: plotBottom, stroke: "#000")

        // X labels: last and first first, then the others that keep 8 px from their neighbours.
        let candidates = xTicks()
        var placed: [(lo: Double, hi: Double)] = []
        var order: [Int] = candidates.count > 1 ? [candidates.count - 1, 0] : (candidates.isEmpty ? [] : [0])
        if candidates.count > 2 { order += Array(1..<(candidates.count - 1)) }
        for i in order {
            let label = candidates[i].label
            let cx = px(candidates[i].x)
            let w = SVGDocument.textWidth(label, size: small)
            let span = (lo: cx - w / 2 - 4, hi: cx + w / 2 + 4)
            if placed.contains(where: { $0.lo < span.hi && span.lo < $0.hi }) { continue }
            placed.append(span)
            doc.line(x1: cx, y1: plotBottom, x2: cx, y2: plotBottom + 4, stroke: "#000")
            doc.text(label, x: cx, y: plotBottom + 17, size: small, anchor: .middle)
        }

        // Event marks: a dashed grey line across the plot, its label at the top beside it
        // (stepped down one line per mark so neighbours do not overwrite each other).
        for (i, m) in visibleMarks.enumerated() {
            let cx = px(m.x)
            doc.line(x1: cx, y1: plotTop, x2: cx, y2: plotBottom, stroke: "#777", width: 1, dash: "3 3")
            // Right of the line, or left of it when the label would run past the plot.
            let fitsRight = cx + 4 + SVGDocument.textWidth(m.label, size: small) <= plotRight
            doc.text(m.label, x: fitsRight ? cx + 4 : cx - 4, y: plotTop + 12 + 14 * Double(i % 3), size: small,
                     anchor: fitsRight ? .start : .end)
        }

        let showMarkers = x.count <= 40
        for (k, s) in series.enumerated() {
            let style = Self.styles[k % Self.styles.count]
            for run in runs(s) {
                let points = run.map { (x: px($0.x), y: py($0.y)) }
                if points.count > 1 { doc.polyline(points, stroke: style.colour, width: 2, dash: style.dash) }
                if showMarkers || points.count == 1 {
                    for p in points { marker(&doc, k, p.x, p.y, style.colour) }
                }
            }
        }

        for (k, name) in names.enumerated() {
            let style = Self.styles[k % Self.styles.count]
            let y = legendTop + Double(legend[k].row) * 18
            let lx = legend[k].x
            doc.line(x1: lx, y1: y - 4, x2: lx + 24, y2: y - 4, stroke: style.colour, width: 2, dash: style.dash)
            marker(&doc, k, lx + 12, y - 4, style.colour)
            doc.text(name, x: lx + 30, y: y, size: body)
        }
        return doc.render()
    }

    /// Circle, square, triangle, diamond, ring: a shape per series as well as a colour.
    private func marker(_ doc: inout SVGDocument, _ k: Int, _ x: Double, _ y: Double, _ colour: String) {
        switch k % 5 {
        case 0: doc.circle(cx: x, cy: y, r: 3, fill: colour)
        case 1: doc.rect(x: x - 3, y: y - 3, width: 6, height: 6, fill: colour)
        case 2: doc.polygon([(x, y - 3.5), (x + 3.5, y + 3), (x - 3.5, y + 3)], fill: colour)
        case 3: doc.polygon([(x, y - 4), (x + 4, y), (x, y + 4), (x - 4, y)], fill: colour)
        default: doc.circle(cx: x, cy: y, r: 3, fill: "#fff", stroke: colour)
        }
    }
}
