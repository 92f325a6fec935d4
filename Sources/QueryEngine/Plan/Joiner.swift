// Hash joins on one or more key pairs. The right side is indexed by its key codes; each left
// row looks up its matches. Null keys never match (SQL). Output: all left columns, then the
// right columns except its keys; a right column whose name is already taken gets `suffix`
// (default "_right"), so nothing is silently dropped or shadowed.

enum Joiner {
    static func join(_ l: Table, _ r: Table, kind: JoinKind, on: [(String, String)], suffix: String) throws(EngineError) -> Table {
        guard !on.isEmpty else { throw EngineError("join: no key columns given (expected e.g. \"iso3\" or { \"iso3\", \"year\" })") }
        var lk: [Column] = [], rk: [Column] = [], rkIndex = Set<Int>()
        for (a, b) in on {
            guard let li = l.index(of: a) else { throw unknown(a, l, side: "left") }
            guard let ri = r.index(of: b) else { throw unknown(b, r, side: "right") }
            let (ta, tb) = (l.fields[li].type, r.fields[ri].type)
            guard ta == tb || (ta.isNumeric && tb.isNumeric) else {
                throw EngineError("join: key \"\(a)\" is \(ta) on the left but \"\(b)\" is \(tb) on the right")
            }
            lk.append(l.columns[li]); rk.append(r.columns[ri]); rkIndex.insert(ri)
        }
        var leftRows: [Int] = [], rightRows: [Int] = []
        // Each output row costs its two row numbers and a cell per column once gathered; the
        // output is charged to the work budget as matches are found, so a join that explodes
        // (every row matching every row) stops at the caller's limit, not at the machine's.
        let rowBytes = 16 + 9 * (l.columns.count + r.columns.count)
        if lk.count == 1, case .string(let lc, let ld) = lk[0].storage, case .string(let rc, let rd) = rk[0].storage {
            // One string key (the common case: iso3): match dictionary entries once, then
            // each row is two array lookups.
            var rightByCode = [[Int]](repeating: [], count: rd.count)
            for row in 0..<r.rowCount where !rk[0].isNull(row) { rightByCode[Int(rc[row])].append(row) }
            var byText: [ByteKey: [Int]] = [:]
            for (code, text) in rd.enumerated() where !rightByCode[code].isEmpty { byText[ByteKey(text), default: []] += rightByCode[code] }
            let leftMatches = ld.map { byText[ByteKey($0)] }
            if leftMatches.allSatisfy({ ($0?.count ?? 0) <= 1 }) {
                // Each key at most once on the right (a dimension table such as countries):
                // a left code's one match as a number, and a probe loop with no array per row.
                let only = leftMatches.map { Int32($0?.first ?? -1) }
                (leftRows, rightRows) = try probeUnique(lc, valid: lk[0].valid, match: only, rowBytes: rowBytes, left: kind == .left)
            } else {
                // Probe a morsel of left rows per task; the pairs in left-row order.
                (leftRows, rightRows) = try probe(l.rowCount, rowBytes: rowBytes) { row in
                    lk[0].isNull(row) ? nil : leftMatches[Int(lc[row])]
                } left: { kind == .left }
            }
        } else {
            // Keys as tuples of Values: exact, for several keys and mixed numeric types.
            var index: [[Value]: [Int]] = [:]
            for row in 0..<r.rowCount {
                try Cancellation.check(every: row)
                if rk.contains(where: { $0.isNull(row) }) { continue }
                index[rk.map { normalise($0[row]) }, default: []].append(row)
            }
            (leftRows, rightRows) = try probe(l.rowCount, rowBytes: rowBytes) { row in
                lk.contains(where: { $0.isNull(row) }) ? nil : index[lk.map { normalise($0[row]) }]
            } left: { kind == .left }
        }
        var names = l.columnNames
        var cols = l.columns.map { $0.gather(leftRows) }
        var taken = Set(names)
        for (i, f) in r.fields.enumerated() where !rkIndex.contains(i) {
            var name = f.name
            while taken.contains(name) { name += suffix }
            taken.insert(name)
            names.append(name); cols.append(r.columns[i].gather(rightRows))
        }
        return try Table(fields: names, columns: cols)
    }

    /// The (left row, right row) pairs of `rows` left rows whose matches `matches` gives, a
    /// morsel per task, in left-row order; unmatched left rows pair with -1 in a left join.
    /// Each task charges the pairs it finds to the work budget as it goes (a join that
    /// explodes stops at the caller's limit), and stops at Ctrl-C; the error of the first
    /// morsel that failed is thrown.
    private static func probe(_ rows: Int, rowBytes: Int, _ matches: (Int) -> [Int]?,
                              left: () -> Bool) throws(EngineError) -> ([Int], [Int]) {
        let keepUnmatched = left()
        let parts = Parallelism.mapMorsels(rows) { r -> (left: [Int], right: [Int], error: EngineError?) in
            var ls: [Int] = [], rs: [Int] = []
            ls.reserveCapacity(r.count); rs.reserveCapacity(r.count)
            var pending = 0
            for row in r {
                if let found = matches(row) {
                    pending += found.count
                    if pending >= Cancellation.stride {
                        do throws(EngineError) { try WorkBudget.charge(rows: pending, bytesPerRow: rowBytes) } catch { return ([], [], error) }
                        pending = 0
                    }
                    for m in found { ls.append(row); rs.append(m) }
                } else if keepUnmatched {
                    ls.append(row); rs.append(-1)
                }
            }
            do throws(EngineError) { try WorkBudget.charge(rows: pending, bytesPerRow: rowBytes) } catch { return ([], [], error) }
            return (ls, rs, nil)
        }
        if let error = parts.lazy.compactMap(\.error).first { throw error }
        try Cancellation.check()
        return (Parallelism.concat(parts.map(\.left)), Parallelism.concat(parts.map(\.right)))
    }

    /// `probe` for one string key whose every left code has at most one right row,
    /// `match[code]` (-1: none): the same pairs, in the same order, from a loop over the codes.
    private static func probeUnique(_ codes: [UInt32], valid: [Bool]?, match: [Int32], rowBytes: Int,
                                    left keepUnmatched: Bool) throws(EngineError) -> ([Int], [Int]) {
        let parts = codes.withUnsafeBufferPointer { cp in
            match.withUnsafeBufferPointer { mp in
                Parallelism.mapMorsels(cp.count) { r -> (left: [Int], right: [Int], error: EngineError?) in
                    var ls: [Int] = [], rs: [Int] = []
                    ls.reserveCapacity(r.count); rs.reserveCapacity(r.count)
                    var row = r.lowerBound
                    while row < r.upperBound {
                        // A stride of rows, then its matched pairs charged to the work budget
                        // (which also looks at the Ctrl-C flag), as `probe` charges them.
                        let stop = min(r.upperBound, row + Cancellation.stride)
                        var matched = 0
                        for i in row..<stop {
                            let m = (valid?[i] ?? true) ? Int(mp[Int(cp[i])]) : -1
                            if m >= 0 { ls.append(i); rs.append(m); matched += 1 } else if keepUnmatched { ls.append(i); rs.append(-1) }
                        }
                        do throws(EngineError) { try WorkBudget.charge(rows: matched, bytesPerRow: rowBytes) } catch { return ([], [], error) }
                        row = stop
                    }
                    return (ls, rs, nil)
                }
            }
        }
        if let error = parts.lazy.compactMap(\.error).first { throw error }
        try Cancellation.check()
        return (Parallelism.concat(parts.map(\.left)), Parallelism.concat(parts.map(\.right)))
    }

    /// Integers and floats that are equal join (2023 matches 2023.0).
    private static func normalise(_ v: Value) -> Value {
        if case .int(let i) = v { return .double(Double(i)) }
        return v
    }

    private static func unknown(_ name: String, _ t: Table, side: String) -> EngineError {
        let close = Suggest.closest(name, t.columnNames)
        return EngineError("join: no column \"\(name)\" in the \(side) table" + (close.isEmpty ? "; it has: \(t.columnNames.joined(separator: ", "))" : " (closest: \(close.joined(separator: ", ")))"))
    }
}
