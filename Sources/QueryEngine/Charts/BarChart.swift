// A horizontal bar chart of one column: one labelled bar per row, bars on both sides of a
// zero axis when values are negative (a trade balance), a missing value shown as "n/a".

public struct BarChart: Chart, Equatable {
    let labels: [String]
    let values: [Double?]
    public let caption: ChartCaption

    /// `labels` and `values` pair up by position; NaN and infinities count as missing.
    public init(labels: [String], values: [Double?], caption: ChartCaption = ChartCaption()) throws(ChartError) {
        guard labels.count == values.count else {
            throw .lengthMismatch(chart: "bar chart", field: "values", expected: labels.count, got: values.count)
        }
        self.labels = labels.map(ChartText.clean)
        self.values = values.map { v in v.flatMap { $0.isFinite ? $0 : nil } }
        self.caption = caption
    }

    /// Decimals shared by every value of the chart, so the numbers align and compare.
    var decimals: Int { ChartNumberFormat.decimalsNeeded(values.compactMap { $0 }) }

    /// Largest magnitude below and above zero (0 when there is none).
    var extent: (negative: Double, positive: Double) {
        let present = values.compactMap { $0 }
        return (max(0, -(present.min() ?? 0)), max(0, present.max() ?? 0))
    }
}
