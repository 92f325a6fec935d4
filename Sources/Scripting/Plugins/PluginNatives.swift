// The Swift functions through which Lua states reach the plugin host. In every state (the
// user's and each plugin's): `hemi.help`, `hemi.plugins`, `hemi.param`, `hemi.params`, which
// only read. In the user's state only: `hemi.set_param` and `hemi.command`, which change the
// host or run a plugin (a command's results cross as copies or engine queries).

import LuaBridge
import QueryEngine

enum PluginNatives {
    /// [-0, +0] The user's `hemi.set_param` and `hemi.command`.
    static func installUser(_ host: @escaping () -> PluginHost, into lua: LuaState) {
        lua.register("set_param", in: "hemi", LuaCall.throwing { call in
            let host = host()
            guard let name = call.argument(1).stringValue else {
                throw LuaArgumentError(1, to: "set_param", "parameter name expected, got \(call.typeName(1))")
            }
            var value: PluginParameter.Value? = nil
            if case .nil = call.argument(2) {} else {
                guard let v = parameterValue(call.argument(2)) else {
                    throw LuaArgumentError(2, to: "set_param", "number, string or boolean expected, got \(call.typeName(2)); nil restores the default")
                }
                value = v
            }
            try host.setParameter(name, value)
            host.clearMetricCache()
            return .results(0)
        })
        lua.register("command", in: "hemi", LuaCall.throwing { call in
            let host = host()
            guard let name = call.argument(1).stringValue else {
                throw LuaArgumentError(1, to: "command", "command name expected, got \(call.typeName(1))")
            }
            let argument = call.argument(2).stringValue ?? ""
            let results = try host.commandResults(name, argument: argument)
            for r in results {
                switch r {
                case .value(let v): call.push(v)
                case .query(let box): QueryLua.push(box, in: call.state)
                }
            }
            return .results(Int32(results.count))
        })
    }

    /// [-0, +0] The reading functions every state has. `host` is called at each use: the
    /// user's state holds the host strongly, a plugin's world (owned by the host) weakly.
    static func installInfo(_ host: @escaping () -> PluginHost, into lua: LuaState) {
        // hemi.help(name [, false]): prints (or with false returns) what Hemi knows of a
        // metric, command, parameter or plugin.
        lua.register("help", in: "hemi", LuaCall.throwing { call in
            let host = host()
            guard let name = call.argument(1).stringValue else {
                throw LuaArgumentError(1, to: "help", "metric, command, parameter or plugin name expected, got \(call.typeName(1))")
            }
            let text = host.help(name) ?? "hemi.help: nothing named \"\(name)\" (no metric, plugin command, parameter, plugin or API function); see hemi.metrics() and hemi.plugins()"
            if case .boolean(false) = call.argument(2) { call.push(.string(text)); return .results(1) }
            print(text)
            return .results(0)
        })
        lua.register("plugins", in: "hemi") { call in
            let host = host()
            call.push(.table(host.statuses.enumerated().map { i, s in
                LuaTableEntry(key: .integer(Int64(i + 1)), value: statusTable(s))
            }))
            return .results(1)
        }
        lua.register("param", in: "hemi", LuaCall.throwing { call in
            let host = host()
            guard let name = call.argument(1).stringValue else {
                throw LuaArgumentError(1, to: "param", "parameter name expected, got \(call.typeName(1))")
            }
            guard let p = host.parameter(name) else {
                throw LuaArgumentError(1, to: "param", "no parameter \"\(name)\"; parameters: \(host.allParameters.map(\.fullName).joined(separator: ", "))")
            }
            call.push(luaValue(p.value)); return .results(1)
        })
        lua.register("params", in: "hemi") { call in
            let host = host()
            call.push(.table(host.allParameters.enumerated().map { i, p in
                LuaTableEntry(key: .integer(Int64(i + 1)), value: .table([
                    LuaTableEntry(key: .string("name"), value: .string(p.fullName)),
                    LuaTableEntry(key: .string("plugin"), value: .string(p.plugin)),
                    LuaTableEntry(key: .string("value"), value: luaValue(p.value)),
                    LuaTableEntry(key: .string("default"), value: luaValue(p.defaultValue)),
                    LuaTableEntry(key: .string("description"), value: .string(p.description)),
                    LuaTableEntry(key: .string("unit"), value: p.unit.map { .string($0) } ?? .nil),
                ]))
            }))
            return .results(1)
        }
    }

    static func parameterValue(_ v: LuaValue) -> PluginParameter.Value? {
        switch v {
        case .integer(let i): return .number(Double(i))
        case .number(let d): return .number(d)
        case .string: return .string(v.stringValue ?? "")
        case .boolean(let b): return .boolean(b)
        default: return nil
        }
    }

    static func luaValue(_ v: PluginParameter.Value) -> LuaValue {
        switch v {
        case .number(let d): return d == d.rounded() && Swift.abs(d) < 9e15 ? .integer(Int64(d)) : .number(d)
        case .string(let s): return .string(s)
        case .boolean(let b): return .boolean(b)
        }
    }

    static func statusTable(_ s: PluginStatus) -> LuaValue {
        var e: [LuaTableEntry] = [
            LuaTableEntry(key: .string("name"), value: .string(s.name)),
            LuaTableEntry(key: .string("path"), value: .string(s.path)),
            LuaTableEntry(key: .string("state"), value: .string(s.state.rawValue)),
            LuaTableEntry(key: .string("metrics"), value: s.metrics.luaValue),
            LuaTableEntry(key: .string("commands"), value: s.commands.luaValue),
        ]
        let optional: [(String, String?)] = [("version", s.version), ("reason", s.reason), ("file", s.file),
                                             ("description", s.description), ("author", s.author), ("license", s.license)]
        for (k, v) in optional { if let v { e.append(LuaTableEntry(key: .string(k), value: .string(v))) } }
        if let line = s.line { e.append(LuaTableEntry(key: .string("line"), value: .integer(Int64(line)))) }
        return .table(e)
    }
}
