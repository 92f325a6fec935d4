// Recursive-descent parser for the Lua-flavoured expression syntax. Precedence, lowest first:
//   or · and · not · comparisons (== ~= < <= > >=, in, is nil) · .. (right) · + - ·
//   * / // % · unary minus · ^ (right)
// One deliberate difference from Lua: `not` binds looser than comparisons, as in SQL, so
// `not region == 'lac'` means `not (region == 'lac')`. For boolean operands both readings
// agree; for others Lua's reading would only be a type error.

enum ExprParser {
    /// Tokens an expression may have. The parser, binder, evaluator and even the release of a
    /// syntax tree recurse once per level of nesting, and a tree cannot be deeper than its
    /// token count: this bound keeps a pathological input (100,000 nested parentheses) an
    /// error instead of a stack overflow. Real expressions are far shorter.
    static let maxTokens = 1_000

    static func parse(_ text: String) throws(ExprError) -> Expr {
        let tokens = try ExprLexer.tokenize(text)
        if tokens.count - 1 > maxTokens {
            throw ExprError(text, at: tokens[maxTokens].position,
                            "expression too long: at most \(maxTokens) tokens, this one has \(tokens.count - 1); split it into several derived columns")
        }
        var p = Parser(text: text, tokens: tokens)
        if case .end = p.peek.kind { throw ExprError(text, at: 0, "empty expression") }
        let e = try p.expression()
        guard case .end = p.peek.kind else {
            throw ExprError(text, at: p.peek.position, "unexpected '\(p.peek.text)' after a complete expression")
        }
        return e
    }
}

private struct Parser {
    let text: String
    let tokens: [ExprToken]
    var index = 0

    init(text: String, tokens: [ExprToken]) { self.text = text; self.tokens = tokens }

    var peek: ExprToken { tokens[index] }
    mutating func advance() -> ExprToken { let t = tokens[index]; if index < tokens.count - 1 { index += 1 }; return t }

    func isSymbol(_ s: String) -> Bool { if case .symbol(s) = peek.kind { return true } else { return false } }
    func isKeyword(_ s: String) -> Bool { if case .keyword(s) = peek.kind { return true } else { return false } }
    func keyword(at offset: Int, _ s: String) -> Bool {
        guard index + offset < tokens.count else { return false }
        if case .keyword(s) = tokens[index + offset].kind { return true } else { return false }
    }

    mutating func expect(_ s: String, _ context: String) throws(ExprError) {
        guard isSymbol(s) else {
            throw ExprError(text, at: peek.position, "expected '\(s)' \(context), found \(describeNext())")
        }
        _ = advance()
    }

    func describeNext() -> String {
        if case .end = peek.kind { return "the end of the expression" }
        return "'\(peek.text)'"
    }

    mutating func expression() throws(ExprError) -> Expr { try orExpr() }

    mutating func orExpr() throws(ExprError) -> Expr {
        var left = try andExpr()
        while isKeyword("or") {
            let t = advance()
            left = Expr(.binary(.or, left, try andExpr()), at: t.position)
        }
        return left
    }

    mutating func andExpr() throws(ExprError) -> Expr {
        var left = try notExpr()
        while isKeyword("and") {
            let t = advance()
            left = Expr(.binary(.and, left, try notExpr()), at: t.position)
        }
        return left
    }

    mutating func notExpr() throws(ExprError) -> Expr {
        if isKeyword("not") {
            let t = advance()
            return Expr(.unary(.not, try notExpr()), at: t.position)
        }
        return try comparison()
    }

    static let comparisons: [String: BinaryOp] = ["==": .eq, "~=": .ne, "<": .lt, "<=": .le, ">": .gt, ">=": .ge]

    mutating func comparison() throws(ExprError) -> Expr {
        var left = try concat()
        while true {
            if case .symbol(let s) = peek.kind, let op = Parser.comparisons[s] {
                let t = advance()
                left = Expr(.binary(op, left, try concat()), at: t.position)
            } else if isKeyword("is") {
                let t = advance()
                var negated = false
                if isKeyword("not") { _ = advance(); negated = true }
                guard isKeyword("nil") else {
                    throw ExprError(text, at: peek.position, "expected 'nil' after '\(negated ? "is not" : "is")', found \(describeNext())")
                }
                _ = advance()
                left = Expr(.isNil(left, negated: negated), at: t.position)
            } else if isKeyword("in") || (isKeyword("not") && keyword(at: 1, "in")) {
                let t = advance()
                let negated = t.kind == .keyword("not")
                if negated { _ = advance() }
                try expect("(", "after 'in'")
                var items: [Expr] = []
                if !isSymbol(")") {
                    items.append(try expression())
                    while isSymbol(",") { _ = advance(); items.append(try expression()) }
                }
                try expect(")", "to close the list of 'in'")
                left = Expr(.inList(left, items, negated: negated), at: t.position)
            } else {
                return left
            }
        }
    }

    mutating func concat() throws(ExprError) -> Expr {
        let left = try additive()
        if isSymbol("..") {
            let t = advance()
            return Expr(.binary(.concat, left, try concat()), at: t.position)
        }
        return left
    }

    mutating func additive() throws(ExprError) -> Expr {
        var left = try multiplicative()
        while true {
            let op: BinaryOp
            if isSymbol("+") { op = .add } else if isSymbol("-") { op = .sub } else { return left }
            let t = advance()
            left = Expr(.binary(op, left, try multiplicative()), at: t.position)
        }
    }

    mutating func multiplicative() throws(ExprError) -> Expr {
        var left = try unary()
        while true {
            let op: BinaryOp
            if isSymbol("*") { op = .mul } else if isSymbol("/") { op = .div }
            else if isSymbol("//") { op = .idiv } else if isSymbol("%") { op = .mod } else { return left }
            let t = advance()
            left = Expr(.binary(op, left, try unary()), at: t.position)
        }
    }

    mutating func unary() throws(ExprError) -> Expr {
        if isSymbol("-") {
            let t = advance()
            let operand = try unary()
            // Fold negative literals so `-5` in an `in` list is a constant like `5`.
            if case .literal(let v) = operand.kind {
                switch v {
                case .int(let i) where i != Int64.min: return Expr(.literal(.int(-i)), at: t.position)
                case .double(let d): return Expr(.literal(.double(-d)), at: t.position)
                default: break
                }
            }
            return Expr(.unary(.negate, operand), at: t.position)
        }
        if isKeyword("not") {
            let t = advance()
            return Expr(.unary(.not, try unary()), at: t.position)
        }
        return try power()
    }

    mutating func power() throws(ExprError) -> Expr {
        let base = try primary()
        if isSymbol("^") {
            let t = advance()
            return Expr(.binary(.pow, base, try unary()), at: t.position)
        }
        return base
    }

    mutating func primary() throws(ExprError) -> Expr {
        let t = peek
        switch t.kind {
        case .number(let v): _ = advance(); return Expr(.literal(v), at: t.position)
        case .string(let s): _ = advance(); return Expr(.literal(.string(s)), at: t.position)
        case .keyword("true"): _ = advance(); return Expr(.literal(.bool(true)), at: t.position)
        case .keyword("false"): _ = advance(); return Expr(.literal(.bool(false)), at: t.position)
        case .keyword("nil"): _ = advance(); return Expr(.literal(.null), at: t.position)
        case .parameter(let name): _ = advance(); return Expr(.parameter(name), at: t.position)
        case .identifier(let name):
            _ = advance()
            guard isSymbol("(") else { return Expr(.column(name), at: t.position) }
            _ = advance()
            var args: [Expr] = []
            if isSymbol("*") && name.lowercased() == "count" {
                _ = advance()  // count(*) as in SQL: the same as count()
            } else if !isSymbol(")") {
                args.append(try expression())
                while isSymbol(",") { _ = advance(); args.append(try expression()) }
            }
            try expect(")", "to close the arguments of \(name)")
            return Expr(.call(name.lowercased(), args), at: t.position)
        case .symbol("("):
            _ = advance()
            let inner = try expression()
            try expect(")", "to close '('")
            return inner
        case .end:
            throw ExprError(text, at: t.position, "expression ends too early: expected a value, a column or '('")
        default:
            throw ExprError(text, at: t.position, "unexpected '\(t.text)': expected a value, a column or '('")
        }
    }
}
