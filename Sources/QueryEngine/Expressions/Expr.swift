// The syntax tree of an expression as the user wrote it. Every node keeps the character
// offset where it starts so later errors (types, unknown columns) can put a caret under it.

struct Expr: Sendable, Equatable, CustomStringConvertible {
    indirect enum Kind: Sendable, Equatable {
        case literal(Value)
        case column(String)
        /// `:name`: a value given beside the expression (bound parameters), typed from it.
        case parameter(String)
        case unary(UnaryOp, Expr)
        case binary(BinaryOp, Expr, Expr)
        case call(String, [Expr])
        /// `x is nil` (negated: `x is not nil`).
        case isNil(Expr, negated: Bool)
        /// `x in (a, b)` (negated: `x not in (a, b)`).
        case inList(Expr, [Expr], negated: Bool)
    }

    let kind: Kind
    /// Offset (in characters) of the node in the source text.
    let position: Int

    init(_ kind: Kind, at position: Int = 0) {
        self.kind = kind
        self.position = position
    }

    /// The expression in canonical, fully parenthesised form (used by `explain`).
    var description: String {
        switch kind {
        case .literal(let v):
            switch v {
            case .null: return "nil"
            case .string(let s): return "'" + s.replacingOccurrences("'", "\\'") + "'"
            case .date(let d): return "date('\(CivilDate(days: d))')"
            default: return v.description
            }
        case .column(let n): return n
        case .parameter(let n): return ":" + n
        case .unary(let op, let e): return op == .not ? "(not \(e))" : "(-\(e))"
        case .binary(let op, let a, let b): return "(\(a) \(op.rawValue) \(b))"
        case .call(let f, let args): return f + "(" + args.map(\.description).joined(separator: ", ") + ")"
        case .isNil(let e, let neg): return "(\(e) is \(neg ? "not " : "")nil)"
        case .inList(let e, let list, let neg):
            return "(\(e) \(neg ? "not " : "")in (" + list.map(\.description).joined(separator: ", ") + "))"
        }
    }
}

enum UnaryOp: String, Sendable { case negate = "-", not }

enum BinaryOp: String, Sendable {
    case add = "+", sub = "-", mul = "*", div = "/", idiv = "//", mod = "%", pow = "^", concat = ".."
    case eq = "==", ne = "~=", lt = "<", le = "<=", gt = ">", ge = ">="
    case and, or

    var isComparison: Bool { [.eq, .ne, .lt, .le, .gt, .ge].contains(self) }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
