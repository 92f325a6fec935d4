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
    public func explain(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent)
        func by(_ p: [String]) -> String { p.isEmpty ? "" : " by " + p.joined(separator: ", ") }
        func keys(_ k: [SortKey]) -> String { k.map(\.description).joined(separator: ", ") }
        let line: String
        let children: [PlanNode]
        switch self {
        case let .source(name, table):
            line = "source \(name) (\(NumberFormat.grouped(Int64(table.rowCount))) rows, \(table.fields.count) columns)"
            children = []
        case let .filter(c, e): line = "filter \(e)"; children = [c]
        case let .select(c, cols): line = "select " + cols.map { $0.name == $0.expression ? $0.name : "\($0.expression) as \($0.name)" }.joined(separator: ", "); children = [c]
        case let .derive(c, cols, p): line = "derive " + cols.map(\.description).joined(separator: ", ") + by(p); children = [c]
        case let .sort(c, k): line = "sort " + keys(k); children = [c]
        case let .limit(c, n, o): line = "limit \(n)" + (o > 0 ? " offset \(o)" : ""); children = [c]
        case let .distinct(c, cols): line = "distinct" + (cols.isEmpty ? "" : " " + cols.joined(separator: ", ")); children = [c]
        case let .aggregate(c, k, a): line = "aggregate " + a.map(\.description).joined(separator: ", ") + by(k); children = [c]
        case let .join(l, r, kind, on, _):
            line = "\(kind.rawValue) join on " + on.map { $0.0 == $0.1 ? $0.0 : "\($0.0) = \($0.1)" }.joined(separator: ", ")
            children = [l, r]
        case let .top(c, n, o, p): line = "top \(n) by \(keys(o))" + (p.isEmpty ? "" : " per " + p.joined(separator: ", ")); children = [c]
        case let .window(c, f, arg, name, o, p, off):
            let args = (arg.map { [$0] } ?? []) + (off != 1 && (f == .lag || f == .lead) ? ["\(off)"] : [])
            line = "window \(name) = \(f.rawValue)(\(args.joined(separator: ", ")))" + (o.isEmpty ? "" : " order by \(keys(o))") + (p.isEmpty ? "" : " per " + p.joined(separator: ", "))
            children = [c]
        }
        return ([pad + line] + children.map { $0.explain(indent: indent + 1) }).joined(separator: "\n")
    }
}
