// An expression checked against a schema: columns resolved to indices, metric names expanded,
// every node typed. The evaluator trusts these types. A type of nil means "always null" (the
// `nil` literal), which fits anywhere.

indirect enum BoundExpr: Sendable {
    case literal(Value)
    case column(Int, DataType)
    case unary(UnaryOp, BoundExpr)
    case binary(BinaryOp, BoundExpr, BoundExpr, DataType?)
    case function(ScalarFunction, [BoundExpr], DataType?)
    case aggregate(AggregateFunction, BoundExpr?, DataType?)
    case isNil(BoundExpr, negated: Bool)
    case inList(BoundExpr, [Value], negated: Bool)
    /// `expression op value` with a present value, the literal on the right: made by the
    /// optimiser (Optimizer.literalComparisons) from a comparison with a literal, so the
    /// evaluator compares against the one value instead of a column of copies of it.
    case compareLiteral(BinaryOp, BoundExpr, Value)

    var type: DataType? {
        switch self {
        case .literal(let v): return v.type
        case .column(_, let t): return t
        case .unary(let op, let e): return op == .not ? .boolean : e.type
        case .binary(_, _, _, let t), .function(_, _, let t), .aggregate(_, _, let t): return t
        case .isNil, .inList, .compareLiteral: return .boolean
        }
    }

    var containsAggregate: Bool {
        switch self {
        case .literal, .column: return false
        case .aggregate: return true
        case .unary(_, let e), .isNil(let e, _), .inList(let e, _, _), .compareLiteral(_, let e, _): return e.containsAggregate
        case .binary(_, let a, let b, _): return a.containsAggregate || b.containsAggregate
        case .function(_, let args, _): return args.contains { $0.containsAggregate }
        }
    }

    /// Column indices the expression reads (for plans and pruning).
    var columnsUsed: Set<Int> {
        switch self {
        case .literal: return []
        case .column(let i, _): return [i]
        case .aggregate(_, let e, _): return e?.columnsUsed ?? []
        case .unary(_, let e), .isNil(let e, _), .inList(let e, _, _), .compareLiteral(_, let e, _): return e.columnsUsed
        case .binary(_, let a, let b, _): return a.columnsUsed.union(b.columnsUsed)
        case .function(_, let args, _): return args.reduce(into: Set<Int>()) { $0.formUnion($1.columnsUsed) }
        }
    }

    /// The same expression with every node passed through `f` bottom-up (children first).
    func rewritten(_ f: (BoundExpr) -> BoundExpr) -> BoundExpr {
        let inner: BoundExpr
        switch self {
        case .literal, .column: inner = self
        case .unary(let op, let e): inner = .unary(op, e.rewritten(f))
        case .binary(let op, let a, let b, let t): inner = .binary(op, a.rewritten(f), b.rewritten(f), t)
        case .function(let g, let args, let t): inner = .function(g, args.map { $0.rewritten(f) }, t)
        case .aggregate(let g, let e, let t): inner = .aggregate(g, e?.rewritten(f), t)
        case .isNil(let e, let negated): inner = .isNil(e.rewritten(f), negated: negated)
        case .inList(let e, let values, let negated): inner = .inList(e.rewritten(f), values, negated: negated)
        case .compareLiteral(let op, let e, let v): inner = .compareLiteral(op, e.rewritten(f), v)
        }
        return f(inner)
    }

    /// Column positions renumbered (`position[old]` is the new one), for a narrower input.
    func renumbered(_ position: [Int: Int]) -> BoundExpr {
        rewritten { e in
            if case .column(let i, let t) = e { return .column(position[i]!, t) }
            return e
        }
    }
}
