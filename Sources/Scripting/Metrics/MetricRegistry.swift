// Metrics by name: what plugins register and expressions use. A metric defined by an
// expression is parsed once, when it is registered, and the engine's binder expands it
// wherever its name appears (filter, derive, sort, aggregates) when that verb is called, so it
// runs on the fast column-at-a-time path. A query keeps the definitions it was bound with.

import Synchronization
import QueryEngine

public struct Metric: Sendable, Equatable {
    public var name: String
    public var description: String
    public var unit: String
    /// The engine expression defining the metric (nil for a Lua-computed metric).
    var expression: String?
    /// The table (or grain) it applies to, e.g. "us_trade" or "country-year".
    var table: String?
    var inputs: [String]
    public var plugin: String
    public var version: String

    init(name: String, description: String, unit: String, expression: String?, table: String?,
                inputs: [String], plugin: String, version: String) {
        self.name = name; self.description = description; self.unit = unit; self.expression = expression
        self.table = table; self.inputs = inputs; self.plugin = plugin; self.version = version
    }
}

public final class MetricRegistry: Sendable {
    private let metrics = Mutex<[String: Metric]>([:])
    /// Each expression metric's definition, parsed at registration.
    private let parsed = Mutex<[String: ParsedExpression]>([:])

    public init() {}

    /// Terms a metric may expand to through the metrics it names (each name standing for its
    /// definition): definitions that double at each level (m1 = "m0 + m0", …) would otherwise
    /// make every use bind millions of terms (28 s at depth 20).
    static let maxExpansion = 10_000

    /// Adds a metric; a name already taken by another plugin is an error naming both.
    func register(_ m: Metric) throws(EngineError) {
        try metrics.withLock { (all: inout [String: Metric]) throws(EngineError) in
            if let old = all[m.name], old.plugin != m.plugin {
                throw EngineError("metric \"\(m.name)\" is already defined by plugin \"\(old.plugin)\"")
            }
            var candidate = all
            candidate[m.name] = m
            if let e = MetricExpansion.check(candidate, added: m.name, limit: Self.maxExpansion) { throw e }
            all[m.name] = m
        }
        parsed.withLock { $0[m.name] = m.expression.map(ParsedExpression.init) }
    }

    /// Removes every metric of a plugin (before it reloads).
    func removeAll(from plugin: String) {
        let gone = metrics.withLock { all in
            let names = all.filter { $0.value.plugin == plugin }.map(\.key)
            all = all.filter { $0.value.plugin != plugin }
            return names
        }
        parsed.withLock { p in for n in gone { p[n] = nil } }
    }

    public var all: [Metric] { metrics.withLock { Array($0.values) }.sorted { $0.name < $1.name } }

    func metric(_ name: String) -> Metric? { metrics.withLock { $0[name] } }

    /// The resolver queries use: a metric's parsed definition, bound in place of its name.
    var resolver: NameResolver {
        { [self] name in self.parsed.withLock { $0[name] } }
    }
}

/// The size of a metric's expansion: 1 per definition, plus each name it uses counted as the
/// size of that metric's expansion (1 for a column). A cycle counts 1 here (the binder
/// reports it by name).
enum MetricExpansion {
    static func check(_ all: [String: Metric], added: String, limit: Int) -> EngineError? {
        var sizes: [String: Int] = [:]
        var path: [String] = []
        var worst: (name: String, size: Int)? = nil
        func size(_ name: String) -> Int {
            if let s = sizes[name] { return s }
            guard let expr = all[name]?.expression, !path.contains(name) else { return 1 }
            path.append(name)
            defer { path.removeLast() }
            var total = 1
            // Every occurrence counts: `m1 + m1` doubles what m1 expands to.
            for word in ExpressionNames.identifiers(in: expr, repeats: true) {
                total += size(word)
                if total > limit { break }   // enough to refuse; the rest need not be counted
            }
            sizes[name] = total
            if total > limit, worst == nil { worst = (name, total) }
            return total
        }
        for name in all.keys.sorted() where all[name]?.expression != nil { _ = size(name) }
        guard let worst else { return nil }
        let which = worst.name == added ? "" : " (through metric \"\(worst.name)\", which uses it)"
        return EngineError("metric \"\(added)\"\(which) expands through the metrics it names to more than \(limit) terms; define it from columns or from fewer nested metrics")
    }
}
