// Scalar functions, a column at a time. The binder has already checked arity and argument
// types, so each case can trust them; null in gives null out except for coalesce.

extension ExprEvaluator {
    func function(_ f: ScalarFunction, _ args: [BoundExpr], _ type: DataType?) throws(EngineError) -> Column {
        // A nil literal argument types as nil: the whole call is null (coalesce aside).
        if f != .coalesce, args.contains(where: { $0.type == nil }) {
            return Kernels.constant(.null, type: type, count: length)
        }
        var cols: [Column] = []
        for a in args { cols.append(try eval(a)) }
        switch f {
        case .abs:
            if case .int(let a) = cols[0].storage {
                var out = a
                for i in 0..<a.count where a[i] < 0 {
                    if a[i] == Int64.min && !cols[0].isNull(i) { throw overflow("abs") }
                    out[i] = a[i] == Int64.min ? 0 : -a[i]
                }
                return Column(.int(out), valid: cols[0].valid)
            }
            return mapDouble(cols[0]) { Swift.abs($0) }
        case .floor, .ceil:
            if case .int = cols[0].storage { return cols[0] }
            let rule: FloatingPointRoundingRule = f == .floor ? .down : .up
            return mapDouble(cols[0]) { $0.rounded(rule) }
        case .round:
            return try round(cols)
        case .coalesce:
            return coalesce(cols, type)
        case .lower, .upper:
            return mapDictionary(cols[0]) { f == .lower ? $0.lowercased() : $0.uppercased() }
        case .len:
            let (codes, dict) = Kernels.strings(cols[0])
            let lengths = dict.map { Int64($0.count) }
            return Column(.int(codes.map { lengths[Int($0)] }), valid: cols[0].valid)
        case .substr:
            return substr(cols)
        case .year, .month, .day:
            let days = Kernels.dates(cols[0])
            let out = days.map { d -> Int64 in
                let c = CivilDate(days: d)
                return Int64(f == .year ? c.year : (f == .month ? c.month : c.day))
            }
            return Column(.int(out), valid: cols[0].valid)
        case .date:
            if case .date = cols[0].storage { return cols[0] }
            // Strings that are not dates become null, like a failed cast in SQL.
            let (codes, dict) = Kernels.strings(cols[0])
            let parsed = dict.map { CivilDate(iso: $0)?.days }
            var valid = cols[0].valid ?? [Bool](repeating: true, count: codes.count)
            var out = [Int32](repeating: 0, count: codes.count)
            for i in 0..<codes.count {
                if let d = parsed[Int(codes[i])] { out[i] = d } else { valid[i] = false }
            }
            return Column(.date(out), valid: valid)
        }
    }

    private func mapDouble(_ c: Column, _ body: (Double) -> Double) -> Column {
        Column(.double(Kernels.doubles(c).map(body)), valid: c.valid)
    }

    /// String functions run once per distinct string, not once per row.
    private func mapDictionary(_ c: Column, _ body: (String) -> String) -> Column {
        let (codes, dict) = Kernels.strings(c)
        var b = ColumnBuilder(type: .string, capacity: codes.count)
        let mapped = dict.map(body)
        for i in 0..<codes.count { b.append(c.isNull(i) ? .null : .string(mapped[Int(codes[i])])) }
        return b.finish()
    }

    /// round(x) and round(x, digits): half away from zero, as SQLite and Lua's string.format do
    /// for the cases analysts meet. An integer input stays an integer.
    private func round(_ cols: [Column]) throws(EngineError) -> Column {
        let digits = cols.count > 1 ? Kernels.ints(cols[1]) : nil
        let valid = cols.count > 1 ? Kernels.both(cols[0].valid, cols[1].valid) : cols[0].valid
        if case .int = cols[0].storage, digits == nil { return cols[0] }
        let x = Kernels.doubles(cols[0])
        var out = [Double](repeating: 0, count: x.count)
        for i in 0..<x.count {
            let d = digits.map { Swift.max(-15, Swift.min(15, Int($0[i]))) } ?? 0
            let scale = Kernels.power(10, Double(d))
            out[i] = (x[i] * scale).rounded(.toNearestOrAwayFromZero) / scale
        }
        if case .int(let a) = cols[0].storage { return Column(.int(zip(a, out).map { Swift.abs($1) < 9.223372036854775808e18 ? Int64($1) : $0 }), valid: valid) }
        return Column(.double(out), valid: valid)
    }

    private func coalesce(_ cols: [Column], _ type: DataType?) -> Column {
        let n = length
        var b = ColumnBuilder(type: type ?? .string, capacity: n)
        for i in 0..<n {
            var v = Value.null
            for c in cols where c.count == n && !c.isNull(i) { v = c[i]; break }
            if case .int(let x) = v, type == .float { v = .double(Double(x)) }
            b.append(v)
        }
        return b.finish()
    }

    /// substr(s, start [, length]) counts characters from 1, like SQL; a start past the end
    /// gives "", a negative start counts from the end (as Lua's string.sub does).
    private func substr(_ cols: [Column]) -> Column {
        let (codes, dict) = Kernels.strings(cols[0])
        let starts = Kernels.ints(cols[1])
        let lengths = cols.count > 2 ? Kernels.ints(cols[2]) : nil
        var valid = Kernels.both(cols[0].valid, cols[1].valid)
        if cols.count > 2 { valid = Kernels.both(valid, cols[2].valid) }
        let chars = dict.map(Array.init)
        var b = ColumnBuilder(type: .string, capacity: codes.count)
        for i in 0..<codes.count {
            if let valid, !valid[i] { b.append(.null); continue }
            let s = chars[Int(codes[i])]
            var start = Int(starts[i])
            if start < 0 { start = s.count + start + 1 }
            start = Swift.max(start, 1)
            var end = s.count
            if let lengths { end = Swift.min(s.count, Swift.min(start, s.count + 1) - 1 + Swift.min(s.count, Swift.max(0, Int(lengths[i])))) }
            b.append(.string(start > end ? "" : String(s[(start - 1)..<end])))
        }
        return b.finish()
    }
}
