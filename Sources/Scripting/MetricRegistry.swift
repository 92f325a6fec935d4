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
    public var expression: String?
    /// The table (or grain) it applies to, e.g. "us_trade" or "country-year".
    public var table: String?
    public var inputs: [String]
    public var plugin: String
    public var version: String

    public init(name: String, description: String, unit: String, expression: String?, table: String?,
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

    /// Adds a metric; a name already taken by another plugin is an error naming both.
    public func register(_ m: Metric) throws(EngineError) {
        try metrics.withLock { (all: inout [String: Metric]) throws(EngineError) in
            if let old = all[m.name], old.plugin != m.plugin {
                throw EngineError("metric \"\(m.name)\" is already defined by plugin \"\(old.plugin)\"")
            }
            all[m.name] = m
        }
        parsed.withLock { $0[m.name] = m.expression.map(ParsedExpression.init) }
    }

    /// Removes every metric of a plugin (before it reloads).
    public func removeAll(from plugin: String) {
        let gone = metrics.withLock { all in
            let names = all.filter { $0.value.plugin == plugin }.map(\.key)
            all = all.filter { $0.value.plugin != plugin }
            return names
        }
        parsed.withLock { p in for n in gone { p[n] = nil } }
    }

    public var all: [Metric] { metrics.withLock { Array($0.values) }.sorted { $0.name < $1.name } }

    public func metric(_ name: String) -> Metric? { metrics.withLock { $0[name] } }

    /// The resolver queries use: a metric's parsed definition, bound in place of its name.
    public var resolver: NameResolver {
        { [self] name in self.parsed.withLock { $0[name] } }
    }
}
