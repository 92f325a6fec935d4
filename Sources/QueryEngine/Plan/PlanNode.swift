// The logical plan: a tree of verbs over a source table, built from bound expressions. Each
// verb binds its expressions against its input's fields when it is called (Query.swift), so
// a node knows its output fields without running anything; the optimiser rewrites the tree
// (Optimizer.swift) and the executor only evaluates it. `explain` prints it.

public struct SortKey: Sendable, Equatable, CustomStringConvertible {
    /// An expression (usually a column name) evaluated per row.
    public var expression: String
    var descending: Bool
    init(_ expression: String, descending: Bool = false) {
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

/// Window functions over an ordered partition: lag/lead, change and percent change from an
/// earlier row, rank, dense_rank, row_number, percent_rank, ntile, running sum, z-score.
public enum WindowFunction: String, Sendable, CaseIterable {
    case lag, lead, change, pct_change, rank, dense_rank, row_number, cumsum, percent_rank, ntile, zscore
}

public struct NamedExpression: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var expression: String
    public init(_ name: String, _ expression: String) { self.name = name; self.expression = expression }
    public var description: String { name == expression ? name : "\(name) = \(expression)" }
}

/// An expression bound against its input's fields when its verb was called: parsed once,
/// names resolved to column positions, metrics expanded, parameters in place, every node typed.
struct BoundExpression: Sendable {
    /// The text as written (for explain and for the caret of run-time errors).
    let text: String
    let expr: BoundExpr
    var type: DataType? { expr.type }
    func with(_ expr: BoundExpr) -> BoundExpression { BoundExpression(text: text, expr: expr) }
}

/// An output column: its name and the expression computing it.
struct BoundColumn: Sendable {
    let name: String
    let expression: BoundExpression
    func with(_ expr: BoundExpr) -> BoundColumn { BoundColumn(name: name, expression: expression.with(expr)) }
}

struct BoundSortKey: Sendable {
    let expression: BoundExpression
    let descending: Bool
    var description: String { expression.text + (descending ? " desc" : "") }
    func with(_ expr: BoundExpr) -> BoundSortKey { BoundSortKey(expression: expression.with(expr), descending: descending) }
}

/// One verb of a plan and its output fields.
final class PlanNode: Sendable {
    enum Operation: Sendable {
        case source(name: String, table: Table)
        case filter(PlanNode, BoundExpression)
        /// Columns (or expressions) kept, in order, under their output names.
        case select(PlanNode, [BoundColumn])
        /// Added or replaced columns, each bound against the fields before it; aggregates
        /// inside are computed over `partition` groups (the whole table when empty) and
        /// broadcast.
        case derive(PlanNode, [BoundColumn], partition: [String])
        case sort(PlanNode, [BoundSortKey])
        case limit(PlanNode, count: Int, offset: Int)
        case distinct(PlanNode, columns: [String])
        /// Aggregates bound in group mode over the key columns.
        case aggregate(PlanNode, keys: [String], aggregates: [BoundColumn])
        case join(PlanNode, PlanNode, kind: JoinKind, on: [(String, String)], suffix: String)
        case top(PlanNode, count: Int, order: [BoundSortKey], partition: [String])
        /// `offset`: lag/lead's distance, ntile's bucket count.
        case window(PlanNode, function: WindowFunction, argument: BoundExpression?, name: String,
                    order: [BoundSortKey], partition: [String], offset: Int)
        /// Only some columns of the child, by position: made by the optimiser's column
        /// pruning, never by a verb.
        case project(PlanNode, columns: [Int])
    }

    let operation: Operation
    let fields: [Field]

    init(_ operation: Operation, fields: [Field]) {
        self.operation = operation
        self.fields = fields
    }

    var children: [PlanNode] {
        switch operation {
        case .source: return []
        case .filter(let c, _), .select(let c, _), .derive(let c, _, _), .sort(let c, _), .limit(let c, _, _),
             .distinct(let c, _), .aggregate(let c, _, _), .top(let c, _, _, _), .window(let c, _, _, _, _, _, _),
             .project(let c, _):
            return [c]
        case .join(let l, let r, _, _, _): return [l, r]
        }
    }

    /// The plan as an indented tree, the last verb first (as EXPLAIN prints in SQL shells).
    /// Built without recursion, and indented at most `maxIndent` levels (deeper lines carry
    /// their level in brackets), so the text grows linearly with the plan: 10,000 filters once
    /// made 100 MB of spaces.
    func explain(indent: Int = 0) -> String {
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
        func keys(_ k: [BoundSortKey]) -> String { k.map(\.description).joined(separator: ", ") }
        func named(_ c: BoundColumn) -> String { c.name == c.expression.text ? c.name : "\(c.name) = \(c.expression.text)" }
        let line: String
        switch operation {
        case let .source(name, table):
            line = "source \(name) (\(NumberFormat.grouped(Int64(table.rowCount))) rows, \(table.fields.count) columns)"
        case let .filter(_, e): line = "filter \(e.text)"
        case let .select(_, cols):
            line = "select " + cols.map { $0.name == $0.expression.text ? $0.name : "\($0.expression.text) as \($0.name)" }.joined(separator: ", ")
        case let .derive(_, cols, p): line = "derive " + cols.map(named).joined(separator: ", ") + by(p)
        case let .sort(_, k): line = "sort " + keys(k)
        case let .limit(_, n, o): line = "limit \(n)" + (o > 0 ? " offset \(o)" : "")
        case let .distinct(_, cols): line = "distinct" + (cols.isEmpty ? "" : " " + cols.joined(separator: ", "))
        case let .aggregate(_, k, a): line = "aggregate " + a.map(named).joined(separator: ", ") + by(k)
        case let .join(_, _, kind, on, _):
            line = "\(kind.rawValue) join on " + on.map { $0.0 == $0.1 ? $0.0 : "\($0.0) = \($0.1)" }.joined(separator: ", ")
        case let .top(_, n, o, p): line = "top \(n) by \(keys(o))" + (p.isEmpty ? "" : " per " + p.joined(separator: ", "))
        case let .window(_, f, arg, name, o, p, off):
            let args = (arg.map { [$0.text] } ?? []) + (off != 1 && (f == .lag || f == .lead) || f == .ntile ? ["\(off)"] : [])
            line = "window \(name) = \(f.rawValue)(\(args.joined(separator: ", ")))" + (o.isEmpty ? "" : " order by \(keys(o))") + (p.isEmpty ? "" : " per " + p.joined(separator: ", "))
        case let .project(c, cols): line = "project " + cols.map { c.fields[$0].name }.joined(separator: ", ")
        }
        return line
    }
}
