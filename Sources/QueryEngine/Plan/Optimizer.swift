// The optimiser: one pass over a bound plan, before the executor runs it, made of named
// rewrites. Each keeps the result exactly the same (tests compare optimised and unoptimised
// results) and exists because a measurement showed the time it saves (Benchmarks/engine).
//
//   literalComparisons  `x > 1`, `1 < x`, `iso3 == 'MEX'`: compared against the one value
//                       (BoundExpr.compareLiteral) instead of a column of copies of it (at
//                       10M rows that column was an 80 MB array per comparison).
//   pruneColumns        an aggregate over a filter: only the columns the keys and aggregates
//                       read are carried through the filter (a filter keeping most rows of a
//                       wide table otherwise copies every column: at 10M rows that was most of
//                       the time of a filtered count). The columns only the predicate reads
//                       are then dropped as the filter gathers its rows (a project right after
//                       it, which the executor runs with the filter): Q4 of Benchmarks/engine
//                       gathered two float columns to count by a third, most of its page faults.
//   pruneJoinColumns    an aggregate over a join: each side narrowed to its join keys and the
//                       columns the aggregate reads before the join, so the join gathers only
//                       those (Q3 of Benchmarks/engine gathered 8 columns of 700,000 rows per
//                       million to use 4). Only when no column the aggregate reads was renamed
//                       by the join's suffix, so every output name stays what it was.

enum Optimizer {
    static func optimize(_ plan: PlanNode) -> PlanNode {
        plan.rewritten { node in pruneJoinColumns(pruneColumns(literalComparisons(node))) }
    }

    // MARK: literalComparisons

    /// Rewrites the expressions of one node (its children are already done).
    static func literalComparisons(_ node: PlanNode) -> PlanNode {
        node.mappingExpressions { e in
            e.rewritten { x in
                guard case .binary(let op, let l, let r, _) = x, op.isComparison else { return x }
                if case .literal(let v) = r, !v.isNull, !l.isLiteral, l.type != nil { return .compareLiteral(op, l, v) }
                if case .literal(let v) = l, !v.isNull, !r.isLiteral, r.type != nil { return .compareLiteral(op.mirrored, r, v) }
                return x
            }
        }
    }

    // MARK: pruneColumns

    /// Rewrites one node (its children are already done).
    static func pruneColumns(_ rebuilt: PlanNode) -> PlanNode {
        guard case let .aggregate(filterNode, keys, aggregates) = rebuilt.operation,
              case let .filter(source, predicate) = filterNode.operation else { return rebuilt }
        var used = predicate.expr.columnsUsed
        for a in aggregates { used.formUnion(a.expression.expr.columnsUsed) }
        for k in keys { if let i = source.fields.firstIndex(where: { $0.name == k }) { used.insert(i) } }
        guard used.count < source.fields.count else { return rebuilt }
        let kept = used.sorted()
        let position = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($1, $0) })
        let narrow = PlanNode(.project(source, columns: kept), fields: kept.map { source.fields[$0] })
        let filtered = PlanNode(.filter(narrow, predicate.with(predicate.expr.renumbered(position))), fields: narrow.fields)
        // What the aggregate reads after the filter: its keys and arguments only.
        var after = Set<Int>()
        for a in aggregates { after.formUnion(a.expression.expr.columnsUsed) }
        for k in keys { if let i = source.fields.firstIndex(where: { $0.name == k }) { after.insert(i) } }
        let input: PlanNode, final: [Int: Int]
        if after.count < kept.count {
            let later = after.sorted()
            input = PlanNode(.project(filtered, columns: later.map { position[$0]! }), fields: later.map { source.fields[$0] })
            final = Dictionary(uniqueKeysWithValues: later.enumerated().map { ($1, $0) })
        } else {
            (input, final) = (filtered, position)
        }
        return PlanNode(.aggregate(input, keys: keys, aggregates: aggregates.map { $0.with($0.expression.expr.renumbered(final)) }),
                        fields: rebuilt.fields)
    }
}

extension Optimizer {
    /// Rewrites one node (its children are already done).
    static func pruneJoinColumns(_ rebuilt: PlanNode) -> PlanNode {
        guard case let .aggregate(joinNode, keys, aggregates) = rebuilt.operation,
              case let .join(left, right, kind, on, suffix) = joinNode.operation else { return rebuilt }
        // The join's output: every left column, then the right ones except its keys.
        let rightKeys = Set(on.compactMap { k in right.fields.firstIndex { $0.name == k.1 } })
        let rightOut = right.fields.indices.filter { !rightKeys.contains($0) }
        guard joinNode.fields.count == left.fields.count + rightOut.count else { return rebuilt }
        var used = Set<Int>()
        for a in aggregates { used.formUnion(a.expression.expr.columnsUsed) }
        for k in keys { if let i = joinNode.fields.firstIndex(where: { $0.name == k }) { used.insert(i) } }
        var keptLeft = Set(on.compactMap { k in left.fields.firstIndex { $0.name == k.0 } })
        var keptRight = rightKeys
        for i in used {
            if i < left.fields.count { keptLeft.insert(i); continue }
            let source = rightOut[i - left.fields.count]
            // A name the suffix changed could come out otherwise once the left is narrowed.
            guard joinNode.fields[i].name == right.fields[source].name else { return rebuilt }
            keptRight.insert(source)
        }
        guard keptLeft.count < left.fields.count || keptRight.count < right.fields.count else { return rebuilt }
        let l = keptLeft.sorted(), r = keptRight.sorted()
        let narrowLeft = PlanNode(.project(left, columns: l), fields: l.map { left.fields[$0] })
        let narrowRight = PlanNode(.project(right, columns: r), fields: r.map { right.fields[$0] })
        // Old output position → new, in the join's output order.
        var kept: [Int] = l
        for (k, source) in rightOut.enumerated() where keptRight.contains(source) { kept.append(left.fields.count + k) }
        let position = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($1, $0) })
        let joined = PlanNode(.join(narrowLeft, narrowRight, kind: kind, on: on, suffix: suffix), fields: kept.map { joinNode.fields[$0] })
        return PlanNode(.aggregate(joined, keys: keys, aggregates: aggregates.map { $0.with($0.expression.expr.renumbered(position)) }),
                        fields: rebuilt.fields)
    }
}

extension BoundExpr {
    var isLiteral: Bool { if case .literal = self { return true } else { return false } }
}

extension BinaryOp {
    /// The operator with its operands swapped: `1 < x` is `x > 1`.
    var mirrored: BinaryOp {
        switch self {
        case .lt: return .gt
        case .le: return .ge
        case .gt: return .lt
        case .ge: return .le
        default: return self
        }
    }
}

extension PlanNode {
    /// The plan rebuilt bottom-up with `rule` applied to each node after its children: a
    /// loop along a chain of one-input verbs (a plan's length costs no stack), recursion only
    /// for the two sides of a join.
    func rewritten(_ rule: (PlanNode) -> PlanNode) -> PlanNode {
        var chain: [PlanNode] = []
        var node = self
        while node.children.count == 1 { chain.append(node); node = node.children[0] }
        var out = rule(node.replacingChildren(node.children.map { $0.rewritten(rule) }))
        for verb in chain.reversed() { out = rule(verb.replacingChildren([out])) }
        return out
    }

    /// The same node over other children (same order as `children`).
    func replacingChildren(_ c: [PlanNode]) -> PlanNode {
        let op: Operation
        switch operation {
        case .source: return self
        case let .filter(_, e): op = .filter(c[0], e)
        case let .select(_, cols): op = .select(c[0], cols)
        case let .derive(_, cols, p): op = .derive(c[0], cols, partition: p)
        case let .sort(_, k): op = .sort(c[0], k)
        case let .limit(_, n, o): op = .limit(c[0], count: n, offset: o)
        case let .distinct(_, cols): op = .distinct(c[0], columns: cols)
        case let .aggregate(_, k, a): op = .aggregate(c[0], keys: k, aggregates: a)
        case let .join(_, _, kind, on, s): op = .join(c[0], c[1], kind: kind, on: on, suffix: s)
        case let .top(_, n, o, p): op = .top(c[0], count: n, order: o, partition: p)
        case let .window(_, f, a, n, o, p, off): op = .window(c[0], function: f, argument: a, name: n, order: o, partition: p, offset: off)
        case let .project(_, cols): op = .project(c[0], columns: cols)
        }
        return PlanNode(op, fields: fields)
    }

    /// This node with `f` applied to each of its bound expressions (positions unchanged: `f`
    /// must keep what each column index means).
    func mappingExpressions(_ f: (BoundExpr) -> BoundExpr) -> PlanNode {
        let c = children
        func e(_ x: BoundExpression) -> BoundExpression { x.with(f(x.expr)) }
        func col(_ x: BoundColumn) -> BoundColumn { x.with(f(x.expression.expr)) }
        func key(_ x: BoundSortKey) -> BoundSortKey { x.with(f(x.expression.expr)) }
        let op: Operation
        switch operation {
        case .source: return self
        case let .filter(_, p): op = .filter(c[0], e(p))
        case let .select(_, cols): op = .select(c[0], cols.map(col))
        case let .derive(_, cols, p): op = .derive(c[0], cols.map(col), partition: p)
        case let .sort(_, k): op = .sort(c[0], k.map(key))
        case let .aggregate(_, k, a): op = .aggregate(c[0], keys: k, aggregates: a.map(col))
        case let .top(_, n, o, p): op = .top(c[0], count: n, order: o.map(key), partition: p)
        case let .window(_, fn, a, n, o, p, off):
            op = .window(c[0], function: fn, argument: a.map(e), name: n, order: o.map(key), partition: p, offset: off)
        case .limit, .distinct, .join, .project: return self
        }
        return PlanNode(op, fields: fields)
    }
}
