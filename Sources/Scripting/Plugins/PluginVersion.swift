// Versions and version constraints of plugin dependencies: a manifest's
// `requires = { hemi = ">=0.2", trade = "^1.0" }`. Semantic versions (MAJOR.MINOR.PATCH, a
// missing part read as 0, a pre-release or build suffix ignored for comparison) and the
// constraint forms users know from Cargo and npm:
//   ">=0.2" ">1" "<=1.4" "<2" "=1.2.3"   comparisons
//   "^1.2"  same major (for 0.x: same minor), at least 1.2
//   "~1.2"  same major and minor, at least 1.2
//   "1.2"   exactly 1.2.x (a bare version fixes the parts it gives)
//   "*"     any version
// Several comparators separated by commas or spaces must all hold: ">=1.2, <2".

struct PluginVersion: Sendable, Comparable, CustomStringConvertible {
    var parts: [Int]   // always three

    /// "1.2.3", "1.2", "1", "1.2.3-beta"; nil when not a version.
    init?(_ text: Substring) {
        let core = text.prefix { $0 != "-" && $0 != "+" }
        let pieces = core.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(pieces.count) else { return nil }
        var parts: [Int] = []
        for p in pieces {
            guard !p.isEmpty, p.allSatisfy(\.isASCII), let n = Int(p), n >= 0 else { return nil }
            parts.append(n)
        }
        given = parts.count
        while parts.count < 3 { parts.append(0) }
        self.parts = parts
    }
    /// How many parts the text gave (a bare "1.2" constraint fixes two).
    var given = 3

    static func < (a: PluginVersion, b: PluginVersion) -> Bool { a.parts.lexicographicallyPrecedes(b.parts) }
    static func == (a: PluginVersion, b: PluginVersion) -> Bool { a.parts == b.parts }
    var description: String { parts.map(String.init).joined(separator: ".") }
}

struct PluginVersionConstraint: Sendable, CustomStringConvertible {
    enum Op: String { case ge = ">=", le = "<=", gt = ">", lt = "<", eq = "=", caret = "^", tilde = "~", bare = "" }
    let comparators: [(Op, PluginVersion)]
    let description: String

    /// Parses a constraint; the error says what was expected.
    init(_ text: String) throws(PluginVersionError) {
        description = text
        var out: [(Op, PluginVersion)] = []
        let words = text.split(whereSeparator: { $0 == "," || $0 == " " })
        if words.isEmpty { throw PluginVersionError("empty version constraint (expected e.g. \">=1.0\" or \"^1.2\")") }
        for word in words where word != "*" {
            var op = Op.bare
            for candidate in [Op.ge, .le, .gt, .lt, .eq, .caret, .tilde] where word.hasPrefix(candidate.rawValue) {
                op = candidate; break
            }
            guard let v = PluginVersion(word.dropFirst(op.rawValue.count)) else {
                throw PluginVersionError("'\(text)' is not a version constraint (expected forms like \">=0.2\", \"^1.0\", \"~1.2\", \"1.2.3\")")
            }
            out.append((op, v))
        }
        comparators = out
    }

    func admits(_ v: PluginVersion) -> Bool {
        comparators.allSatisfy { op, c in
            switch op {
            case .ge: return v >= c
            case .le: return v <= c
            case .gt: return v > c
            case .lt: return v < c
            case .eq: return v == c
            case .bare: return Array(v.parts.prefix(c.given)) == Array(c.parts.prefix(c.given))
            case .tilde: return v >= c && v.parts[0] == c.parts[0] && (c.given < 2 || v.parts[1] == c.parts[1])
            case .caret:
                guard v >= c else { return false }
                if c.parts[0] > 0 || c.given == 1 { return v.parts[0] == c.parts[0] }
                if c.parts[1] > 0 || c.given == 2 { return v.parts[0] == 0 && v.parts[1] == c.parts[1] }
                return v.parts == c.parts
            }
        }
    }
}

struct PluginVersionError: Error, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
}
