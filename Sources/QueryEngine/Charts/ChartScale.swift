// An axis: the data range widened to round tick values (1, 2 or 5 times a power of ten), so
// ticks read 0, 100,000, 200,000 rather than 0, 97,311, 194,622.

struct ChartScale: Equatable {
    let lower: Double
    let upper: Double
    let step: Double
    /// Decimals the tick labels need.
    let decimals: Int

    /// A scale covering `low...high` with about `targetTicks` ticks. `includeZero` keeps the
    /// zero line on the axis (bars start at zero).
    init(low: Double, high: Double, targetTicks: Int = 5, includeZero: Bool = false) {
        var lo = includeZero ? min(low, 0) : low
        var hi = includeZero ? max(high, 0) : high
        if !(lo.isFinite && hi.isFinite) { lo = 0; hi = 1 }
        if hi < lo { swap(&lo, &hi) }
        if hi == lo {
            // One value: open a range around it so it sits inside the axis, not on an edge.
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            if !(includeZero && lo == 0) { lo -= pad }
            hi += pad
            if includeZero { lo = min(lo, 0); hi = max(hi, 0) }
        }
        let step = Self.nice(max((hi - lo) / Double(max(targetTicks - 1, 1)), 1e-300))
        let lower = (lo / step).rounded(.down) * step
        let upper = (hi / step).rounded(.up) * step
        self.lower = lower == 0 ? 0 : lower  // no "-0"
        self.upper = upper
        self.step = step
        self.decimals = ChartNumberFormat.decimalsNeeded([step, lower], limit: 6)
    }

    var span: Double { upper - lower }

    /// Tick values from lower to upper; computed by index so no error accumulates.
    var ticks: [Double] {
        let count = Int((span / step).rounded()) + 1
        return (0..<max(count, 1)).map { i in
            let v = lower + Double(i) * step
            return abs(v) < step * 1e-9 ? 0 : v
        }
    }

    /// `v` as a fraction of the axis, 0 at lower, 1 at upper.
    func fraction(_ v: Double) -> Double {
        span > 0 ? (v - lower) / span : 0.5
    }

    /// The classic "nice number": 1, 2, 5 or 10 times a power of ten near `x`.
    private static func nice(_ x: Double) -> Double {
        var exponent = 0
        var f = x
        while f >= 10 { f /= 10; exponent += 1 }
        while f < 1 { f *= 10; exponent -= 1 }
        let niceFraction: Double = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10
        var p = 1.0
        for _ in 0..<abs(exponent) { p *= 10 }
        // Divide once by an exact power of ten: 0.1 stays the nearest double to 0.1.
        return exponent >= 0 ? niceFraction * p : niceFraction / p
    }
}
