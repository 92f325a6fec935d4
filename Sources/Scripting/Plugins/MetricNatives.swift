// The natives behind Lua-computed metrics by name (metric_verbs.lua), in every state with
// `hemi`: which names are Lua-computed metrics, and their values, computed in the owning
// plugin's world and handed over as engine queries or copied values.

import LuaBridge
import QueryEngine

enum MetricNatives {
    /// [-0, +0] Sets the global `_hemi_metric_native`, which metric_verbs.lua captures and removes.
    /// `host` is called at each use: the user's state holds the host strongly, a plugin's
    /// world (owned by the host) weakly.
    static func install(_ host: @escaping () -> PluginHost, into lua: LuaState) {
        let table = "_hemi_metric_native"
        lua.register("has_lua_metrics", in: table) { call in
            let host = host()
            call.push(.boolean(host.hasLuaMetrics)); return .results(1)
        }
        lua.register("is_query", in: table) { call in
            call.push(.boolean(call.object(1, className: QueryLua.className, as: QueryBox.self) != nil)); return .results(1)
        }
        lua.register("lua_metric", in: table) { call in
            let host = host()
            guard let name = call.argument(1).stringValue, let m = host.luaMetrics[name] else { call.push(.nil); return .results(1) }
            var fields = [LuaTableEntry(key: .string("plugin"), value: .string(PluginText.clean(m.world.name)))]
            if let keys = m.keys { fields.append(LuaTableEntry(key: .string("keys"), value: .table(keys.enumerated().map {
                LuaTableEntry(key: .integer(Int64($0.offset + 1)), value: $0.element.luaValue) }))) }
            call.push(.table(fields)); return .results(1)
        }
        lua.register("metric_expression", in: table) { call in
            let host = host()
            guard let name = call.argument(1).stringValue else { call.push(.nil); return .results(1) }
            call.push(host.context.metrics.metric(name)?.expression.map { .string($0) } ?? .nil)
            return .results(1)
        }
        lua.register("metric_values", in: table) { call in
            let host = host()
            guard let name = call.argument(1).stringValue, case .table(let k) = call.argument(2) else {
                return .error("metric_values: metric name and key expected")
            }
            do throws(LuaError) {
                QueryLua.push(try host.metricValues(name, key: LuaTableView(k).array().compactMap(\.stringValue)), in: call.state)
                return .results(1)
            } catch { return .error(error.message) }
        }
        lua.register("metric_row_values", in: table) { call in
            let host = host()
            guard let name = call.argument(1).stringValue, case .table(let rows) = call.argument(2) else {
                return .error("metric_row_values: metric name and rows expected")
            }
            do throws(LuaError) {
                let values = try host.metricRowValues(name, rows: LuaTableView(rows).array())
                call.push(.table(values.enumerated().compactMap { i, v in
                    v == .nil ? nil : LuaTableEntry(key: .integer(Int64(i + 1)), value: v)
                }))
                return .results(1)
            } catch { return .error(error.message) }
        }
    }
}
