// A lazy query: a bound plan plus how names that are not columns resolve (metrics). Every
// verb parses and binds its expressions against its input's fields when it is called, and
// throws there: a misspelt column fails at `filter`, with the caret, not when the plan runs.
// No data is read until `execute()`. Queries are values, so a saved query can be refined in
// several directions.

public struct Query: Sendable {
    let plan: PlanNode
    /// Metric definitions, asked at each verb for a name that is not a column. A query keeps
    /// what it bound: a later change of the registry does not change a query built before it.
    public let resolver: NameResolver?
    /// Verbs in the plan, a query used twice (a self-join) counted twice, as the executor
    /// runs it twice. Running, printing and optimising a plan loop along a chain of verbs, but
    /// freeing one recurses once per verb, as do joins, and 40 self-joins of a query make a
    /// tree of 2^40 verbs; so the verb that would pass `maxDepth` throws instead (a loop adding
    /// 60,000 filters overflowed the stack, SIGSEGV, before there was a limit).
    let depth: Int

    /// The most verbs a plan may have (tested to run, print and free on a 1 MB stack in a
    /// debug build).
    static let maxDepth = 1_000

    public init(_ table: Table, name: String = "table", resolver: NameResolver? = nil) {
        self.plan = PlanNode(.source(name: name, table: table), fields: table.fields)
        self.resolver = resolver
        self.depth = 0
    }

    init(plan: PlanNode, resolver: NameResolver?, depth: Int) {
        self.plan = plan
        self.resolver = resolver
        self.depth = depth
    }

    /// The result's columns, known without running anything.
    public var fields: [Field] { plan.fields }

    /// A verb over this query (`depth`: given for a join, which adds both sides).
    private func with(_ operation: PlanNode.Operation, fields: [Field], verb: String, depth: Int? = nil) throws(EngineError) -> Query {
        let d = depth ?? self.depth + 1
        guard d <= Self.maxDepth else { throw Self.tooDeep(verb, depth: d) }
        return Query(plan: PlanNode(operation, fields: fields), resolver: resolver, depth: d)
    }

    /// Why the verb that would make a plan of `depth` verbs is refused.
    static func tooDeep(_ verb: String, depth: Int) -> EngineError {
        EngineError("\(verb): the query would chain \(NumberFormat.grouped(Int64(depth))) verbs, more than the \(NumberFormat.grouped(Int64(maxDepth))) a query may have; "
                    + "combine conditions in one filter (a and b), or continue from a result: hemi.from_rows(q:collect())")
    }

    // MARK: binding

    /// Parses and binds `text` against `fields` (throws the caret error). Every parameter given
    /// must be named in the text (a misspelt key would otherwise pass as an unused value).
    func bind(_ text: String, _ fields: [Field], parameters: [String: Value]? = nil,
              mode: ExprBinder.Mode = .row) throws(EngineError) -> BoundExpression {
        var used = Set<String>()
        let bound = try bind(text, fields, parameters: parameters, mode: mode, used: &used)
        try Self.checkUsed(parameters, used, verb: "filter")
        return bound
    }

    func bind(_ text: String, _ fields: [Field], parameters: [String: Value]?, mode: ExprBinder.Mode = .row,
              used: inout Set<String>) throws(EngineError) -> BoundExpression {
        do throws(ExprError) {
            return BoundExpression(text: text, expr: try ExprBinder.bind(text, fields: fields, resolver: resolver,
                                                                         parameters: parameters, mode: mode, used: &used))
        } catch {
            throw error.engineError
        }
    }

    static func checkUsed(_ parameters: [String: Value]?, _ used: Set<String>, verb: String) throws(EngineError) {
        if let unused = parameters?.keys.filter({ !used.contains($0) }).sorted().first {
            throw EngineError("\(verb): parameter '\(unused)' is given but no expression has :\(unused)")
        }
    }

    func bindKeys(_ keys: [SortKey], _ fields: [Field]) throws(EngineError) -> [BoundSortKey] {
        var out: [BoundSortKey] = []
        for k in keys { out.append(BoundSortKey(expression: try bind(k.expression, fields), descending: k.descending)) }
        return out
    }

    /// Checks that each name is a column of `fields` (group keys, partitions, distinct).
    static func checkColumns(_ names: [String], in fields: [Field], verb: String) throws(EngineError) {
        for n in names where !fields.contains(where: { $0.name == n }) {
            let close = Suggest.closest(n, fields.map(\.name))
            throw EngineError("\(verb): unknown column \"\(n)\"" + (close.isEmpty ? "" : " (closest: \(close.joined(separator: ", ")))"))
        }
    }

    /// `fields` with `name` replaced in place, or added at the end. A name that is an existing
    /// column's as Unicode text but not as bytes (é composed and decomposed) is refused: in
    /// Lua they are two keys, so replacing the column would silently drop one (ColumnNames).
    static func setting(_ name: String, _ type: DataType, in fields: [Field], verb: String) throws(EngineError) -> [Field] {
        var out = fields
        if let i = out.firstIndex(where: { $0.name == name }) {
            if ColumnNames.differOnlyInNormalisation(out[i].name, name) {
                throw EngineError("\(verb): " + ColumnNames.clash(out[i].name, name))
            }
            out[i] = Field(name, type)
        } else {
            out.append(Field(name, type))
        }
        return out
    }

    // MARK: verbs

    /// Rows where `predicate` is true. `parameters`: values for `:name` in the text.
    public func filter(_ predicate: String, parameters: [String: Value]? = nil) throws(EngineError) -> Query {
        let bound = try bind(predicate, fields, parameters: parameters)
        if let type = bound.type, type != .boolean {
            throw EngineError("filter needs a condition (true or false), but this expression gives \(type)\n  \(predicate)")
        }
        return try with(.filter(plan, bound), fields: fields, verb: "filter")
    }

    public func select(_ columns: [NamedExpression]) throws(EngineError) -> Query {
        var bound: [BoundColumn] = []
        for c in columns { bound.append(BoundColumn(name: c.name, expression: try bind(c.expression, fields))) }
        try ColumnNames.checkUnique(bound.map(\.name), what: "table")
        // An all-null expression (nil) is a string column, as an all-null CSV column is.
        return try with(.select(plan, bound), fields: bound.map { Field($0.name, $0.expression.type ?? .string) }, verb: "select")
    }

    public func select(_ names: String...) throws(EngineError) -> Query { try select(names.map { NamedExpression($0, $0) }) }

    /// Added or replaced columns; each sees the ones before it. Aggregates inside are computed
    /// over the `partition` groups and broadcast to their rows.
    public func derive(_ columns: [NamedExpression], by partition: [String] = [],
                       parameters: [String: Value]? = nil) throws(EngineError) -> Query {
        try Self.checkColumns(partition, in: fields, verb: "derive")
        var current = fields, bound: [BoundColumn] = []
        var used = Set<String>()   // every parameter must be used by some column, not by each
        for c in columns {
            let e = try bind(c.expression, current, parameters: parameters, used: &used)
            bound.append(BoundColumn(name: c.name, expression: e))
            current = try Self.setting(c.name, e.type ?? .string, in: current, verb: "derive")
        }
        try Self.checkUsed(parameters, used, verb: "derive")
        return try with(.derive(plan, bound, partition: partition), fields: current, verb: "derive")
    }

    public func sort(_ keys: [SortKey]) throws(EngineError) -> Query {
        try with(.sort(plan, try bindKeys(keys, fields)), fields: fields, verb: "sort")
    }

    public func sort(_ text: String) throws(EngineError) -> Query { try sort(try SortKey.parse(text)) }

    public func limit(_ count: Int, offset: Int = 0) throws(EngineError) -> Query {
        guard count >= 0, offset >= 0 else { throw EngineError("limit: count and offset must be 0 or more, got \(count) and \(offset)") }
        return try with(.limit(plan, count: count, offset: offset), fields: fields, verb: "limit")
    }

    public func distinct(_ columns: [String] = []) throws(EngineError) -> Query {
        try Self.checkColumns(columns, in: fields, verb: "distinct")
        let out = columns.isEmpty ? fields : columns.map { n in fields.first { $0.name == n }! }
        return try with(.distinct(plan, columns: columns), fields: out, verb: "distinct")
    }

    public func aggregate(by keys: [String], _ aggregates: [NamedExpression]) throws(EngineError) -> Query {
        try Self.checkColumns(keys, in: fields, verb: "group")
        let keyIndices = Set(keys.compactMap { k in fields.firstIndex { $0.name == k } })
        var bound: [BoundColumn] = []
        for a in aggregates {
            bound.append(BoundColumn(name: a.name, expression: try bind(a.expression, fields, mode: .group(keys: keyIndices))))
        }
        let out = keys.map { k in fields.first { $0.name == k }! } + bound.map { Field($0.name, $0.expression.type ?? .string) }
        try ColumnNames.checkUnique(out.map(\.name), what: "table")
        return try with(.aggregate(plan, keys: keys, aggregates: bound), fields: out, verb: "agg")
    }

    public func join(_ other: Query, on keys: [(String, String)], kind: JoinKind = .inner,
                     suffix: String = "_right") throws(EngineError) -> Query {
        // The join kernel itself, over no rows, checks the keys and names the output columns.
        let empty = try Joiner.join(Table(emptyWith: fields), Table(emptyWith: other.fields), kind: kind, on: keys, suffix: suffix)
        return try with(.join(plan, other.plan, kind: kind, on: keys, suffix: suffix), fields: empty.fields, verb: "join",
                        depth: depth + other.depth + 1)
    }

    public func top(_ count: Int, by order: [SortKey], per partition: [String] = []) throws(EngineError) -> Query {
        guard count >= 0 else { throw EngineError("top: count must be 0 or more, got \(count)") }
        try Self.checkColumns(partition, in: fields, verb: "top")
        return try with(.top(plan, count: count, order: try bindKeys(order, fields), partition: partition), fields: fields, verb: "top")
    }

    /// A window function's column `name`. `offset`: lag/lead's distance, ntile's bucket count.
    public func window(_ function: WindowFunction, of argument: String?, as name: String,
                       order: [SortKey] = [], per partition: [String] = [], offset: Int = 1) throws(EngineError) -> Query {
        let f = function.rawValue
        if Windows.needsArgument.contains(function) && argument == nil {
            throw EngineError("\(f): needs a column or expression")
        }
        guard offset >= 0 else { throw EngineError("\(f): offset must be 0 or more, got \(offset)") }
        if function == .ntile && offset < 1 { throw EngineError("ntile: the number of buckets must be 1 or more, got \(offset)") }
        try Self.checkColumns(partition, in: fields, verb: f)
        let arg = try argument.map { (a: String) throws(EngineError) -> BoundExpression in try bind(a, fields) }
        if let arg, Windows.numeric.contains(function), let t = arg.type, !t.isNumeric {
            throw EngineError("\(f)(\(arg.text)): needs a number, got \(t)")
        }
        let type = Windows.resultType(function, argument: arg?.type)
        return try with(.window(plan, function: function, argument: arg, name: name, order: try bindKeys(order, fields),
                                partition: partition, offset: offset),
                        fields: try Self.setting(name, type, in: fields, verb: f), verb: f)
    }

    public func explain() -> String { plan.explain() }

    /// Runs the plan (after the optimiser's rewrites).
    public func execute() throws(EngineError) -> Table {
        try Executor().run(Optimizer.optimize(plan))
    }
}

extension Table {
    /// A table of these fields and no rows (what a join's output names are computed over).
    init(emptyWith fields: [Field]) {
        self.init(unchecked: fields, columns: fields.map { Column(type: $0.type, values: []) }, rowCount: 0)
    }

    /// Evaluates one expression over every row (the building block the Lua API uses for
    /// `q:column(expr)` and tests use to check expressions).
    public func evaluate(_ expression: String, resolver: NameResolver? = nil,
                         parameters: [String: Value]? = nil) throws(EngineError) -> Column {
        let bound = try Query(self, resolver: resolver).bind(expression, fields, parameters: parameters)
        return try Executor().evaluate(bound, on: self, partition: nil)
    }
}
