// Splits expression text into tokens. Works on Characters so positions are the character
// offsets the caret line needs.

struct ExprToken: Equatable {
    enum Kind: Equatable {
        case number(Value)
        case string(String)
        case identifier(String)
        /// `:name`, a bound parameter (its value comes with the expression, never in its text).
        case parameter(String)
        case keyword(String)   // and or not in is nil true false
        case symbol(String)    // operators and punctuation
        case end
    }
    let kind: Kind
    let position: Int

    var text: String {
        switch kind {
        case .number(let v): return v.description
        case .string(let s): return "'\(s)'"
        case .identifier(let s), .keyword(let s), .symbol(let s): return s
        case .parameter(let s): return ":" + s
        case .end: return "end of expression"
        }
    }
}

struct ExprLexer {
    static let keywords: Set<String> = ["and", "or", "not", "in", "is", "nil", "true", "false"]
    // Longest first so "//" wins over "/", "<=" over "<", ".." over ".".
    static let symbols = ["==", "~=", "!=", "<=", ">=", "//", "..", "<", ">", "+", "-", "*", "/", "%", "^", "(", ")", ","]

    static func tokenize(_ text: String) throws(ExprError) -> [ExprToken] {
        let chars = Array(text)
        var tokens: [ExprToken] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isSpace { i += 1; continue }
            let start = i
            if c.isNumber && c.isASCII || (c == "." && i + 1 < chars.count && chars[i + 1].isASCII && chars[i + 1].isNumber) {
                var j = i
                while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
                var isFloat = false
                if j < chars.count, chars[j] == ".", !(j + 1 < chars.count && chars[j + 1] == ".") {
                    isFloat = true
                    j += 1
                    while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
                }
                if j < chars.count, chars[j] == "e" || chars[j] == "E" {
                    var k = j + 1
                    if k < chars.count, chars[k] == "+" || chars[k] == "-" { k += 1 }
                    if k < chars.count, chars[k].isASCII, chars[k].isNumber {
                        isFloat = true
                        j = k
                        while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
                    }
                }
                let lexeme = String(chars[i..<j])
                if j < chars.count, chars[j].isNameStart {
                    throw ExprError(text, at: j, "malformed number near '\(lexeme)\(chars[j])'")
                }
                if !isFloat, let v = Int64(lexeme) {
                    tokens.append(ExprToken(kind: .number(.int(v)), position: start))
                } else if let d = Double(lexeme) {
                    tokens.append(ExprToken(kind: .number(.double(d)), position: start))
                } else {
                    throw ExprError(text, at: start, "malformed number '\(lexeme)'")
                }
                i = j
                continue
            }
            if c.isNameStart {
                var j = i
                while j < chars.count, chars[j].isNameChar { j += 1 }
                let word = String(chars[i..<j])
                tokens.append(ExprToken(kind: keywords.contains(word) ? .keyword(word) : .identifier(word), position: start))
                i = j
                continue
            }
            if c == "'" || c == "\"" {
                var j = i + 1
                var s = ""
                var closed = false
                while j < chars.count {
                    let d = chars[j]
                    if d == c { closed = true; j += 1; break }
                    if d == "\\", j + 1 < chars.count {
                        let e = chars[j + 1]
                        switch e {
                        case "n": s.append("\n")
                        case "t": s.append("\t")
                        default: s.append(e)
                        }
                        j += 2
                        continue
                    }
                    s.append(d)
                    j += 1
                }
                guard closed else { throw ExprError(text, at: start, "unfinished string (the closing \(c) is missing)") }
                tokens.append(ExprToken(kind: .string(s), position: start))
                i = j
                continue
            }
            if c == ":" {
                var j = i + 1
                while j < chars.count, chars[j].isNameChar { j += 1 }
                guard j > i + 1, !chars[i + 1].isNumber else {
                    throw ExprError(text, at: start, "a parameter needs a name after ':' (e.g. :year)")
                }
                tokens.append(ExprToken(kind: .parameter(String(chars[(i + 1)..<j])), position: start))
                i = j
                continue
            }
            // `name` quotes a column name that is not an identifier ("exports (usd)").
            if c == "`" {
                guard let close = chars[(i + 1)...].firstIndex(of: "`") else {
                    throw ExprError(text, at: start, "unfinished quoted name (the closing ` is missing)")
                }
                tokens.append(ExprToken(kind: .identifier(String(chars[(i + 1)..<close])), position: start))
                i = close + 1
                continue
            }
            var matched = false
            for sym in symbols {
                let n = sym.count
                if i + n <= chars.count, String(chars[i..<(i + n)]) == sym {
                    tokens.append(ExprToken(kind: .symbol(sym == "!=" ? "~=" : sym), position: start))
                    i += n
                    matched = true
                    break
                }
            }
            if !matched {
                let hint = c == "=" ? " (use == to compare)" : ""
                throw ExprError(text, at: start, "unexpected character '\(c)'\(hint)")
            }
        }
        tokens.append(ExprToken(kind: .end, position: chars.count))
        return tokens
    }
}

/// The one way to find the names an expression mentions (columns, metrics, functions), with
/// the engine's own lexer: strings, quoted names and parameters are told apart exactly as the
/// parser tells them. Used for derive's dependency order, the metric lookup before a verb and
/// REPL completion. Text that does not lex (an unfinished string while typing) still yields
/// the names before and after the bad character.
public enum ExpressionNames {
    /// Identifiers (and `quoted` names) in order of first appearance, without repeats (every
    /// occurrence with `repeats`); keywords, function names (an identifier followed by `(`)
    /// excluded when `includeFunctions` is false.
    public static func identifiers(in text: String, includeFunctions: Bool = true, repeats: Bool = false) -> [String] {
        var out: [String] = [], seen = Set<String>()
        collect(text, includeFunctions: includeFunctions, repeats: repeats, into: &out, seen: &seen)
        return out
    }

    private static func collect(_ text: String, includeFunctions: Bool, repeats: Bool, into out: inout [String], seen: inout Set<String>) {
        let tokens: [ExprToken]
        do throws(ExprError) { tokens = try ExprLexer.tokenize(text) } catch {
            let chars = Array(text)
            let at = min(max(error.position, 0), chars.count)
            collect(String(chars[..<at]), includeFunctions: includeFunctions, repeats: repeats, into: &out, seen: &seen)
            // After an unfinished string or quoted name everything is inside it.
            let opensQuote = at < chars.count && (chars[at] == "'" || chars[at] == "\"" || chars[at] == "`")
            if !opensQuote, at + 1 < chars.count { collect(String(chars[(at + 1)...]), includeFunctions: includeFunctions, repeats: repeats, into: &out, seen: &seen) }
            return
        }
        for (i, t) in tokens.enumerated() {
            guard case .identifier(let name) = t.kind else { continue }
            if !includeFunctions, i + 1 < tokens.count, case .symbol("(") = tokens[i + 1].kind { continue }
            if seen.insert(name).inserted || repeats { out.append(name) }
        }
    }
}

// The character classes of names and spaces, as Character's own properties define them, with
// ASCII answered from its code (the Unicode property lookup was most of the time of lexing
// the short texts every verb binds).
extension Character {
    /// A letter or `_`: what a name starts with.
    var isNameStart: Bool {
        if let a = asciiValue { return (a >= 0x61 && a <= 0x7A) || (a >= 0x41 && a <= 0x5A) || a == 0x5F }
        return isLetter
    }
    /// A letter, a digit or `_`: what a name goes on with.
    var isNameChar: Bool {
        if let a = asciiValue { return (a >= 0x61 && a <= 0x7A) || (a >= 0x41 && a <= 0x5A) || (a >= 0x30 && a <= 0x39) || a == 0x5F }
        return isLetter || isNumber
    }
    /// Whitespace (space, tab, line breaks, form feed, vertical tab, and Unicode's).
    var isSpace: Bool {
        if let a = asciiValue { return a == 0x20 || (a >= 0x09 && a <= 0x0D) }
        return isWhitespace
    }
}
