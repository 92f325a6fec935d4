// A lazy query: a plan plus how metric names resolve. Every verb returns a new query and
// does no work; `execute()` runs the plan. Queries are values, so a saved query can be
// refined in several directions.

/// Maps a name that is not a column to a metric's expression text, or nil.
public typealias MetricResolver = @Sendable (String) -> String?

public struct Query: Sendable {
    public let plan: PlanNode
    public var resolver: MetricResolver?
    /// Verbs in the plan, a query used twice (a self-join) counted twice, as the executor
    /// runs it twice. Running and printing a plan loop along a chain of verbs, but freeing one
    /// recurses once per verb (Swift releases nested enum boxes recursively), as do joins,
    /// and 40 self-joins of a query make a tree of 2^40 verbs; so a plan past `maxDepth` is
    /// never built: a loop adding 60,000 filters overflowed the stack (SIGSEGV) before there
    /// was a limit.
    public let depth: Int

    /// The most verbs a plan may have (tested to run, print and free on a 1 MB stack in a
    /// debug build).
    public static let maxDepth = 1_000

    public init(_ table: Table, name: String = "table", resolver: MetricResolver? = nil) {
        self.plan = .source(name: name, table: table)
        self.resolver = resolver
        self.depth = 0
    }

    public init(plan: PlanNode, resolver: MetricResolver? = nil) {
        self.init(plan: plan, resolver: resolver, depth: plan.depth())
    }

    private init(plan: PlanNode, resolver: MetricResolver?, depth: Int) {
        self.plan = plan
        self.resolver = resolver
        self.depth = depth
    }

    /// A verb over this query. Past `maxDepth` the plan stops growing (the depth still counts
    /// up) and running the query throws `tooDeep`; the Lua layer reports it at the verb.
    private func with(_ node: PlanNode, depth: Int? = nil) -> Query {
        let d = depth ?? self.depth + 1
        return Query(plan: d > Self.maxDepth ? plan : node, resolver: resolver, depth: d)
    }

    /// Why a query deeper than `maxDepth` does not run, for `verb`.
    public func tooDeep(_ verb: String) -> EngineError {
        EngineError("\(verb): the query would chain \(NumberFormat.grouped(Int64(depth))) verbs, more than the \(NumberFormat.grouped(Int64(Self.maxDepth))) a query may have; "
                    + "combine conditions in one filter (a and b), or continue from a result: hemi.from_rows(q:collect())")
    }

    public func filter(_ predicate: String) -> Query { with(.filter(plan, predicate)) }
    public func select(_ columns: [NamedExpression]) -> Query { with(.select(plan, columns)) }
    public func select(_ names: String...) -> Query { select(names.map { NamedExpression($0, $0) }) }
    public func derive(_ columns: [NamedExpression], by partition: [String] = []) -> Query {
        with(.derive(plan, columns, partition: partition))
    }
    public func sort(_ keys: [SortKey]) -> Query { with(.sort(plan, keys)) }
    public func sort(_ text: String) throws(EngineError) -> Query { sort(try SortKey.parse(text)) }
    public func limit(_ count: Int, offset: Int = 0) -> Query { with(.limit(plan, count: count, offset: offset)) }
    public func distinct(_ columns: [String] = []) -> Query { with(.distinct(plan, columns: columns)) }
    public func aggregate(by keys: [String], _ aggregates: [NamedExpression]) -> Query {
        with(.aggregate(plan, keys: keys, aggregates: aggregates))
    }
    public func join(_ other: Query, on keys: [(String, String)], kind: JoinKind = .inner, suffix: String = "_right") -> Query {
        with(.join(plan, other.plan, kind: kind, on: keys, suffix: suffix), depth: min(Int.max / 4, depth + other.depth + 1))
    }
    public func top(_ count: Int, by order: [SortKey], per partition: [String] = []) -> Query {
        with(.top(plan, count: count, order: order, partition: partition))
    }
    public func window(_ function: WindowFunction, of argument: String?, as name: String,
                       order: [SortKey] = [], per partition: [String] = [], offset: Int = 1) -> Query {
        with(.window(plan, function: function, argument: argument, name: name, order: order, partition: partition, offset: offset))
    }

    public func explain() -> String { plan.explain() }

    public func execute() throws(EngineError) -> Table {
        guard depth <= Self.maxDepth else { throw tooDeep("query") }
        return try Executor(resolver: resolver).run(plan)
    }

    /// The result's columns without running the plan over the data: the plan is run over
    /// empty inputs, which binds and type-checks every expression.
    public func schema() throws(EngineError) -> [Field] {
        guard depth <= Self.maxDepth else { throw tooDeep("schema") }
        return try Executor(resolver: resolver).run(plan.emptied()).fields
    }
}

extension PlanNode {
    /// Verbs in the tree (`Query.depth`), counted without recursion; stops counting past
    /// `limit`.
    func depth(limit: Int = Query.maxDepth + 1) -> Int {
        var count = 0
        var pending: [PlanNode] = [self]
        while let node = pending.popLast(), count < limit {
            if case .source = node { continue }
            count += 1
            pending.append(contentsOf: node.children)
        }
        return count
    }

    /// The inputs of this verb (none for a source, two for a join).
    var children: [PlanNode] {
        switch self {
        case .source: return []
        case let .filter(c, _), let .select(c, _), let .derive(c, _, _), let .sort(c, _), let .limit(c, _, _),
             let .distinct(c, _), let .aggregate(c, _, _), let .top(c, _, _, _), let .window(c, _, _, _, _, _, _):
            return [c]
        case let .join(l, r, _, _, _): return [l, r]
        }
    }

    /// The same plan over zero-row copies of its sources (rebuilt without recursion along a
    /// chain of one-input verbs; joins recurse).
    func emptied() -> PlanNode {
        var chain: [PlanNode] = []
        var node = self
        while node.children.count == 1 { chain.append(node); node = node.children[0] }
        var out: PlanNode
        switch node {
        case let .source(name, table): out = .source(name: name, table: table.gather([]))
        case let .join(l, r, kind, on, s): out = .join(l.emptied(), r.emptied(), kind: kind, on: on, suffix: s)
        default: out = node
        }
        for verb in chain.reversed() { out = verb.replacingChild(out) }
        return out
    }

    /// This one-input verb over `c` instead of its own input.
    func replacingChild(_ c: PlanNode) -> PlanNode {
        switch self {
        case .source, .join: return self
        case let .filter(_, e): return .filter(c, e)
        case let .select(_, x): return .select(c, x)
        case let .derive(_, x, p): return .derive(c, x, partition: p)
        case let .sort(_, k): return .sort(c, k)
        case let .limit(_, n, o): return .limit(c, count: n, offset: o)
        case let .distinct(_, x): return .distinct(c, columns: x)
        case let .aggregate(_, k, a): return .aggregate(c, keys: k, aggregates: a)
        case let .top(_, n, o, p): return .top(c, count: n, order: o, partition: p)
        case let .window(_, f, a, n, o, p, off): return .window(c, function: f, argument: a, name: n, order: o, partition: p, offset: off)
        }
    }
}

extension Table {
    /// Evaluates one expression over every row (the building block the Lua API uses for
    /// `q:column(expr)` and tests use to check expressions).
    public func evaluate(_ expression: String, resolver: MetricResolver? = nil) throws(EngineError) -> Column {
        try Executor(resolver: resolver).evaluate(expression, on: self, partition: nil)
    }
}
