// A small line chart: a few series over a shared numeric x axis (years), y axis with round
// ticks, a legend; a missing value breaks its line rather than dropping it to zero.

public struct LineChart: Chart, Equatable {
    let data: ChartXSeries
    public let caption: ChartCaption

    public var x: [Double] { data.x }
    public var series: [ChartSeries] { data.series }

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
