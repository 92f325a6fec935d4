// A lazy query: a plan plus how metric names resolve. Every verb returns a new query and
// does no work; `execute()` runs the plan. Queries are values, so a saved query can be
// refined in several directions.

/// Maps a name that is not a column to a metric's expression text, or nil.
public typealias MetricResolver = @Sendable (String) -> String?

public struct Query: Sendable {
    public let plan: PlanNode
    public var resolver: MetricResolver?

    public init(_ table: Table, name: String = "table", resolver: MetricResolver? = nil) {
        self.plan = .source(name: name, table: table)
        self.resolver = resolver
    }

    public init(plan: PlanNode, resolver: MetricResolver? = nil) {
        self.plan = plan
        self.resolver = resolver
    }

    private func with(_ node: PlanNode) -> Query { Query(plan: node, resolver: resolver) }

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
        with(.join(plan, other.plan, kind: kind, on: keys, suffix: suffix))
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
        try Executor(resolver: resolver).run(plan)
    }

    /// The result's columns without running the plan over the data: the plan is run over
    /// empty inputs, which binds and type-checks every expression.
    public func schema() throws(EngineError) -> [Field] {
        try Executor(resolver: resolver).run(plan.emptied()).fields
    }
}

extension PlanNode {
    /// The same plan over zero-row copies of its sources.
    func emptied() -> PlanNode {
        switch self {
        case let .source(name, table): return .source(name: name, table: table.gather([]))
        case let .filter(c, e): return .filter(c.emptied(), e)
        case let .select(c, x): return .select(c.emptied(), x)
        case let .derive(c, x, p): return .derive(c.emptied(), x, partition: p)
        case let .sort(c, k): return .sort(c.emptied(), k)
        case let .limit(c, n, o): return .limit(c.emptied(), count: n, offset: o)
        case let .distinct(c, x): return .distinct(c.emptied(), columns: x)
        case let .aggregate(c, k, a): return .aggregate(c.emptied(), keys: k, aggregates: a)
        case let .join(l, r, kind, on, s): return .join(l.emptied(), r.emptied(), kind: kind, on: on, suffix: s)
        case let .top(c, n, o, p): return .top(c.emptied(), count: n, order: o, partition: p)
        case let .window(c, f, a, n, o, p, off): return .window(c.emptied(), function: f, argument: a, name: n, order: o, partition: p, offset: off)
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
