// Arithmetic that stays finite for any finite data: a chart of 1e308 and -1e308 must draw,
// not trap. Differences are taken on halves (never overflow), and every cell index goes
// through one clamped conversion (Int(nan) or Int(inf) would crash).

enum ChartMath {
    /// Where `v` sits between `low` and `high`, 0...1 for values inside; 0.5 for an empty range.
    static func fraction(_ v: Double, low: Double, high: Double) -> Double {
        let span = high / 2 - low / 2
        guard span > 0, span.isFinite else { return 0.5 }
        let f = (v / 2 - low / 2) / span
        return f.isFinite ? f : 0.5
    }

    /// `x` rounded to the nearest integer and clamped to `range`; NaN gives the lower bound.
    static func cell(_ x: Double, in range: ClosedRange<Int>) -> Int {
        guard !x.isNaN else { return range.lowerBound }
        let r = x.rounded()
        if r <= Double(range.lowerBound) { return range.lowerBound }
        if r >= Double(range.upperBound) { return range.upperBound }
        return Int(r)
    }
}
