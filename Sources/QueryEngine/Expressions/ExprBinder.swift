// Checks a parsed expression against a schema and types every node. Names that are not
// columns are asked of the caller's resolver (metrics): it returns expression text that is
// parsed and bound in place, with cycles detected. Errors carry the caret position.

/// Maps a name that is not a column to expression text (a metric's definition), or nil.
public typealias NameResolver = (String) -> String?

struct ExprBinder {
    enum Mode {
        /// Row by row (filter, derive); aggregates are allowed and broadcast over the rows.
        case row
        /// One value per group: columns must be group keys unless inside an aggregate.
        case group(keys: Set<Int>)
    }

    let fields: [Field]
    let resolver: NameResolver?
    var mode: Mode
    /// The source text of the expression being bound (for error carets).
    var source: String
    /// Metric names being expanded, outermost first (cycle detection).
    var expanding: [String] = []
    var insideAggregate = false

    init(fields: [Field], resolver: NameResolver?, mode: Mode = .row, source: String) {
        self.fields = fields
        self.resolver = resolver
        self.mode = mode
        self.source = source
    }

    /// Parses and binds `text` in one step.
    static func bind(_ text: String, fields: [Field], resolver: NameResolver?, mode: Mode = .row) throws(ExprError) -> BoundExpr {
        let expr = try ExprParser.parse(text)
        var binder = ExprBinder(fields: fields, resolver: resolver, mode: mode, source: text)
        return try binder.bind(expr)
    }

    func fail(_ e: Expr, _ message: String) -> ExprError { ExprError(source, at: e.position, message) }

    mutating func bind(_ e: Expr) throws(ExprError) -> BoundExpr {
        switch e.kind {
        case .literal(let v):
            return .literal(v)
        case .column(let name):
            return try bindName(name, e)
        case .unary(let op, let inner):
            let b = try bind(inner)
            switch op {
            case .negate:
                guard b.type == nil || b.type!.isNumeric else {
                    throw fail(e, "cannot negate a \(b.type!) value (unary minus needs a number)")
                }
            case .not:
                guard b.type == nil || b.type == .boolean else {
                    throw fail(e, "'not' needs a boolean, got \(b.type!)")
                }
            }
            return .unary(op, b)
        case .binary(let op, let l, let r):
            return try bindBinary(op, try bind(l), try bind(r), e)
        case .call(let name, let args):
            return try bindCall(name, args, e)
        case .isNil(let inner, let negated):
            return .isNil(try bind(inner), negated: negated)
        case .inList(let inner, let items, let negated):
            let b = try bind(inner)
            var values: [Value] = []
            for item in items {
                guard case .literal(var v) = item.kind else {
                    throw fail(item, "the list of 'in' takes constant values (numbers, strings, true, false, nil)")
                }
                if b.type == .date, case .string(let s) = v {
                    guard let d = CivilDate(iso: s) else { throw fail(item, "'\(s)' is not a date (expected YYYY-MM-DD)") }
                    v = .date(d.days)
                }
                if let bt = b.type, let vt = v.type, !(bt == vt || (bt.isNumeric && vt.isNumeric)) {
                    throw fail(item, "cannot compare \(bt) with \(vt) in the list of 'in'")
                }
                values.append(v)
            }
            return .inList(b, values, negated: negated)
        }
    }

    mutating func bindName(_ name: String, _ e: Expr) throws(ExprError) -> BoundExpr {
        if let i = fields.firstIndex(where: { $0.name == name }) {
            if case .group(let keys) = mode, !insideAggregate, !keys.contains(i) {
                throw fail(e, "column \"\(name)\" is neither a group key nor inside an aggregate (use e.g. sum(\(name)), or group by it)")
            }
            return .column(i, fields[i].type)
        }
        if let resolver, let text = resolver(name) {
            if let start = expanding.firstIndex(of: name) {
                let cycle = (expanding[start...] + [name]).joined(separator: " → ")
                throw fail(e, "metric \"\(name)\" refers to itself: \(cycle)")
            }
            let parsed: Expr
            do throws(ExprError) { parsed = try ExprParser.parse(text) } catch {
                throw fail(e, "metric \"\(name)\" has a bad definition: \(error.message) (in: \(text))")
            }
            var inner = self
            inner.source = text
            inner.expanding.append(name)
            do throws(ExprError) {
                return try inner.bind(parsed)
            } catch {
                // Errors from inside the metric already name it; keep the innermost message
                // but place the caret where the metric is used in the user's expression.
                if error.source == source { throw error }
                let prefix = error.message.hasPrefix("metric \"") ? "" : "in metric \"\(name)\" (\(text)): "
                throw fail(e, prefix + error.message)
            }
        }
        throw fail(e, "unknown column \"\(name)\"" + suggestion(name, fields.map(\.name)))
    }

    func suggestion(_ name: String, _ candidates: [String]) -> String {
        let close = Suggest.closest(name, candidates)
        if close.isEmpty { return candidates.isEmpty ? "" : " (columns: \(candidates.prefix(12).joined(separator: ", "))\(candidates.count > 12 ? ", …" : ""))" }
        return " (did you mean \(close.joined(separator: ", "))?)"
    }

    func bindBinary(_ op: BinaryOp, _ l: BoundExpr, _ r: BoundExpr, _ e: Expr) throws(ExprError) -> BoundExpr {
        let lt = l.type, rt = r.type
        func typeName(_ t: DataType?) -> String { t?.rawValue ?? "nil" }
        switch op {
        case .and, .or:
            for t in [lt, rt] where t != nil && t != .boolean {
                throw fail(e, "'\(op.rawValue)' needs booleans, got \(typeName(lt)) and \(typeName(rt))")
            }
            return .binary(op, l, r, .boolean)
        case .concat:
            return .binary(op, l, r, .string)
        case .add, .sub, .mul, .div, .idiv, .mod, .pow:
            for t in [lt, rt] where t != nil && !t!.isNumeric {
                throw fail(e, "cannot apply '\(op.rawValue)' to \(typeName(lt)) and \(typeName(rt))" + (op == .add && (lt == .string || rt == .string) ? " (use .. to join strings)" : ""))
            }
            let result: DataType
            switch op {
            case .div, .pow: result = .float
            default: result = (lt == .float || rt == .float) ? .float : .integer
            }
            return .binary(op, l, r, result)
        case .eq, .ne, .lt, .le, .gt, .ge:
            var l = l, r = r
            // A date compared with a string literal: read the literal as a date.
            if lt == .date, case .literal(.string(let s)) = r {
                guard let d = CivilDate(iso: s) else { throw fail(e, "'\(s)' is not a date (expected YYYY-MM-DD)") }
                r = .literal(.date(d.days))
            } else if rt == .date, case .literal(.string(let s)) = l {
                guard let d = CivilDate(iso: s) else { throw fail(e, "'\(s)' is not a date (expected YYYY-MM-DD)") }
                l = .literal(.date(d.days))
            }
            if let a = l.type, let b = r.type, !(a == b || (a.isNumeric && b.isNumeric)) {
                throw fail(e, "cannot compare \(a) with \(b) using '\(op.rawValue)'")
            }
            return .binary(op, l, r, .boolean)
        }
    }

    mutating func bindCall(_ name: String, _ args: [Expr], _ e: Expr) throws(ExprError) -> BoundExpr {
        if let agg = AggregateFunction(rawValue: name) {
            guard FunctionCatalog.arity(agg).contains(args.count) else {
                throw fail(e, "\(name) takes \(describe(FunctionCatalog.arity(agg))), got \(args.count)")
            }
            if insideAggregate { throw fail(e, "\(name) inside another aggregate: aggregates cannot be nested") }
            var inner = self
            inner.insideAggregate = true
            let arg = try args.first.map { (a: Expr) throws(ExprError) -> BoundExpr in try inner.bind(a) }
            if let t = arg?.type {
                switch agg {
                case .sum, .avg, .median:
                    guard t.isNumeric else { throw fail(e, "\(name) needs a number, got \(t)") }
                default: break
                }
            }
            return .aggregate(agg, arg, FunctionCatalog.resultType(agg, arg?.type))
        }
        guard let f = ScalarFunction(rawValue: name) else {
            throw fail(e, "unknown function \(name)" + {
                let close = Suggest.closest(name, FunctionCatalog.allNames)
                return close.isEmpty ? "" : " (did you mean \(close.joined(separator: ", "))?)"
            }())
        }
        guard FunctionCatalog.arity(f).contains(args.count) else {
            throw fail(e, "\(name) takes \(describe(FunctionCatalog.arity(f))), got \(args.count)")
        }
        var bound: [BoundExpr] = []
        for a in args { bound.append(try bind(a)) }
        let types = bound.map(\.type)
        func need(_ i: Int, _ ok: (DataType) -> Bool, _ what: String) throws(ExprError) {
            if let t = types[i], !ok(t) {
                throw ExprError(source, at: args[i].position, "\(name) needs \(what) as argument \(i + 1), got \(t)")
            }
        }
        let result: DataType?
        switch f {
        case .abs, .floor, .ceil:
            try need(0, \.isNumeric, "a number")
            result = types[0] ?? .float
        case .round:
            try need(0, \.isNumeric, "a number")
            if bound.count == 2 { try need(1, { $0 == .integer }, "an integer (digits)") }
            result = types[0] ?? .float
        case .coalesce:
            var t: DataType? = nil
            for (i, at) in types.enumerated() {
                guard let at else { continue }
                if let cur = t, cur != at {
                    if cur.isNumeric && at.isNumeric { t = .float; continue }
                    throw ExprError(source, at: args[i].position, "coalesce mixes \(cur) and \(at): all arguments need one type")
                }
                if t == nil { t = at }
            }
            result = t
        case .lower, .upper:
            try need(0, { $0 == .string }, "a string")
            result = .string
        case .len:
            try need(0, { $0 == .string }, "a string")
            result = .integer
        case .substr:
            try need(0, { $0 == .string }, "a string")
            try need(1, { $0 == .integer }, "an integer (start, from 1)")
            if bound.count == 3 { try need(2, { $0 == .integer }, "an integer (length)") }
            result = .string
        case .year, .month, .day:
            try need(0, { $0 == .date }, "a date")
            result = .integer
        case .date:
            try need(0, { $0 == .string || $0 == .date }, "a string (YYYY-MM-DD)")
            if case .literal(.string(let s)) = bound[0] {
                guard let d = CivilDate(iso: s) else { throw ExprError(source, at: args[0].position, "'\(s)' is not a date (expected YYYY-MM-DD)") }
                return .literal(.date(d.days))
            }
            result = .date
        }
        return .function(f, bound, result)
    }

    func describe(_ r: ClosedRange<Int>) -> String {
        if r.lowerBound == r.upperBound { return r.lowerBound == 1 ? "1 argument" : "\(r.lowerBound) arguments" }
        if r.upperBound > 10 { return "at least \(r.lowerBound) argument\(r.lowerBound == 1 ? "" : "s")" }
        return "\(r.lowerBound) to \(r.upperBound) arguments"
    }
}

/// "Did you mean" candidates: edit distance, case-insensitive, closest first. `distance` is
/// the one Levenshtein distance of the code base (the dataset, country lookup and the REPL
/// use it too).
public enum Suggest {
    public static func closest(_ name: String, _ candidates: [String], limit: Int = 3) -> [String] {
        let target = Array(name.lowercased())
        let budget = max(2, target.count / 3)
        var scored: [(Int, String)] = []
        for c in candidates {
            let lc = c.lowercased()
            var d = distance(target, Array(lc))
            let shorter = min(lc.count, target.count)
            if shorter >= 3, lc.hasPrefix(String(target)) || String(target).hasPrefix(lc) { d = min(d, 1) }
            if d <= budget { scored.append((d, c)) }
        }
        return scored.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.prefix(limit).map(\.1)
    }

    /// Levenshtein distance over characters (insert, delete, substitute cost 1).
    public static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
