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

    var type: DataType? {
        switch self {
        case .literal(let v): return v.type
        case .column(_, let t): return t
        case .unary(let op, let e): return op == .not ? .boolean : e.type
        case .binary(_, _, _, let t), .function(_, _, let t), .aggregate(_, _, let t): return t
        case .isNil, .inList: return .boolean
        }
    }

    var containsAggregate: Bool {
        switch self {
        case .literal, .column: return false
        case .aggregate: return true
        case .unary(_, let e), .isNil(let e, _), .inList(let e, _, _): return e.containsAggregate
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
        case .unary(_, let e), .isNil(let e, _), .inList(let e, _, _): return e.columnsUsed
        case .binary(_, let a, let b, _): return a.columnsUsed.union(b.columnsUsed)
        case .function(_, let args, _): return args.reduce(into: Set<Int>()) { $0.formUnion($1.columnsUsed) }
        }
    }
}
