// One entry of the API reference (APIReference.text), parsed: what help prints and what the
// LuaCATS generator writes.

struct APIEntry: Sendable, Equatable {
    enum Kind: String, Sendable { case `class`, function, method, field }
    struct Parameter: Sendable, Equatable {
        var name: String
        var type: String
        var optional: Bool
    }
    var kind: Kind
    /// `hemi`, `api`, or a class name (`HemiQuery`); for a class, its own name.
    var owner: String
    /// The function, method or field name; for a class, its name again.
    var name: String
    var parameters: [Parameter] = []
    /// Result types (functions, methods); the field's type (fields); the parent class (classes).
    var results: [String] = []
    var optional = false
    var help: String

    /// How Lua code names it: `hemi.table`, `HemiQuery:filter`, `api.metric`, `HemiMetricSpec.unit`.
    var qualifiedName: String {
        switch kind {
        case .class: return name
        case .method: return owner + ":" + name
        case .function, .field: return owner + "." + name
        }
    }

    /// The signature as the reference writes it: `hemi.table(name: string): HemiQuery`.
    var signature: String {
        switch kind {
        case .class: return "class " + name + (results.isEmpty ? "" : ": " + results.joined(separator: ", "))
        case .field: return qualifiedName + (optional ? "?" : "") + ": " + results.joined(separator: ", ")
        case .function, .method:
            let params = parameters.map { $0.name + ($0.optional ? "?" : "") + ": " + $0.type }.joined(separator: ", ")
            return qualifiedName + "(" + params + ")" + (results.isEmpty ? "" : ": " + results.joined(separator: ", "))
        }
    }

    /// Parses one line `KIND SIGNATURE — HELP`; nil for a blank line. A malformed line is a
    /// programming error in the reference, found by the tests (they parse every line).
    static func parse(_ line: Substring) throws(APIReferenceError) -> APIEntry? {
        let trimmed = line.drop { $0 == " " }
        if trimmed.isEmpty { return nil }
        guard let dash = trimmed.firstRange(of: " — ") else { throw APIReferenceError(line: String(line), expected: "' — ' before the help text") }
        let help = String(trimmed[dash.upperBound...])
        let head = trimmed[..<dash.lowerBound]
        guard let space = head.firstIndex(of: " "), let kind = Kind(rawValue: String(head[..<space])) else {
            throw APIReferenceError(line: String(line), expected: "class, function, method or field first")
        }
        let sig = head[head.index(after: space)...]
        switch kind {
        case .class:
            let parts = sig.split(separator: ":", maxSplits: 1).map { String($0.trimmingSpaces) }
            return APIEntry(kind: .class, owner: parts[0], name: parts[0], results: Array(parts.dropFirst()), help: help)
        case .field:
            guard let colon = sig.firstRange(of: ": "), let dot = sig[..<colon.lowerBound].lastIndex(of: ".") else {
                throw APIReferenceError(line: String(line), expected: "field OWNER.NAME: TYPE")
            }
            var name = String(sig[sig.index(after: dot)..<colon.lowerBound])
            let optional = name.hasSuffix("?")
            if optional { name.removeLast() }
            return APIEntry(kind: .field, owner: String(sig[..<dot]), name: name,
                            results: [String(sig[colon.upperBound...])], optional: optional, help: help)
        case .function, .method:
            let separator: Character = kind == .method ? ":" : "."
            guard let open = sig.firstIndex(of: "("), let sep = sig[..<open].lastIndex(of: separator),
                  let close = Self.matching(sig, from: open) else {
                throw APIReferenceError(line: String(line), expected: "\(kind.rawValue) OWNER\(separator)NAME(PARAMS)[: RESULTS]")
            }
            var parameters: [Parameter] = []
            for piece in Self.splitTopLevel(sig[sig.index(after: open)..<close]) {
                guard let colon = piece.firstRange(of: ": ") else {
                    throw APIReferenceError(line: String(line), expected: "parameter 'name: type', got '\(piece)'")
                }
                var name = String(piece[..<colon.lowerBound])
                let optional = name.hasSuffix("?")
                if optional { name.removeLast() }
                parameters.append(Parameter(name: name, type: String(piece[colon.upperBound...]), optional: optional))
            }
            var rest = sig[sig.index(after: close)...]
            var results: [String] = []
            if rest.hasPrefix(": ") { rest = rest.dropFirst(2); results = Self.splitTopLevel(rest).map(String.init) }
            return APIEntry(kind: kind, owner: String(sig[..<sep]), name: String(sig[sig.index(after: sep)..<open]),
                            parameters: parameters, results: results, help: help)
        }
    }

    /// The index of the `)` closing the `(` at `open`.
    static func matching(_ s: Substring, from open: Substring.Index) -> Substring.Index? {
        var depth = 0
        var i = open
        while i < s.endIndex {
            if s[i] == "(" || s[i] == "{" || s[i] == "<" { depth += 1 }
            if s[i] == ")" || s[i] == "}" || s[i] == ">" { depth -= 1; if depth == 0 { return i } }
            i = s.index(after: i)
        }
        return nil
    }

    /// Splits at commas outside (), {} and <>: `a: fun(x: t, y: u), b: c` → two pieces.
    static func splitTopLevel(_ s: Substring) -> [Substring] {
        var out: [Substring] = []
        var depth = 0
        var start = s.startIndex
        var i = s.startIndex
        while i < s.endIndex {
            switch s[i] {
            case "(", "{", "<": depth += 1
            case ")", "}", ">": depth -= 1
            case "," where depth == 0:
                out.append(s[start..<i].trimmingSpaces)
                start = s.index(after: i)
            default: break
            }
            i = s.index(after: i)
        }
        let last = s[start...].trimmingSpaces
        if !last.isEmpty { out.append(last) }
        return out
    }
}

struct APIReferenceError: Error, CustomStringConvertible {
    var line: String
    var expected: String
    var description: String { "API reference line '\(line)': expected \(expected)" }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
