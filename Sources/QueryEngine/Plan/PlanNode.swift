// The logical plan: a tree of verbs over a source table. Building a plan does no work; the
// executor runs it when a result is needed, and `explain` prints it.

public struct SortKey: Sendable, Equatable, CustomStringConvertible {
    /// An expression (usually a column name) evaluated per row.
    public var expression: String
    public var descending: Bool
    public init(_ expression: String, descending: Bool = false) {
        self.expression = expression
        self.descending = descending
    }
    public var description: String { expression + (descending ? " desc" : "") }

    /// Parses "total desc, name" (keys separated by commas outside parentheses and quotes;
    /// each may end in asc or desc).
    public static func parse(_ text: String) throws(EngineError) -> [SortKey] {
        var keys: [SortKey] = []
        for part in splitTopLevel(text) {
            var words = part.trimmed
            var desc = false
            let lower = words.lowercased()
            if lower.hasSuffix(" desc") { desc = true; words = String(words.dropLast(5)).trimmed }
            else if lower.hasSuffix(" asc") { words = String(words.dropLast(4)).trimmed }
            guard !words.isEmpty else { throw EngineError("sort: empty key in \"\(text)\" (expected e.g. \"total desc, name\")") }
            keys.append(SortKey(words, descending: desc))
        }
        guard !keys.isEmpty else { throw EngineError("sort: no keys given (expected e.g. \"total desc, name\")") }
        return keys
    }
}

/// Splits on commas that are not inside parentheses or quotes.
func splitTopLevel(_ text: String) -> [String] {
    var parts: [String] = [], current = "", depth = 0
    var quote: Character? = nil
    for ch in text {
        if let q = quote {
            if ch == q { quote = nil }
        } else if ch == "'" || ch == "\"" { quote = ch }
        else if ch == "(" { depth += 1 }
        else if ch == ")" { depth -= 1 }
        else if ch == "," && depth == 0 { parts.append(current); current = ""; continue }
        current.append(ch)
    }
    parts.append(current)
    return parts.filter { !$0.trimmed.isEmpty || parts.count == 1 }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" { s.removeLast() }
        return String(s)
    }
}

public enum JoinKind: String, Sendable { case inner, left }

/// Window functions over an ordered partition (lag, lead, change, pct_change, rank).
public enum WindowFunction: String, Sendable, CaseIterable {
    case lag, lead, change, pct_change, rank, dense_rank, row_number, cumsum
}

public struct NamedExpression: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var expression: String
    public init(_ name: String, _ expression: String) { self.name = name; self.expression = expression }
    public var description: String { name == expression ? name : "\(name) = \(expression)" }
}

public indirect enum PlanNode: Sendable {
    case source(name: String, table: Table)
    case filter(PlanNode, String)
    /// Columns (or expressions) kept, in order, under their output names.
    case select(PlanNode, [NamedExpression])
    /// Added or replaced columns, each seeing the ones before it; aggregates inside are
    /// computed over `partition` groups (the whole table when empty) and broadcast.
    case derive(PlanNode, [NamedExpression], partition: [String])
    case sort(PlanNode, [SortKey])
    case limit(PlanNode, count: Int, offset: Int)
    case distinct(PlanNode, columns: [String])
    case aggregate(PlanNode, keys: [String], aggregates: [NamedExpression])
    case join(PlanNode, PlanNode, kind: JoinKind, on: [(String, String)], suffix: String)
    case top(PlanNode, count: Int, order: [SortKey], partition: [String])
    case window(PlanNode, function: WindowFunction, argument: String?, name: String, order: [SortKey], partition: [String], offset: Int)

    /// The plan as an indented tree, the last verb first (as EXPLAIN prints in SQL shells).
    /// Built without recursion, and indented at most `maxIndent` levels (deeper lines carry
    /// their level in brackets), so the text grows linearly with the plan: 10,000 filters once
    /// made 100 MB of spaces.
    public func explain(indent: Int = 0) -> String {
        var lines: [String] = []
        var pending: [(PlanNode, Int)] = [(self, indent)]
        while let (node, level) = pending.popLast() {
            let pad = String(repeating: "  ", count: min(level, Self.maxIndent))
            lines.append(pad + (level > Self.maxIndent ? "[\(level)] " : "") + node.line)
            pending.append(contentsOf: node.children.reversed().map { ($0, level + 1) })
        }
        return lines.joined(separator: "\n")
    }

    static let maxIndent = 32

    /// This verb's own line in `explain`.
    var line: String {
        func by(_ p: [String]) -> String { p.isEmpty ? "" : " by " + p.joined(separator: ", ") }
        func keys(_ k: [SortKey]) -> String { k.map(\.description).joined(separator: ", ") }
        switch self {
        case let .source(name, table):
            return "source \(name) (\(NumberFormat.grouped(Int64(table.rowCount))) rows, \(table.fields.count) columns)"
        case let .filter(_, e): return "filter \(e)"
        case let .select(_, cols): return "select " + cols.map { $0.name == $0.expression ? $0.name : "\($0.expression) as \($0.name)" }.joined(separator: ", ")
        case let .derive(_, cols, p): return "derive " + cols.map(\.description).joined(separator: ", ") + by(p)
        case let .sort(_, k): return "sort " + keys(k)
        case let .limit(_, n, o): return "limit \(n)" + (o > 0 ? " offset \(o)" : "")
        case let .distinct(_, cols): return "distinct" + (cols.isEmpty ? "" : " " + cols.joined(separator: ", "))
        case let .aggregate(_, k, a): return "aggregate " + a.map(\.description).joined(separator: ", ") + by(k)
        case let .join(_, _, kind, on, _):
            return "\(kind.rawValue) join on " + on.map { $0.0 == $0.1 ? $0.0 : "\($0.0) = \($0.1)" }.joined(separator: ", ")
        case let .top(_, n, o, p): return "top \(n) by \(keys(o))" + (p.isEmpty ? "" : " per " + p.joined(separator: ", "))
        case let .window(_, f, arg, name, o, p, off):
            let args = (arg.map { [$0] } ?? []) + (off != 1 && (f == .lag || f == .lead) ? ["\(off)"] : [])
            return "window \(name) = \(f.rawValue)(\(args.joined(separator: ", ")))" + (o.isEmpty ? "" : " order by \(keys(o))") + (p.isEmpty ? "" : " per " + p.joined(separator: ", "))
        }
    }
}
