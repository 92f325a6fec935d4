// The text of `hemi.help(name)` and `.help name`: a metric's unit, definition, formula,
// inputs, sources and plugin; a plugin's manifest and what it registered; a command's usage;
// a parameter's value and default.

extension PluginHost {
    /// Help for a metric registered by a plugin (nil if there is no such metric).
    public func helpText(metric name: String) -> String? {
        guard let m = context.metrics.metric(name) else { return nil }
        let h = metricHelp[name]
        var lines = ["\(m.name) (\(m.unit)) — \(m.description)"]
        if let e = m.expression { lines.append("  definition: \(e)") }
        else if let h { lines.append("  computed in Lua, \(h.mode)" + (h.key.isEmpty ? "" : " (matched on \(h.key.joined(separator: ", ")))")) }
        if let f = h?.formula { lines.append("  formula: " + f.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n    ")) }
        if let t = m.table { lines.append("  applies to: \(t)") }
        if !m.inputs.isEmpty { lines.append("  inputs: \(m.inputs.joined(separator: ", "))") }
        let params = allParameters.filter { $0.plugin == m.plugin }
        if !params.isEmpty && m.expression == nil {
            lines.append("  parameters (hemi.set_param(name, value)):")
            for p in params { lines.append("    \(parameterLine(p))") }
        }
        if let s = h?.sources, !s.isEmpty {
            lines.append("  sources:")
            for src in s { lines.append("    - \(src)") }
        }
        if let n = h?.notes { lines.append("  notes: \(n)") }
        lines.append("  plugin: \(m.plugin) \(m.version)")
        return lines.joined(separator: "\n")
    }

    func parameterLine(_ p: PluginParameter) -> String {
        let value = p.override.map { "\($0) (default \(p.defaultValue))" } ?? "\(p.defaultValue)"
        return "\(p.fullName) = \(value)\(p.unit.map { " \($0)" } ?? "") — \(p.description)"
    }

    /// Help for any name: metric, plugin command, parameter, plugin, or a function of the API
    /// (`hemi.table`, `filter`, `api.metric`: the API reference).
    public func help(_ name: String) -> String? {
        if let text = helpText(metric: name) { return text }
        let bare = name.hasPrefix(".") ? String(name.dropFirst()) : name
        if let c = commands[bare] {
            return ".\(c.name)\(c.usage.map { " " + $0 } ?? "") — \(c.description)\n  plugin: \(c.plugin)\n  from Lua: hemi.command(\"\(c.name)\", \"arguments\")"
        }
        if let p = parameters[name] { return parameterLine(p) + "\n  plugin: \(p.plugin)" }
        if let s = statuses.first(where: { $0.name == name }) {
            var lines = [s.summary, "  path: \(s.path)"]
            if let a = s.author { lines.append("  author: \(a)") }
            if let l = s.license { lines.append("  license: \(l)") }
            if let d = s.details, s.state != .loaded { lines.append("  error: " + d.split(separator: "\n").prefix(6).joined(separator: "\n    ")) }
            for p in allParameters where p.plugin == name { lines.append("  parameter \(parameterLine(p))") }
            return lines.joined(separator: "\n")
        }
        return HemiAPI.help(name)
    }
}
