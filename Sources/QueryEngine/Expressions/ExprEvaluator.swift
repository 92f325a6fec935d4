// Evaluates a bound expression a column at a time. Two contexts:
//  - rows: one result per row of `table`; an aggregate inside (`x / sum(x)`) is computed per
//    partition (the whole table, or the window's `by` groups) and broadcast back to the rows;
//  - groups: one result per group; columns are group keys, aggregates reduce their rows.
// SQL null semantics throughout: null in, null out; `and`/`or` use three-valued logic.

/// Row → group assignment: `ids[row]` in 0..<count.
struct Grouping: Sendable {
    let ids: [Int32]
    let count: Int
    init(ids: [Int32], count: Int) { self.ids = ids; self.count = count }
    static func single(_ rows: Int) -> Grouping { Grouping(ids: [Int32](repeating: 0, count: rows), count: rows == 0 ? 0 : 1) }
}

struct ExprEvaluator {
    let table: Table
    /// Row context: the partition aggregates are computed over (nil: the whole table).
    var partition: Grouping? = nil
    /// Group context: the grouping and the group-level column of each key column index.
    var groups: (grouping: Grouping, keys: [Int: Column])? = nil
    /// The expression text, for runtime errors (overflow).
    var source: String = ""

    var length: Int { groups?.grouping.count ?? table.rowCount }

    func eval(_ e: BoundExpr) throws(EngineError) -> Column {
        switch e {
        case .literal(let v):
            return Kernels.constant(v, type: v.type, count: length)
        case .column(let i, _):
            if let groups { return groups.keys[i] ?? Kernels.constant(.null, type: table.fields[i].type, count: length) }
            return table.columns[i]
        case .unary(let op, let inner):
            return try unary(op, try eval(inner), inner.type)
        case .binary(let op, let l, let r, let t):
            return try binary(op, l, r, t)
        case .function(let f, let args, let t):
            return try function(f, args, t)
        case .aggregate(let f, let arg, let t):
            var rows = self
            rows.groups = nil
            rows.partition = nil
            let argColumn = try arg.map { (a: BoundExpr) throws(EngineError) -> Column in try rows.eval(a) }
            if let groups {
                return try Aggregator.reduce(f, argColumn, rows: table.rowCount, by: groups.grouping, type: t)
            }
            let p = partition ?? Grouping.single(table.rowCount)
            let perGroup = try Aggregator.reduce(f, argColumn, rows: table.rowCount, by: p, type: t)
            return perGroup.gather(p.ids.map { Int($0) })
        case .isNil(let inner, let negated):
            let c = try eval(inner)
            guard let valid = c.valid else { return Column(.bool([Bool](repeating: negated, count: c.count))) }
            return Column(.bool(negated ? valid : valid.map { !$0 }))
        case .inList(let inner, let values, let negated):
            return inList(try eval(inner), values, negated: negated)
        case .compareLiteral(let op, let side, let value):
            let a = try eval(side)
            if let c = compareWithLiteral(op, a, value) { return c }
            return compare(op, a, Kernels.constant(value, type: value.type, count: a.count), side.type!, value.type!)
        }
    }

    func overflow(_ what: String) -> EngineError {
        EngineError("integer overflow in \(what)" + (source.isEmpty ? "" : " (in: \(source))") + "; write a float (e.g. 1.0 * x) to compute in floating point")
    }

    // MARK: unary and binary

    func unary(_ op: UnaryOp, _ c: Column, _ type: DataType?) throws(EngineError) -> Column {
        switch (op, c.storage) {
        case (.not, .bool(let a)): return Column(.bool(a.map { !$0 }), valid: c.valid)
        case (.negate, .int(let a)):
            var out = a
            for i in 0..<a.count {
                let (r, o) = Int64(0).subtractingReportingOverflow(a[i])
                if o { throw overflow("unary minus") }
                out[i] = r
            }
            return Column(.int(out), valid: c.valid)
        case (.negate, .double(let a)): return Column(.double(a.map { -$0 }), valid: c.valid)
        default: return Kernels.constant(.null, type: op == .not ? .boolean : (type ?? .float), count: c.count)
        }
    }

    func binary(_ op: BinaryOp, _ l: BoundExpr, _ r: BoundExpr, _ type: DataType?) throws(EngineError) -> Column {
        if op == .and || op == .or {
            let a = l.type == nil ? Kernels.constant(.null, type: .boolean, count: length) : try eval(l)
            let b = r.type == nil ? Kernels.constant(.null, type: .boolean, count: length) : try eval(r)
            return logic(op, a, b)
        }
        guard let lt = l.type, let rt = r.type else {
            return Kernels.constant(.null, type: type, count: length)
        }
        if !op.isComparison, op != .concat, !(lt == .integer && rt == .integer && type == .integer),
           case .literal(let v) = r, let y = v.doubleValue {
            // Column op number: against the one value, not a column spread from it.
            if case .literal = l {} else {
                let a = try eval(l)
                return ArithmeticKernels.float(op, ArithmeticKernels.doubles(a), nil, yScalar: y, valid: a.valid)
            }
        }
        let a = try eval(l), b = try eval(r)
        if op == .concat { return try concat(a, b) }
        if op.isComparison { return compare(op, a, b, lt, rt) }
        if lt == .integer && rt == .integer && type == .integer { return try integerArithmetic(op, a, b) }
        return floatArithmetic(op, a, b)
    }

    func integerArithmetic(_ op: BinaryOp, _ a: Column, _ b: Column) throws(EngineError) -> Column {
        // A morsel of rows per task (ArithmeticKernels); nil: a present row overflowed.
        guard let c = ArithmeticKernels.integer(op, Kernels.ints(a), Kernels.ints(b), valid: Kernels.both(a.valid, b.valid)) else {
            throw overflow("'\(op.rawValue)'")
        }
        return c
    }

    func floatArithmetic(_ op: BinaryOp, _ a: Column, _ b: Column) -> Column {
        ArithmeticKernels.float(op, Kernels.doubles(a), Kernels.doubles(b), valid: Kernels.both(a.valid, b.valid))
    }

    /// `column op value` against the one value, without first spreading the value into a
    /// column as long as the table (at 10M rows that was an 80 MB array per comparison). The
    /// same results as `compare`; nil for shapes it does not cover.
    func compareWithLiteral(_ flipped: BinaryOp, _ a: Column, _ value: Value) -> Column? {
        var out: [Bool] = []
        func run<T: Comparable>(_ x: [T], _ y: T) { out = ArithmeticKernels.compare(flipped, x, y) }
        switch (a.storage, value) {
        case (.int(let x), .int(let y)): run(x, y)
        case (.int, .double(let y)): run(Kernels.doubles(a), y)
        case (.double(let x), .double(let y)): run(x, y)
        case (.double(let x), .int(let y)): run(x, Double(y))
        case (.date(let x), .date(let y)): run(x, y)
        case (.string(let codes, let dictionary), .string(let y)):
            // One pass over the dictionary, then a lookup per row (a dictionary may hold the
            // same text under two codes after a merge). `<` and the like compare each entry's
            // bytes with the literal's: ranking the dictionary with the literal in it would sort
            // every entry (at 1M distinct names, most of the step).
            if flipped == .eq || flipped == .ne {
                let wanted = flipped == .eq
                out = ArithmeticKernels.lookup(codes, dictionary.map { ByteKey.equal($0, y) == wanted })
            } else {
                let order = ByteRanks.compare(dictionary, with: y)
                let hit: [Bool]
                switch flipped {
                case .lt: hit = order.map { $0 < 0 }
                case .le: hit = order.map { $0 <= 0 }
                case .gt: hit = order.map { $0 > 0 }
                default: hit = order.map { $0 >= 0 }
                }
                out = ArithmeticKernels.lookup(codes, hit)
            }
        default: return nil
        }
        return Column(.bool(out), valid: a.valid)
    }

    func compare(_ op: BinaryOp, _ a: Column, _ b: Column, _ lt: DataType, _ rt: DataType) -> Column {
        let n = a.count
        var out = [Bool](repeating: false, count: n)
        @inline(__always) func test(_ c: Int) -> Bool {
            switch op {
            case .eq: return c == 0
            case .ne: return c != 0
            case .lt: return c < 0
            case .le: return c <= 0
            case .gt: return c > 0
            default: return c >= 0
            }
        }
        func run<T: Comparable>(_ x: [T], _ y: [T]) { out = ArithmeticKernels.compare(op, x, y) }
        switch (a.storage, b.storage) {
        case (.int(let x), .int(let y)): run(x, y)
        case (.date(let x), .date(let y)): run(x, y)
        case (.bool(let x), .bool(let y)): run(x.map { $0 ? 1 : 0 }, y.map { $0 ? 1 : 0 })
        case (.string(let xc, let xd), .string(let yc, let yd)):
            if (op == .eq || op == .ne) && yd.count == 1 {
                // Column against a literal: one pass over the dictionary (which may hold the
                // same text under two codes after a merge), then a lookup per row.
                let hit = xd.map { ByteKey.equal($0, yd[0]) }
                let wanted = op == .eq
                for i in 0..<n { out[i] = hit[Int(xc[i])] == wanted }
            } else {
                let (rx, ry) = Kernels.ranks(xd, yd)
                for i in 0..<n { out[i] = test(Int(rx[Int(xc[i])]) - Int(ry[Int(yc[i])])) }
            }
        default:
            run(Kernels.doubles(a), Kernels.doubles(b))
        }
        return Column(.bool(out), valid: Kernels.both(a.valid, b.valid))
    }

    func logic(_ op: BinaryOp, _ a: Column, _ b: Column) -> Column {
        let x = Kernels.bools(a), y = Kernels.bools(b)
        let n = x.count
        var out = [Bool](repeating: false, count: n)
        if a.valid == nil && b.valid == nil {
            if op == .and { for i in 0..<n { out[i] = x[i] && y[i] } } else { for i in 0..<n { out[i] = x[i] || y[i] } }
            return Column(.bool(out))
        }
        var valid = [Bool](repeating: true, count: n)
        for i in 0..<n {
            let pa = !a.isNull(i), pb = !b.isNull(i)
            if op == .and {
                // false wins over null; true and null is null.
                if (pa && !x[i]) || (pb && !y[i]) { out[i] = false } else if pa && pb { out[i] = true } else { valid[i] = false }
            } else {
                if (pa && x[i]) || (pb && y[i]) { out[i] = true } else if pa && pb { out[i] = false } else { valid[i] = false }
            }
        }
        return Column(.bool(out), valid: valid)
    }

    /// `a .. b` per row. The text it makes is charged to the work budget as it goes: a chain
    /// of derives each doubling a string reached 3 GB in a plugin capped at 64 MB.
    func concat(_ a: Column, _ b: Column) throws(EngineError) -> Column {
        let (xc, xd) = Kernels.strings(a), (yc, yd) = Kernels.strings(b)
        var builder = ColumnBuilder(type: .string, capacity: a.count)
        var made = 0
        for i in 0..<a.count {
            if i & (Cancellation.stride - 1) == 0 { try WorkBudget.charge(made); made = 0 }
            if a.isNull(i) || b.isNull(i) { builder.append(.null); continue }
            let s = xd[Int(xc[i])] + yd[Int(yc[i])]
            made += s.utf8.count + 16
            if made > 1 << 24 { try WorkBudget.charge(made); made = 0 }
            builder.append(.string(s))
        }
        try WorkBudget.charge(made)
        return builder.finish()
    }

    func inList(_ c: Column, _ values: [Value], negated: Bool) -> Column {
        let n = c.count
        let listHasNull = values.contains(.null)
        var out = [Bool](repeating: false, count: n)
        switch c.storage {
        case .string(let codes, let dict):
            let wanted = Set(values.compactMap { v -> ByteKey? in if case .string(let s) = v { return ByteKey(s) } else { return nil } })
            let hit = dict.map { wanted.contains(ByteKey($0)) }
            for i in 0..<n { out[i] = hit[Int(codes[i])] }
        case .int(let x) where values.allSatisfy({ if case .double = $0 { return false } else { return true } }):
            let wanted = Set(values.compactMap { v -> Int64? in if case .int(let i) = v { return i } else { return nil } })
            for i in 0..<n { out[i] = wanted.contains(x[i]) }
        case .int, .double:
            let wanted = Set(values.compactMap(\.doubleValue))
            let x = Kernels.doubles(c)
            for i in 0..<n { out[i] = wanted.contains(x[i]) }
        case .bool(let x):
            let wanted = Set(values.compactMap { v -> Bool? in if case .bool(let b) = v { return b } else { return nil } })
            for i in 0..<n { out[i] = wanted.contains(x[i]) }
        case .date(let x):
            let wanted = Set(values.compactMap { v -> Int32? in if case .date(let d) = v { return d } else { return nil } })
            for i in 0..<n { out[i] = wanted.contains(x[i]) }
        }
        // x in (…, nil) is null when x matches nothing: the nil might have been x.
        var valid = c.valid
        if listHasNull {
            var v = valid ?? [Bool](repeating: true, count: n)
            for i in 0..<n where !out[i] { v[i] = false }
            valid = v
        }
        if negated { for i in 0..<n { out[i].toggle() } }
        return Column(.bool(out), valid: valid)
    }
}
