@testable import QueryEngine

// Random typed expressions, each written twice: in Hemi's Lua-flavoured syntax and in SQLite's
// SQL with the same meaning. Every composite is parenthesised in both, so precedence never
// decides anything; the translation rules are the point:
//   ~=            → <>
//   a / b         → CAST(a AS REAL) / b              (always float division)
//   a // b  ints  → (a - ((a % b) + b) % b) / b      (Lua floor division, exact)
//   a % b   ints  → ((a % b) + b) % b                (Lua: the sign of the divisor)
//   a // b  float → floor(CAST(a AS REAL) / b)
//   a % b   float → a - b * floor(CAST(a AS REAL) / b)   (SQLite's % would cast to integer)
//   a ^ b         → pow(a, b)
//   a .. b        → a || b
//   true / false  → 1 / 0,  nil → NULL,  len → length,  count() → COUNT(*),
//   count_distinct(x) → COUNT(DISTINCT x)
// Division, // and % by zero are null in both. Left out because the semantics legitimately
// differ (see README.md): floats and booleans inside `..` (Hemi writes 2.0 as "2" and true as
// "true"; SQLite as "2.0" and 1), lower/upper (SQLite folds ASCII only), round with digits
// (decimal half-way cases round differently), round of an integer (SQLite returns a REAL,
// which `..` would then print as "3.0"), substr with a start below 1, `^` of a negative base to
// a fractional power (NaN in Hemi, NULL in SQLite), integer overflow (an error in Hemi, a
// silent switch to REAL in SQLite), median (no SQLite function).

struct Gen {
    let hemi: String
    let sql: String
    /// nil: the `nil` literal.
    let type: DataType?
}

/// What an expression may refer to.
struct ExprContext {
    enum Aggregates { case none, group, window(over: String) }
    /// Columns that may appear bare (all of them in a row context, the keys in a group).
    var bare: [Field]
    /// Columns aggregates may read.
    var all: [Field]
    var aggregates: Aggregates = .none
    /// Only operations that are exact on the tables' values (no `/`, no square root). Used for
    /// what aggregates add up: the engines sum rows in different orders, and a 1-ulp difference
    /// can be blown up by a later `%`, floor or comparison into a different answer.
    var exact = false

    static func rows(_ fields: [Field]) -> ExprContext { ExprContext(bare: fields, all: fields) }
}

struct ExpressionGenerator {
    var rng: DiffRandom

    // MARK: leaves

    static let stringLiterals = RandomTables.words + ["Per", "M", "zz", "São"]

    mutating func literal(_ t: DataType) -> Gen {
        switch t {
        case .integer:
            let i = rng.int(-5...9)
            return i < 0 ? Gen(hemi: "(\(i))", sql: "(\(i))", type: .integer) : Gen(hemi: "\(i)", sql: "\(i)", type: .integer)
        case .float:
            let d = Double(rng.int(-40...40)) / 4
            let text = String(d)
            return d < 0 ? Gen(hemi: "(\(text))", sql: "(\(text))", type: .float) : Gen(hemi: text, sql: text, type: .float)
        case .string:
            let s = rng.pick(Self.stringLiterals)
            return Gen(hemi: "'" + s.replacingOccurrences("'", "\\'") + "'", sql: SQL.literal(.string(s)), type: .string)
        default:
            let b = rng.chance(0.5)
            return Gen(hemi: b ? "true" : "false", sql: b ? "1" : "0", type: .boolean)
        }
    }

    func column(_ f: Field) -> Gen { Gen(hemi: f.name, sql: SQL.quote(f.name), type: f.type) }

    /// A value of type `t` that needs no operator: a column, a literal or an aggregate.
    mutating func leaf(_ t: DataType, _ ctx: ExprContext) -> Gen {
        let columns = ctx.bare.filter { $0.type == t }
        switch ctx.aggregates {
        case .group:
            if !columns.isEmpty && rng.chance(0.4) { return column(rng.pick(columns)) }
            // Without keys every expression must hold an aggregate: SQL's `SELECT 3 FROM t` is
            // one row per input row, Hemi's keyless aggregate one row in all.
            return !ctx.bare.isEmpty && rng.chance(0.1) ? literal(t) : aggregate(t, ctx, over: nil)
        case .window(let over):
            if rng.chance(0.25) { return aggregate(t, ctx, over: over) }
        case .none: break
        }
        if !columns.isEmpty && rng.chance(0.75) { return column(rng.pick(columns)) }
        return literal(t)
    }

    /// An aggregate giving `t`, over a row expression of the whole input; `over` makes it a
    /// window (the aggregate broadcast to every row, as Hemi's derive does).
    mutating func aggregate(_ t: DataType, _ ctx: ExprContext, over: String?) -> Gen {
        var inner = ExprContext.rows(ctx.all)
        inner.exact = true
        let suffix = over.map { " OVER (\($0))" } ?? ""
        func call(_ h: String, _ s: String, _ arg: Gen?, _ type: DataType) -> Gen {
            Gen(hemi: "\(h)(\(arg?.hemi ?? ""))", sql: "\(s)(\(arg?.sql ?? "*"))" + suffix, type: type)
        }
        switch t {
        case .integer:
            switch rng.int(0...5) {
            case 0: return call("count", "COUNT", nil, .integer)
            case 1: return call("count", "COUNT", any(1, inner), .integer)
            case 2 where over == nil:
                let a = any(1, inner)
                return Gen(hemi: "count_distinct(\(a.hemi))", sql: "COUNT(DISTINCT \(a.sql))", type: .integer)
            case 3: return call("sum", "SUM", int(1, inner), .integer)
            default:
                let f = rng.chance(0.5) ? ("min", "MIN") : ("max", "MAX")
                return call(f.0, f.1, int(1, inner), .integer)
            }
        case .float:
            switch rng.int(0...3) {
            case 0: return call("avg", "AVG", number(1, inner), .float)
            case 1: return call("sum", "SUM", float(1, inner), .float)
            default:
                let f = rng.chance(0.5) ? ("min", "MIN") : ("max", "MAX")
                return call(f.0, f.1, float(1, inner), .float)
            }
        case .string:
            let f = rng.chance(0.5) ? ("min", "MIN") : ("max", "MAX")
            return call(f.0, f.1, string(1, inner), .string)
        default:
            let f = rng.chance(0.5) ? ("min", "MIN") : ("max", "MAX")
            return call(f.0, f.1, boolean(1, inner), .boolean)
        }
    }

    // MARK: composites

    func wrap(_ h: String, _ s: String, _ t: DataType?) -> Gen { Gen(hemi: "(\(h))", sql: "(\(s))", type: t) }

    mutating func number(_ depth: Int, _ ctx: ExprContext) -> Gen {
        rng.chance(0.5) ? int(depth, ctx) : float(depth, ctx)
    }

    mutating func int(_ depth: Int, _ ctx: ExprContext) -> Gen {
        guard depth > 0 else { return leaf(.integer, ctx) }
        switch rng.weighted([5, 4, 2, 1, 1, 1, 1, 1]) {
        case 1:
            let (a, b) = (int(depth - 1, ctx), int(depth - 1, ctx))
            let op = rng.pick(["+", "-", "*"])
            return wrap("\(a.hemi) \(op) \(b.hemi)", "\(a.sql) \(op) \(b.sql)", .integer)
        case 2:
            let (a, b) = (int(depth - 1, ctx), int(depth - 1, ctx))
            let mod = "(((\(a.sql) % \(b.sql)) + \(b.sql)) % \(b.sql))"
            if rng.chance(0.5) { return wrap("\(a.hemi) % \(b.hemi)", mod, .integer) }
            return wrap("\(a.hemi) // \(b.hemi)", "(\(a.sql) - \(mod)) / \(b.sql)", .integer)
        case 3:
            let a = int(depth - 1, ctx)
            return wrap("-\(a.hemi)", "-\(a.sql)", .integer)
        case 4:
            let a = int(depth - 1, ctx)
            return Gen(hemi: "abs(\(a.hemi))", sql: "abs(\(a.sql))", type: .integer)
        case 5:
            let (a, b) = (int(depth - 1, ctx), literal(.integer))
            return Gen(hemi: "coalesce(\(a.hemi), \(b.hemi))", sql: "coalesce(\(a.sql), \(b.sql))", type: .integer)
        case 6:
            let a = string(depth - 1, ctx)
            return Gen(hemi: "len(\(a.hemi))", sql: "length(\(a.sql))", type: .integer)
        case 7:
            // Null in arithmetic gives null.
            let a = int(depth - 1, ctx)
            return rng.chance(0.5) ? wrap("\(a.hemi) + nil", "\(a.sql) + NULL", .integer) : wrap("nil * \(a.hemi)", "NULL * \(a.sql)", .integer)
        default:
            return leaf(.integer, ctx)
        }
    }

    mutating func float(_ depth: Int, _ ctx: ExprContext) -> Gen {
        guard depth > 0 else { return leaf(.float, ctx) }
        switch rng.weighted([5, 3, ctx.exact ? 0 : 2, 2, 1, 2, 1]) {
        case 1:
            var (a, b) = (float(depth - 1, ctx), number(depth - 1, ctx))
            if rng.chance(0.5) { swap(&a, &b) }
            let op = rng.pick(["+", "-", "*"])
            return wrap("\(a.hemi) \(op) \(b.hemi)", "\(a.sql) \(op) \(b.sql)", .float)
        case 2:
            let (a, b) = (number(depth - 1, ctx), number(depth - 1, ctx))
            return wrap("\(a.hemi) / \(b.hemi)", "CAST(\(a.sql) AS REAL) / \(b.sql)", .float)
        case 3:
            var (a, b) = (float(depth - 1, ctx), number(depth - 1, ctx))
            if rng.chance(0.5) { swap(&a, &b) }
            let floorDiv = "floor(CAST(\(a.sql) AS REAL) / \(b.sql))"
            if rng.chance(0.5) { return wrap("\(a.hemi) // \(b.hemi)", floorDiv, .float) }
            return wrap("\(a.hemi) % \(b.hemi)", "\(a.sql) - \(b.sql) * \(floorDiv)", .float)
        case 4:
            let a = number(depth - 1, ctx)
            switch rng.int(0...(ctx.exact ? 1 : 2)) {
            case 0: return wrap("\(a.hemi) ^ 2", "pow(\(a.sql), 2)", .float)
            case 1: return wrap("\(a.hemi) ^ 3", "pow(\(a.sql), 3)", .float)
            default: return wrap("abs(\(a.hemi)) ^ 0.5", "pow(abs(\(a.sql)), 0.5)", .float)
            }
        case 5:
            let a = float(depth - 1, ctx)
            let f = rng.pick(["abs", "floor", "ceil", "round"])
            return Gen(hemi: "\(f)(\(a.hemi))", sql: "\(f)(\(a.sql))", type: .float)
        case 6:
            let (a, b) = (float(depth - 1, ctx), literal(.float))
            return Gen(hemi: "coalesce(\(a.hemi), \(b.hemi))", sql: "coalesce(\(a.sql), \(b.sql))", type: .float)
        default:
            return leaf(.float, ctx)
        }
    }

    mutating func string(_ depth: Int, _ ctx: ExprContext) -> Gen {
        guard depth > 0 else { return leaf(.string, ctx) }
        switch rng.weighted([5, 3, 1, 1, 1]) {
        case 1:
            let (a, b) = (string(depth - 1, ctx), string(depth - 1, ctx))
            return wrap("\(a.hemi) .. \(b.hemi)", "\(a.sql) || \(b.sql)", .string)
        case 2:
            // Integers print alike in both; only plain integer columns (see the header).
            let a = string(depth - 1, ctx)
            let ints = ctx.bare.filter { $0.type == .integer }
            guard !ints.isEmpty else { return a }
            let n = rng.pick(ints)
            return wrap("\(a.hemi) .. \(n.name)", "\(a.sql) || \(SQL.quote(n.name))", .string)
        case 3:
            let a = string(depth - 1, ctx)
            let start = rng.int(1...4)
            if rng.chance(0.5) { return Gen(hemi: "substr(\(a.hemi), \(start))", sql: "substr(\(a.sql), \(start))", type: .string) }
            let count = rng.int(0...4)
            return Gen(hemi: "substr(\(a.hemi), \(start), \(count))", sql: "substr(\(a.sql), \(start), \(count))", type: .string)
        case 4:
            let (a, b) = (string(depth - 1, ctx), literal(.string))
            return Gen(hemi: "coalesce(\(a.hemi), \(b.hemi))", sql: "coalesce(\(a.sql), \(b.sql))", type: .string)
        default:
            return leaf(.string, ctx)
        }
    }

    static let comparisons = [("==", "="), ("~=", "<>"), ("<", "<"), ("<=", "<="), (">", ">"), (">=", ">=")]

    mutating func boolean(_ depth: Int, _ ctx: ExprContext) -> Gen {
        let d = max(0, depth - 1)
        switch rng.weighted([2, 5, 3, depth > 0 ? 3 : 0, depth > 0 ? 1 : 0, 2, 2, 1]) {
        case 1:
            let (a, b) = (number(d, ctx), number(d, ctx))
            let op = rng.pick(Self.comparisons)
            return wrap("\(a.hemi) \(op.0) \(b.hemi)", "\(a.sql) \(op.1) \(b.sql)", .boolean)
        case 2:
            let a = string(d, ctx)
            let b = rng.chance(0.6) ? literal(.string) : string(d, ctx)
            let op = rng.pick(Self.comparisons)
            return wrap("\(a.hemi) \(op.0) \(b.hemi)", "\(a.sql) \(op.1) \(b.sql)", .boolean)
        case 3:
            let (a, b) = (boolean(depth - 1, ctx), boolean(depth - 1, ctx))
            return rng.chance(0.5) ? wrap("\(a.hemi) and \(b.hemi)", "\(a.sql) AND \(b.sql)", .boolean)
                                   : wrap("\(a.hemi) or \(b.hemi)", "\(a.sql) OR \(b.sql)", .boolean)
        case 4:
            let a = boolean(depth - 1, ctx)
            return wrap("not \(a.hemi)", "NOT \(a.sql)", .boolean)
        case 5:
            let a = any(d, ctx)
            return rng.chance(0.5) ? wrap("\(a.hemi) is nil", "\(a.sql) IS NULL", .boolean)
                                   : wrap("\(a.hemi) is not nil", "\(a.sql) IS NOT NULL", .boolean)
        case 6:
            let t = rng.pick([DataType.integer, .float, .string])
            let a = leaf(t, ctx)
            var items: [Gen] = []
            for _ in 0..<rng.int(1...4) { items.append(literal(t == .float && rng.chance(0.5) ? .integer : t)) }
            // `in` with nil: null unless a match is found.
            if rng.chance(0.2) { items.insert(Gen(hemi: "nil", sql: "NULL", type: nil), at: rng.int(0...items.count)) }
            let negated = rng.chance(0.4)
            return wrap("\(a.hemi) \(negated ? "not in" : "in") (\(items.map(\.hemi).joined(separator: ", ")))",
                        "\(a.sql) \(negated ? "NOT IN" : "IN") (\(items.map(\.sql).joined(separator: ", ")))", .boolean)
        case 7:
            let (a, b) = (leaf(.boolean, ctx), rng.chance(0.5) ? literal(.boolean) : leaf(.boolean, ctx))
            return rng.chance(0.5) ? wrap("\(a.hemi) == \(b.hemi)", "\(a.sql) = \(b.sql)", .boolean)
                                   : wrap("\(a.hemi) ~= \(b.hemi)", "\(a.sql) <> \(b.sql)", .boolean)
        default:
            return leaf(.boolean, ctx)
        }
    }

    mutating func any(_ depth: Int, _ ctx: ExprContext) -> Gen {
        switch rng.int(0...3) {
        case 0: return int(depth, ctx)
        case 1: return float(depth, ctx)
        case 2: return string(depth, ctx)
        default: return boolean(depth, ctx)
        }
    }

    mutating func of(_ t: DataType, _ depth: Int, _ ctx: ExprContext) -> Gen {
        switch t {
        case .integer: return int(depth, ctx)
        case .float: return float(depth, ctx)
        case .string: return string(depth, ctx)
        default: return boolean(depth, ctx)
        }
    }
}
