// Charts of a query result: the columns named by the caller become a chart's labels, x and
// values. This is what q:bar, q:sparklines and q:line run after the query has executed.
// Missing values stay missing; a column that is absent or of the wrong type is an error that
// names the chart, the column and what exists.

extension Table {
    /// One bar per row: `value` gives the lengths, `label` the names (default: the first
    /// string column, else the row number).
    public func barChart(value: String, label: String? = nil, caption: ChartCaption = ChartCaption()) throws(ChartError) -> BarChart {
        let chart = "bar chart"
        let values = try numbers(value, chart: chart)
        let labels: [String]
        if let label {
            labels = try chartColumn(label, chart: chart).values.map { $0.isNull ? "n/a" : $0.description }
        } else if let first = fields.first(where: { $0.type == .string }), let column = column(first.name) {
            labels = column.values.map { $0.isNull ? "n/a" : $0.description }
        } else {
            labels = (0..<rowCount).map { String($0 + 1) }
        }
        return try BarChart(labels: labels, values: values, caption: caption)
    }

    /// One sparkline per distinct `by` value over `x` (e.g. one per country over the years).
    public func sparklines(value: String, by: String, x: String, caption: ChartCaption = ChartCaption(),
                           sharedScale: Bool = false) throws(ChartError) -> SparklineChart {
        let chart = "sparklines"
        return try SparklineChart(groups: try groupNames(by, chart: chart), x: try xNumbers(x, chart: chart),
                                  values: try numbers(value, chart: chart), caption: caption, sharedScale: sharedScale)
    }

    /// Lines over `x`: one per distinct `by` value, or one per column of `values` without `by`.
    /// `names`: what to call each column's line in the legend (the catalog's labels), by
    /// column name; a column without one is called by its name.
    public func lineChart(values: [String], by: String? = nil, x: String, caption: ChartCaption = ChartCaption(),
                          names: [String: String] = [:]) throws(ChartError) -> LineChart {
        let chart = "line chart"
        let xs = try xNumbers(x, chart: chart)
        if let by {
            guard values.count == 1, let value = values.first else {
                throw .invalidValue(chart: chart, field: "values", index: 1, expected: "one value column when lines are grouped by '\(by)'")
            }
            return try LineChart(groups: try groupNames(by, chart: chart), x: xs, values: try numbers(value, chart: chart), caption: caption)
        }
        var series: [ChartSeries] = []
        for name in values { series.append(ChartSeries(name: names[name] ?? name, values: try numbers(name, chart: chart))) }
        // One line per column: a repeated x would give two points at one position.
        for (i, v) in xs.enumerated() {
            guard let v else { throw .invalidValue(chart: chart, field: "x", index: i, expected: "a number (the x column has a missing value)") }
            if let j = xs[..<i].firstIndex(of: v) {
                throw .duplicate(chart: chart, group: values.joined(separator: ", "), x: ChartNumberFormat.plain(v, decimals: ChartNumberFormat.decimalsNeeded([v])),
                                 firstRow: j + 1, secondRow: i + 1)
            }
        }
        return try LineChart(x: xs.map { $0 ?? 0 }, series: series, caption: caption)
    }

    private func chartColumn(_ name: String, chart: String) throws(ChartError) -> Column {
        guard let column = column(name) else {
            throw .unknownColumn(chart: chart, name: name, available: columnNames)
        }
        return column
    }

    /// The x axis: numbers, or dates on an axis of years (monthly figures by their first day:
    /// 2020-07-01 is 2020.5), so `x = "date"` charts us_trade_monthly.
    private func xNumbers(_ name: String, chart: String) throws(ChartError) -> [Double?] {
        let column = try chartColumn(name, chart: chart)
        guard column.type == .date else { return try numbers(name, chart: chart) }
        return column.values.map { if case .date(let d) = $0 { ChartMark.yearFraction(CivilDate(days: d)) } else { nil } }
    }

    private func numbers(_ name: String, chart: String) throws(ChartError) -> [Double?] {
        let column = try chartColumn(name, chart: chart)
        guard column.type == .integer || column.type == .float else {
            throw .wrongType(chart: chart, column: name, type: column.type.description, expected: "integer or float")
        }
        return column.values.map(\.doubleValue)
    }

    private func groupNames(_ name: String, chart: String) throws(ChartError) -> [String?] {
        try chartColumn(name, chart: chart).values.map { $0.isNull ? nil : $0.description }
    }
}
