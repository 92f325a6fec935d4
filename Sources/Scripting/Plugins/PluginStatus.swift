// What the host knows about each plugin, command, parameter and metric help: the data behind
// `.plugins`, `hemi.plugins()`, `.metrics` and `hemi.help(name)`.

public struct PluginStatus: Sendable, Equatable {
    public enum State: String, Sendable {
        case loaded, failed, incompatible
        /// Found but not selected (`--plugins`/`only:`), or shadowed by a same-named plugin
        /// earlier in the search path.
        case skipped
    }
    public var name: String
    public var version: String?
    /// The plugin's folder.
    var path: String
    public var state: State
    /// Why it failed, is incompatible or was skipped; the first line of the error.
    var reason: String?
    /// The file and line the error points at, when Lua gave one.
    var file: String?
    var line: Int?
    /// The full error with its Lua traceback.
    var details: String?
    public var description: String?
    var author: String?
    var license: String?
    public var metrics: [String] = []
    var commands: [String] = []

    /// One line for `.plugins`: `trade 1.0.0 loaded — US goods trade metrics`.
    public var summary: String {
        var s = "\(name) \(version ?? "?") \(state.rawValue)"
        switch state {
        case .loaded:
            if let d = description { s += " — \(d)" }
            var parts: [String] = []
            if !metrics.isEmpty { parts.append("metrics: \(metrics.joined(separator: ", "))") }
            if !commands.isEmpty { parts.append("commands: \(commands.map { "." + $0 }.joined(separator: ", "))") }
            if !parts.isEmpty { s += " (\(parts.joined(separator: "; ")))" }
        default:
            if let r = reason { s += ": \(r)" }
        }
        return s
    }
}

/// A dot-command a plugin registered (`api.command{ name, description, run }`).
public struct PluginCommand: Sendable, Equatable {
    public var name: String
    public var description: String
    public var usage: String?
    public var plugin: String
}

/// A parameter with a default the user may override (`api.param{...}`, `hemi.set_param`).
struct PluginParameter: Sendable, Equatable {
    enum Value: Sendable, Equatable, CustomStringConvertible {
        case number(Double), string(String), boolean(Bool)
        var description: String {
            switch self {
            case .number(let d): return d == d.rounded() && Swift.abs(d) < 1e15 ? String(Int64(d)) : String(d)
            case .string(let s): return "\"\(s)\""
            case .boolean(let b): return String(b)
            }
        }
    }
    /// `plugin.name`, as `hemi.set_param` takes it.
    var fullName: String
    var plugin: String
    var defaultValue: Value
    /// The user's value, if set.
    var override: Value?
    var description: String
    var unit: String?
    var value: Value { override ?? defaultValue }
}

/// What `hemi.help` shows about a metric beyond the registry's fields.
struct MetricHelp: Sendable {
    var mode: String          // expression, per table, per row
    var grain: String?
    var key: [String]
    var formula: String?
    var sources: [String]
    var notes: String?
}
