// Sparklines: one small line per group (a country) over a shared x axis (years), each with
// its minimum and maximum written out, a gap where a year is missing.

public struct SparklineChart: Chart, Equatable {
    let data: ChartXSeries
    public let caption: ChartCaption
    /// One scale for every line (compare levels across groups) instead of one per line
    /// (see each line's shape); per line by default, since the min/max notes give the levels.
    let sharedScale: Bool

    var x: [Double] { data.x }
    var series: [ChartSeries] { data.series }

    /// `series[i].values[j]` is group i at `x[j]`; `nil` is a missing year.
    public init(x: [Double], series: [ChartSeries], caption: ChartCaption = ChartCaption(),
                sharedScale: Bool = false) throws(ChartError) {
        self.data = try ChartXSeries(chart: "sparklines", x: x, series: series)
        self.caption = caption
        self.sharedScale = sharedScale
    }

    /// Where a series is lowest and highest (first occurrence), or nil when it has no value.
    func extremes(_ s: ChartSeries) -> (min: (value: Double, x: Double), max: (value: Double, x: Double))? {
        var lo: (value: Double, x: Double)?
        var hi: (value: Double, x: Double)?
        for (i, v) in s.values.enumerated() {
            guard let v else { continue }
            if v < (lo?.value ?? .infinity) { lo = (v, x[i]) }
            if v > (hi?.value ?? -.infinity) { hi = (v, x[i]) }
        }
        guard let lo, let hi else { return nil }
        return (lo, hi)
    }

    /// The value range a series is drawn against.
    func range(of s: ChartSeries) -> (low: Double, high: Double)? {
        if sharedScale {
            let all = series.flatMap { $0.values.compactMap { $0 } }
            guard let lo = all.min(), let hi = all.max() else { return nil }
            return (lo, hi)
        }
        guard let e = extremes(s) else { return nil }
        return (e.min.value, e.max.value)
    }

    /// "min 1,234 (2019)" and "max 5,678 (2023)" for a series, or nil without values.
    func annotation(_ s: ChartSeries, decimals: Int, suffix: String) -> (min: String, max: String)? {
        guard let e = extremes(s) else { return nil }
        let fmt = { (v: Double) in ChartNumberFormat.grouped(v, decimals: decimals) + suffix }
        return ("min \(fmt(e.min.value)) (\(data.xLabel(e.min.x)))",
                "max \(fmt(e.max.value)) (\(data.xLabel(e.max.x)))")
    }
}
