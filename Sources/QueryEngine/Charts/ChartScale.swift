// An axis: the data range widened to round tick values (1, 2 or 5 times a power of ten), so
// ticks read 0, 100,000, 200,000 rather than 0, 97,311, 194,622. Finite for any finite data.

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
        let intervals = Double(max(targetTicks - 1, 1))
        // hi/n - lo/n rather than (hi - lo)/n: the difference of two huge values overflows.
        let step = Self.nice(max(hi / intervals - lo / intervals, 1e-300))
        var lower = (lo / step).rounded(.down) * step
        var upper = (hi / step).rounded(.up) * step
        if !lower.isFinite { lower = lo }
        if !upper.isFinite { upper = hi }
        self.lower = lower == 0 ? 0 : lower  // no "-0"
        self.upper = upper
        self.step = step
        self.decimals = ChartNumberFormat.decimalsNeeded([step, lower], limit: 6)
    }

    /// Tick values from lower to upper; computed by index so no error accumulates.
    var ticks: [Double] {
        let count = ChartMath.cell(upper / step - lower / step, in: 0...100) + 1
        return (0..<count).compactMap { i in
            let v = lower + Double(i) * step
            guard v.isFinite else { return nil }
            return abs(v) < step * 1e-9 ? 0 : min(v, upper)
        }
    }

    /// `v` as a fraction of the axis, 0 at lower, 1 at upper.
    func fraction(_ v: Double) -> Double {
        ChartMath.fraction(v, low: lower, high: upper)
    }

    /// The classic "nice number": 1, 2, 5 or 10 times a power of ten near `x`.
    private static func nice(_ x: Double) -> Double {
        guard x.isFinite, x > 0 else { return 1 }
        var exponent = 0
        var f = x
        while f >= 10 { f /= 10; exponent += 1 }
        while f < 1 { f *= 10; exponent -= 1 }
        let niceFraction: Double = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10
        var p = 1.0
        for _ in 0..<abs(exponent) { p *= 10 }
        // Divide once by an exact power of ten: 0.1 stays the nearest double to 0.1.
        let step = exponent >= 0 ? niceFraction * p : niceFraction / p
        return step.isFinite && step > 0 ? step : x
    }
}
