// Arithmetic and comparison over whole columns, a morsel of rows per task. Each result
// element depends on its own row only, so the split does not change a single bit. Ctrl-C
// is looked at per morsel (Parallelism.elementwise).

import Synchronization

enum ArithmeticKernels {
    /// `x op y` in floating point, y a column or (`yScalar`) one value for every row.
    /// Division by zero gives null (as in SQL), not inf: a missing denominator is missing data.
    static func float(_ op: BinaryOp, _ x: [Double], _ y: [Double]?, yScalar: Double = 0, valid: [Bool]?) -> Column {
        let n = x.count
        let out: [Double] = x.withUnsafeBufferPointer { xp in
            if let y {
                return y.withUnsafeBufferPointer { yp in map(op, n) { xp[$0] } y: { yp[$0] } }
            }
            return map(op, n) { xp[$0] } y: { _ in yScalar }
        }
        var valid = valid
        if op == .div || op == .idiv || op == .mod {
            let zero: Bool = y.map { ys in
                ys.withUnsafeBufferPointer { yp in Parallelism.mapMorsels(n) { r in r.contains { yp[$0] == 0 } }.contains(true) }
            } ?? (yScalar == 0 && n > 0)
            if zero {
                let old = valid
                valid = Parallelism.elementwise(n) { r, v in
                    for i in r { v[i] = (old?[i] ?? true) && (y?[i] ?? yScalar) != 0 }
                }
            }
        }
        return Column(.double(out), valid: valid)
    }

    @inline(__always)
    private static func map(_ op: BinaryOp, _ n: Int, x: (Int) -> Double, y: (Int) -> Double) -> [Double] {
        switch op {
        case .add: return Parallelism.elementwise(n) { r, o in for i in r { o[i] = x(i) + y(i) } }
        case .sub: return Parallelism.elementwise(n) { r, o in for i in r { o[i] = x(i) - y(i) } }
        case .mul: return Parallelism.elementwise(n) { r, o in for i in r { o[i] = x(i) * y(i) } }
        case .div: return Parallelism.elementwise(n) { r, o in for i in r { let d = y(i); o[i] = d == 0 ? 0 : x(i) / d } }
        case .idiv: return Parallelism.elementwise(n) { r, o in for i in r { let d = y(i); o[i] = d == 0 ? 0 : (x(i) / d).rounded(.down) } }
        case .mod:
            return Parallelism.elementwise(n) { r, o in
                for i in r { let a = x(i), d = y(i); o[i] = d == 0 ? 0 : a - (a / d).rounded(.down) * d }
            }
        case .pow: return Parallelism.elementwise(n) { r, o in for i in r { o[i] = Kernels.power(x(i), y(i)) } }
        default: return [Double](repeating: 0, count: n)
        }
    }

    /// `x op y` on integers; nil when a present row overflows (the caller throws). `//` and `%`
    /// are Lua's floor division and modulo (the result of % takes the sign of the divisor);
    /// by zero they give null.
    static func integer(_ op: BinaryOp, _ x: [Int64], _ y: [Int64], valid: [Bool]?) -> Column? {
        let n = x.count
        let overflow = Atomic<Bool>(false), zero = Atomic<Bool>(false)
        let out: [Int64] = x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in
                Parallelism.elementwise(n) { r, o in
                    var over = false, byZero = false
                    for i in r {
                        let present = valid?[i] ?? true
                        let (v, f): (Int64, Bool)
                        switch op {
                        case .add: (v, f) = xp[i].addingReportingOverflow(yp[i])
                        case .sub: (v, f) = xp[i].subtractingReportingOverflow(yp[i])
                        case .mul: (v, f) = xp[i].multipliedReportingOverflow(by: yp[i])
                        case .idiv, .mod:
                            guard present else { o[i] = 0; continue }
                            if yp[i] == 0 { o[i] = 0; byZero = true; continue }
                            let (q, qo) = xp[i].dividedReportingOverflow(by: yp[i])
                            if qo { o[i] = 0; over = true; continue }
                            let rem = xp[i] - q * yp[i]
                            let adjust = rem != 0 && ((rem < 0) != (yp[i] < 0))
                            (v, f) = (op == .idiv ? (adjust ? q - 1 : q) : (adjust ? rem + yp[i] : rem), false)
                        default: (v, f) = (0, false)
                        }
                        if f && present { over = true }
                        o[i] = v
                    }
                    if over { overflow.store(true, ordering: .relaxed) }
                    if byZero { zero.store(true, ordering: .relaxed) }
                }
            }
        }
        if overflow.load(ordering: .relaxed) { return nil }
        var valid = valid
        if zero.load(ordering: .relaxed) {
            let old = valid
            valid = Parallelism.elementwise(n) { r, v in for i in r { v[i] = (old?[i] ?? true) && y[i] != 0 } }
        }
        return Column(.int(out), valid: valid)
    }

    /// Doubles of a numeric column (integers converted), morsel by morsel.
    static func doubles(_ c: Column) -> [Double] {
        switch c.storage {
        case .double(let a): return a
        case .int(let a): return a.withUnsafeBufferPointer { p in Parallelism.elementwise(a.count) { r, o in for i in r { o[i] = Double(p[i]) } } }
        default: return [Double](repeating: 0, count: c.count)
        }
    }

    /// Both present: the validity of a binary operation's result.
    static func both(_ a: [Bool]?, _ b: [Bool]?) -> [Bool]? {
        guard let a else { return b }
        guard let b else { return a }
        return Parallelism.elementwise(a.count) { r, o in for i in r { o[i] = a[i] && b[i] } }
    }

    /// `x[i] op y` (y one value) or `x[i] op y[i]`, as booleans.
    static func compare<T: Comparable>(_ op: BinaryOp, _ x: [T], _ y: T) -> [Bool] {
        let n = x.count
        return x.withUnsafeBufferPointer { xp in
            switch op {
            case .eq: return Parallelism.elementwise(n) { r, o in for i in r { o[i] = xp[i] == y } }
            case .ne: return Parallelism.elementwise(n) { r, o in for i in r { o[i] = xp[i] != y } }
            case .lt: return Parallelism.elementwise(n) { r, o in for i in r { o[i] = xp[i] < y } }
            case .le: return Parallelism.elementwise(n) { r, o in for i in r { o[i] = xp[i] <= y } }
            case .gt: return Parallelism.elementwise(n) { r, o in for i in r { o[i] = xp[i] > y } }
            default: return Parallelism.elementwise(n) { r, o in for i in r { o[i] = xp[i] >= y } }
            }
        }
    }

    static func compare<T: Comparable>(_ op: BinaryOp, _ x: [T], _ y: [T]) -> [Bool] {
        let n = x.count
        return x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in
                switch op {
                case .eq: return Parallelism.elementwise(n) { r, o in for i in r { o[i] = xp[i] == yp[i] } }
                case .ne: return Parallelism.elementwise(n) { r, o in for i in r { o[i] = xp[i] != yp[i] } }
                case .lt: return Parallelism.elementwise(n) { r, o in for i in r { o[i] = xp[i] < yp[i] } }
                case .le: return Parallelism.elementwise(n) { r, o in for i in r { o[i] = xp[i] <= yp[i] } }
                case .gt: return Parallelism.elementwise(n) { r, o in for i in r { o[i] = xp[i] > yp[i] } }
                default: return Parallelism.elementwise(n) { r, o in for i in r { o[i] = xp[i] >= yp[i] } }
                }
            }
        }
    }

    /// Per row, `table[code]` (a per-dictionary-entry answer spread to the rows).
    static func lookup(_ codes: [UInt32], _ table: [Bool]) -> [Bool] {
        codes.withUnsafeBufferPointer { cp in
            table.withUnsafeBufferPointer { tp in Parallelism.elementwise(cp.count) { r, o in for i in r { o[i] = tp[Int(cp[i])] } } }
        }
    }
}
