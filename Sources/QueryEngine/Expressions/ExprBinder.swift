// Checks a parsed expression against a schema and types every node. Names that are not
// columns are asked of the caller's resolver (metrics): it returns the metric's definition,
// parsed once when it was registered, which is bound in place, with cycles detected.
// Parameters (`:name`) become literals of the value given for them. Errors carry the caret.

/// An expression parsed once and kept with its text: a metric's definition. A definition
/// that does not parse keeps its error, reported where the metric is used.
public struct ParsedExpression: Sendable {
    public let text: String
    let parsed: Result<Expr, ExprError>
    /// Why the text does not parse, or nil.
    public var error: ExprError? { if case .failure(let e) = parsed { return e } else { return nil } }
    public init(_ text: String) {
        self.text = text
        do throws(ExprError) { parsed = .success(try ExprParser.parse(text)) } catch { parsed = .failure(error) }
    }
}

/// What a name that is not a column stands for (a metric's definition), or nil.
public typealias NameResolver = @Sendable (String) -> ParsedExpression?

struct ExprBinder {
    enum Mode {
        /// Row by row (filter, derive); aggregates are allowed and broadcast over the rows.
        case row
        /// One value per group: columns must be group keys unless inside an aggregate.
        case group(keys: Set<Int>)
    }

    let fields: [Field]
    let resolver: NameResolver?
    /// Values for `:name`; nil when the caller gave none (a parameter is then an error).
    let parameters: [String: Value]?
    /// Parameters the expression used (to report given ones it never names).
    var usedParameters: Set<String> = []
    var mode: Mode
    /// The source text of the expression being bound (for error carets).
    var source: String
    /// Metric names being expanded, outermost first (cycle detection).
    var expanding: [String] = []
    var insideAggregate = false

    init(fields: [Field], resolver: NameResolver?, parameters: [String: Value]? = nil, mode: Mode = .row, source: String) {
        self.fields = fields
        self.resolver = resolver
        self.parameters = parameters
        self.mode = mode
        self.source = source
    }

    /// Parses and binds `text` in one step; adds the parameters it names to `used`.
    static func bind(_ text: String, fields: [Field], resolver: NameResolver?, parameters: [String: Value]? = nil,
                     mode: Mode = .row, used: inout Set<String>) throws(ExprError) -> BoundExpr {
        let expr = try ExprParser.parse(text)
        var binder = ExprBinder(fields: fields, resolver: resolver, parameters: parameters, mode: mode, source: text)
        let bound = try binder.bind(expr)
        used.formUnion(binder.usedParameters)
        return bound
    }

    func fail(_ e: Expr, _ message: String) -> ExprError { ExprError(source, at: e.position, message) }

    mutating func bind(_ e: Expr) throws(ExprError) -> BoundExpr {
        switch e.kind {
        case .literal(let v):
            return .literal(v)
        case .column(let name):
            return try bindName(name, e)
        case .parameter(let name):
            return .literal(try parameter(name, e))
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
                var literal = item.kind
                if case .parameter(let name) = item.kind { literal = .literal(try parameter(name, item)) }
                guard case .literal(var v) = literal else {
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
        if let resolver, let definition = resolver(name) {
            let text = definition.text
            if let start = expanding.firstIndex(of: name) {
                let cycle = (expanding[start...] + [name]).joined(separator: " → ")
                throw fail(e, "metric \"\(name)\" refers to itself: \(cycle)")
            }
            let parsed: Expr
            switch definition.parsed {
            case .success(let p): parsed = p
            case .failure(let error):
                throw fail(e, "metric \"\(name)\" has a bad definition: \(error.message) (in: \(text))")
            }
            var inner = ExprBinder(fields: fields, resolver: resolver, parameters: nil, mode: mode, source: text)
            inner.expanding = expanding + [name]
            inner.insideAggregate = insideAggregate
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

    /// The value given for `:name`. A parameter absent from the values given is nil, as a
    /// missing field of a Lua table is; with no values given at all it is an error.
    mutating func parameter(_ name: String, _ e: Expr) throws(ExprError) -> Value {
        guard let parameters else {
            throw fail(e, "parameter :\(name) has no value (give the values beside the expression, e.g. q:filter(\"year == :y\", { y = 2023 }))")
        }
        usedParameters.insert(name)
        return parameters[name] ?? .null
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
