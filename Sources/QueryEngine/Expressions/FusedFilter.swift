// A filter on a numeric comparison (`imports > exports * 1.5`, `x >= y`, `x < 3`) straight to
// the kept row numbers, a morsel at a time: no product column, no boolean column, no validity
// column in between. The general path made three to four whole-table passes and allocations
// for such a filter, and with two threads those extra passes cost ~35% more CPU than one
// (Benchmarks/engine Q4). The answers are the same bits as the general path's (ExprEvaluator):
// the same conversions (an integer compared with a float becomes a Double), the same
// arithmetic (`x op y` in Double), the same comparison operators (NaN compares false, `~=`
// true), and a row with a null operand is dropped.

enum FusedFilter {
    /// One side of the comparison, as the evaluator would compute it per row.
    private enum Side {
        case ints(UnsafeBufferPointer<Int64>)
        case doubles(UnsafeBufferPointer<Double>)
        /// An integer column's values as Doubles, then `op y` when `op` is given.
        case intsThen(UnsafeBufferPointer<Int64>, BinaryOp?, Double)
        case doublesThen(UnsafeBufferPointer<Double>, BinaryOp, Double)
        case int(Int64)
        case double(Double)

        var isInteger: Bool {
            switch self {
            case .ints, .int: return true
            default: return false
            }
        }
    }

    /// What a side reads: a column (its storage and validity) and how it is turned into values.
    private enum Shape {
        case column(Column)
        case scaled(Column, BinaryOp, Double)
        case constant(Value)
    }

    /// The rows of `t` where `predicate` is true, in order; nil when the predicate is not a
    /// comparison of the shapes covered here (the caller takes the general path).
    static func keptRows(_ t: Table, _ predicate: BoundExpr) -> [Int]? {
        let op: BinaryOp, left: Shape, right: Shape
        switch predicate {
        case .binary(let o, let l, let r, _) where o.isComparison:
            guard let a = shape(l, t), let b = shape(r, t) else { return nil }
            if case .constant = a, case .constant = b { return nil }
            (op, left, right) = (o, a, b)
        case .compareLiteral(let o, let l, let v):
            guard let a = shape(l, t), numeric(v) else { return nil }
            if case .constant = a { return nil }
            (op, left, right) = (o, a, .constant(v))
        default:
            return nil
        }
        return withSides(left, right) { a, b, valid in
            select(op, a, b, valid, t.rowCount)
        }
    }

    private static func numeric(_ v: Value) -> Bool {
        switch v {
        case .int, .double: return true
        default: return false
        }
    }

    private static func numericStorage(_ c: Column) -> Bool {
        switch c.storage {
        case .int, .double: return true
        default: return false
        }
    }

    /// A side the fused path computes exactly as ExprEvaluator.binary does, or nil.
    private static func shape(_ e: BoundExpr, _ t: Table) -> Shape? {
        switch e {
        case .column(let i, _):
            let c = t.columns[i]
            return numericStorage(c) ? .column(c) : nil
        case .literal(let v):
            return numeric(v) ? .constant(v) : nil
        case .binary(let op, .column(let i, let lt), .literal(let v), let type):
            // ExprEvaluator.binary's "column op number" case: Double(x) op y, the column's
            // validity. Integer arithmetic (overflow checks) and division (by zero is null)
            // stay on the general path.
            guard op == .add || op == .sub || op == .mul, let y = v.doubleValue, numeric(v),
                  !(lt == .integer && v.type == .integer && type == .integer) else { return nil }
            let c = t.columns[i]
            return numericStorage(c) ? .scaled(c, op, y) : nil
        case .binary(let op, .literal(let v), .column(let i, let rt), let type) where op == .add || op == .mul:
            // `1.5 * x`, `2 + x`: the same as `x * 1.5`, `x + 2` (IEEE addition and
            // multiplication are commutative, NaN and signed zeros included).
            return shape(.binary(op, .column(i, rt), .literal(v), type), t)
        default:
            return nil
        }
    }

    /// The two sides as row readers (integers only when both are integers, as
    /// ExprEvaluator.compare does) and the rows where both are present (nil: all).
    private static func withSides<R>(_ l: Shape, _ r: Shape, _ body: (Side, Side, (UnsafeBufferPointer<Bool>?, UnsafeBufferPointer<Bool>?)) -> R) -> R {
        func integral(_ s: Shape) -> Bool {
            switch s {
            case .column(let c): if case .int = c.storage { return true } else { return false }
            case .constant(let v): if case .int = v { return true } else { return false }
            case .scaled: return false
            }
        }
        let ints = integral(l) && integral(r)
        func column(_ s: Shape) -> Column? {
            switch s {
            case .column(let c), .scaled(let c, _, _): return c
            case .constant: return nil
            }
        }
        func side<S>(_ s: Shape, _ k: (Side) -> S) -> S {
            switch s {
            case .constant(let v):
                if ints, case .int(let y) = v { return k(.int(y)) }
                return k(.double(v.doubleValue ?? 0))
            case .column(let c), .scaled(let c, _, _):
                var op: BinaryOp? = nil, y = 0.0
                if case .scaled(_, let o, let v) = s { (op, y) = (o, v) }
                switch c.storage {
                case .int(let x):
                    return x.withUnsafeBufferPointer { p in ints ? k(.ints(p)) : k(.intsThen(p, op, y)) }
                case .double(let x):
                    return x.withUnsafeBufferPointer { p in op.map { k(.doublesThen(p, $0, y)) } ?? k(.doubles(p)) }
                default:
                    return k(.double(0))   // not reached: shape() takes numeric storage only
                }
            }
        }
        func validity<S>(_ c: Column?, _ k: (UnsafeBufferPointer<Bool>?) -> S) -> S {
            guard let v = c?.valid else { return k(nil) }
            return v.withUnsafeBufferPointer { k($0) }
        }
        return side(l) { a in side(r) { b in
            validity(column(l)) { va in validity(column(r)) { vb in body(a, b, (va, vb)) } }
        } }
    }

    /// Rows per block: each side's values for a block sit in a small scratch buffer (hot in
    /// cache) between being computed and being compared.
    private static let block = 1024

    private static func select(_ op: BinaryOp, _ a: Side, _ b: Side,
                               _ valid: (UnsafeBufferPointer<Bool>?, UnsafeBufferPointer<Bool>?), _ n: Int) -> [Int] {
        Parallelism.concatMorsels(n) { r in
            var out: [Int] = []
            out.reserveCapacity(r.count)
            if a.isInteger && b.isInteger {
                run(op, r, a, b, valid, &out, Int64.self) { s, range, p in fillInts(s, range, p) }
            } else {
                run(op, r, a, b, valid, &out, Double.self) { s, range, p in fillDoubles(s, range, p) }
            }
            return out
        }
    }

    /// The rows of `r` that pass, block by block, appended to `out`.
    @inline(__always)
    private static func run<T: Comparable & BitwiseCopyable>(
        _ op: BinaryOp, _ r: Range<Int>, _ a: Side, _ b: Side,
        _ valid: (UnsafeBufferPointer<Bool>?, UnsafeBufferPointer<Bool>?), _ out: inout [Int], _: T.Type,
        _ fill: (Side, Range<Int>, UnsafeMutablePointer<T>) -> Void
    ) {
        let x = UnsafeMutablePointer<T>.allocate(capacity: block), y = UnsafeMutablePointer<T>.allocate(capacity: block)
        defer { x.deallocate(); y.deallocate() }
        var start = r.lowerBound
        while start < r.upperBound {
            let range = start..<min(r.upperBound, start + block)
            fill(a, range, x)
            fill(b, range, y)
            let base = range.lowerBound
            switch op {
            case .eq: keep(range, base, valid, &out) { x[$0] == y[$0] }
            case .ne: keep(range, base, valid, &out) { x[$0] != y[$0] }
            case .lt: keep(range, base, valid, &out) { x[$0] < y[$0] }
            case .le: keep(range, base, valid, &out) { x[$0] <= y[$0] }
            case .gt: keep(range, base, valid, &out) { x[$0] > y[$0] }
            default: keep(range, base, valid, &out) { x[$0] >= y[$0] }
            }
            start = range.upperBound
        }
    }

    @inline(__always)
    private static func keep(_ range: Range<Int>, _ base: Int, _ valid: (UnsafeBufferPointer<Bool>?, UnsafeBufferPointer<Bool>?),
                             _ out: inout [Int], _ pass: (Int) -> Bool) {
        switch valid {
        case (nil, nil):
            for i in range where pass(i - base) { out.append(i) }
        case (let va?, nil):
            for i in range where pass(i - base) && va[i] { out.append(i) }
        case (nil, let vb?):
            for i in range where pass(i - base) && vb[i] { out.append(i) }
        case (let va?, let vb?):
            for i in range where pass(i - base) && va[i] && vb[i] { out.append(i) }
        }
    }

    private static func fillInts(_ s: Side, _ r: Range<Int>, _ p: UnsafeMutablePointer<Int64>) {
        let base = r.lowerBound
        switch s {
        case .ints(let x): for i in r { p[i - base] = x[i] }
        case .int(let y): for i in r { p[i - base] = y }
        default: for i in r { p[i - base] = 0 }   // not reached: integers only when both sides are
        }
    }

    private static func fillDoubles(_ s: Side, _ r: Range<Int>, _ p: UnsafeMutablePointer<Double>) {
        let base = r.lowerBound
        switch s {
        case .doubles(let x): for i in r { p[i - base] = x[i] }
        case .double(let y): for i in r { p[i - base] = y }
        case .ints(let x): for i in r { p[i - base] = Double(x[i]) }
        case .int(let y): for i in r { p[i - base] = Double(y) }
        case .intsThen(let x, let op, let y):
            switch op {
            case nil: for i in r { p[i - base] = Double(x[i]) }
            case .add?: for i in r { p[i - base] = Double(x[i]) + y }
            case .sub?: for i in r { p[i - base] = Double(x[i]) - y }
            default: for i in r { p[i - base] = Double(x[i]) * y }
            }
        case .doublesThen(let x, let op, let y):
            switch op {
            case .add: for i in r { p[i - base] = x[i] + y }
            case .sub: for i in r { p[i - base] = x[i] - y }
            default: for i in r { p[i - base] = x[i] * y }
            }
        }
    }
}
