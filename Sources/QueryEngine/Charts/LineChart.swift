// A small line chart: a few series over a shared numeric x axis (years), y axis with round
// ticks, a legend; a missing value breaks its line rather than dropping it to zero.

public struct LineChart: Chart, Equatable {
    let data: ChartXSeries
    public let caption: ChartCaption
    /// Events drawn as vertical lines across the plot (a treaty's entry into force), listed
    /// under the legend; marks outside the x range are left out.
    public var marks: [ChartMark] = []

    var x: [Double] { data.x }
    var series: [ChartSeries] { data.series }

    /// `series[i].values[j]` is series i at `x[j]`; `nil` is a gap.
    public init(x: [Double], series: [ChartSeries], caption: ChartCaption = ChartCaption()) throws(ChartError) {
        self.data = try ChartXSeries(chart: "line chart", x: x, series: series)
        self.caption = caption
    }

    var yScale: ChartScale {
        let all = series.flatMap { $0.values.compactMap { $0 } }
        return ChartScale(low: all.min() ?? 0, high: all.max() ?? 1, targetTicks: 5)
    }

    /// The x values to label: every one when there are few, round values otherwise.
    func xTickCandidates() -> [Double] {
        guard let first = x.first, let last = x.last else { return [] }
        var distinct: [Double] = []
        for v in x where distinct.last != v { distinct.append(v) }
        if distinct.count <= 12 { return distinct }
        let scale = ChartScale(low: first, high: last, targetTicks: 6)
        return scale.ticks.filter { $0 >= first && $0 <= last }
    }

    /// The x ticks with their text: as many decimals as the labelled values need, so the
    /// round ticks of monthly data (1995, 2000) read as years.
    func xTicks() -> [(x: Double, label: String)] {
        let candidates = xTickCandidates()
        let decimals = ChartNumberFormat.decimalsNeeded(candidates, limit: 2)
        return candidates.map { ($0, ChartNumberFormat.plain($0, decimals: decimals)) }
    }

    /// The marks inside the x range, in x order.
    var visibleMarks: [ChartMark] {
        guard let first = x.first, let last = x.last else { return [] }
        return marks.filter { $0.x >= first && $0.x <= last }.sorted { $0.x < $1.x }
    }

    /// Consecutive present points of a series: each run is drawn as one line.
    func runs(_ s: ChartSeries) -> [[(x: Double, y: Double)]] {
        var out: [[(x: Double, y: Double)]] = []
        var run: [(x: Double, y: Double)] = []
        for (j, v) in s.values.enumerated() {
            if let v { run.append((x[j], v)) } else if !run.isEmpty { out.append(run); run = [] }
        }
        if !run.isEmpty { out.append(run) }
        return out
    }
}

/// A labelled vertical line on a line chart's x axis.
public struct ChartMark: Sendable, Equatable {
    let x: Double
    public let label: String
    public init(x: Double, label: String) { self.x = x; self.label = label }

    /// A date as a position on an axis of years: 1994-01-01 is 1994.0, 2020-07-01 is 2020.5,
    /// the scale `Table.lineChart` uses for a date column.
    public static func yearFraction(_ d: CivilDate) -> Double {
        Double(d.year) + Double(d.month - 1) / 12 + Double(d.day - 1) / Double(12 * CivilDate.daysIn(month: d.month, year: d.year))
    }
}
