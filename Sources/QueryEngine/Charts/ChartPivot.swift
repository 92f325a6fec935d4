// From rows to series: query results come "long" (one row per country and year); sparklines
// and line charts want one series per group over a shared x axis. A group missing a year
// gets nil there (a gap); two rows for the same group and year are an error, because
// choosing one would hide data — the caller aggregates first.

enum ChartPivot {
    /// Series in order of first appearance of each group, values aligned to the sorted
    /// distinct x. A row with no group belongs to the group "n/a".
    static func series(chart: String, groups: [String?], x: [Double?], values: [Double?])
        throws(ChartError) -> (x: [Double], series: [ChartSeries]) {
        guard groups.count == x.count else {
            throw .lengthMismatch(chart: chart, field: "x", expected: groups.count, got: x.count)
        }
        guard groups.count == values.count else {
            throw .lengthMismatch(chart: chart, field: "values", expected: groups.count, got: values.count)
        }
        var xs: [Double] = []
        var seenX: Set<Double> = []
        for (row, v) in x.enumerated() {
            guard let v, v.isFinite else {
                throw .invalidValue(chart: chart, field: "x", index: row, expected: "a number (the x column has a missing value)")
            }
            if seenX.insert(v).inserted { xs.append(v) }
        }
        xs.sort()
        var position: [Double: Int] = [:]
        for (i, v) in xs.enumerated() { position[v] = i }

        // Groups are data: told apart by their bytes (ByteKey), as group() does.
        var order: [String] = []
        var cells: [ByteKey: [Double?]] = [:]
        var firstRow: [ByteKey: [Int: Int]] = [:]
        for row in groups.indices {
            let group = groups[row].map(ChartText.clean) ?? "n/a"
            let key = ByteKey(group)
            // x was checked above; the default only satisfies the type checker.
            let column = position[x[row] ?? .nan] ?? 0
            if cells[key] == nil {
                order.append(group)
                cells[key] = Array(repeating: nil, count: xs.count)
            }
            if let earlier = firstRow[key, default: [:]][column] {
                throw .duplicate(chart: chart, group: group, x: ChartNumberFormat.plain(xs[column], decimals: ChartNumberFormat.decimalsNeeded([xs[column]])),
                                 firstRow: earlier + 1, secondRow: row + 1)
            }
            firstRow[key, default: [:]][column] = row
            cells[key]?[column] = values[row]
        }
        return (xs, order.map { ChartSeries(name: $0, values: cells[ByteKey($0)] ?? []) })
    }
}

extension SparklineChart {
    /// Sparklines from long rows: one line per group.
    init(groups: [String?], x: [Double?], values: [Double?], caption: ChartCaption = ChartCaption(),
                sharedScale: Bool = false) throws(ChartError) {
        let pivot = try ChartPivot.series(chart: "sparklines", groups: groups, x: x, values: values)
        try self.init(x: pivot.x, series: pivot.series, caption: caption, sharedScale: sharedScale)
    }
}

extension LineChart {
    /// A line chart from long rows: one line per group.
    init(groups: [String?], x: [Double?], values: [Double?], caption: ChartCaption = ChartCaption()) throws(ChartError) {
        let pivot = try ChartPivot.series(chart: "line chart", groups: groups, x: x, values: values)
        try self.init(x: pivot.x, series: pivot.series, caption: caption)
    }
}
