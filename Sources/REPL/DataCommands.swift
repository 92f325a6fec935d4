import LuaBridge
import QueryEngine
import Scripting

/// Dot-commands about the data and the plugins: .tables .schema .sources .metrics .plugins .reload.
enum DataCommands {
    static func register(into c: inout DotCommands) {
        c.register(DotCommand(name: "tables", usage: ".tables", help: "list the dataset's tables with their row counts") { s, _ in
            guard let ds = s.dataset() else { return }
            let width = ds.tableNames.map(\.count).max() ?? 0
            let room = max(20, ChartsLua.terminalColumns() - (width + 2 + 12 + 2))
            s.out(ds.tableNames.map { name in
                let info = ds.info(name)
                let rows = info?.rowCount.map { NumberFormat.grouped(Int64($0)) + " rows" } ?? ""
                return name.padding(to: width + 2) + rows.leftPadding(to: 12) + "  " + shorten(info?.description ?? "", to: room)
            }.joined(separator: "\n"))
        })
        c.register(DotCommand(name: "schema", usage: ".schema [table]", help: "columns of a table (types, units, meaning), or of all tables") { s, args in
            guard let ds = s.dataset() else { return }
            let names = args.isEmpty ? ds.tableNames : args
            var text: [String] = []
            var unknown: [String] = []
            for name in names {
                guard let info = ds.info(name) else {
                    unknown.append("unknown table: \(name)" + suggestion(name, ds.tableNames) + " (.tables lists them)")
                    continue
                }
                text.append("\(info.name) (\(info.grain); key \(info.key.joined(separator: ", ")))")
                let width = info.columns.map(\.name.count).max() ?? 0
                for col in info.columns {
                    text.append("  " + col.name.padding(to: width + 1) + col.type.padding(to: 8) + (col.unit.map { "[\($0)] " } ?? "") + col.description)
                }
            }
            if !text.isEmpty { s.out(text.joined(separator: "\n")) }
            for u in unknown { s.fail(u) }
        })
        c.register(DotCommand(name: "sources", usage: ".sources [table]", help: "where the data comes from: publisher, edition, licence") { s, args in
            guard let ds = s.dataset() else { return }
            if let name = args.first {
                guard ds.info(name) != nil else { s.fail("unknown table: \(name)" + suggestion(name, ds.tableNames) + " (.tables lists them)"); return }
                s.out(ds.citation(table: name))
                return
            }
            s.out((["Vintage: \(ds.vintage)"] + ds.catalog.sources.map { "\($0.id): \($0.publisher), \($0.title) (\($0.edition)). \($0.license)" }).joined(separator: "\n"))
        })
        c.register(DotCommand(name: "metrics", usage: ".metrics", help: "metrics the plugins define (name, unit, plugin)") { s, _ in
            guard let ctx = HemiContext.of(s.lua) else { return }
            let all = ctx.metrics.all
            if all.isEmpty { s.out("(no metrics: no plugins loaded)"); return }
            let width = all.map(\.name.count).max() ?? 0
            s.out(all.map { m in m.name.padding(to: width + 2) + "[\(m.unit)] " + m.description + "  (\(m.plugin) \(m.version))" }
                .joined(separator: "\n"))
        })
        c.register(DotCommand(name: "plugins", usage: ".plugins", help: "plugins: loaded, failed (and why), incompatible") { s, _ in
            guard let host = HemiContext.of(s.lua)?.plugins else { s.out("(no plugin host)"); return }
            if host.statuses.isEmpty { s.out("(no plugins found on the search path: \(host.searchPath.joined(separator: ":")))"); return }
            s.out(host.statuses.map(\.summary).joined(separator: "\n"))
        })
        c.register(DotCommand(name: "reload", usage: ".reload", help: "load the plugins again (after editing them)") { s, _ in
            guard let host = HemiContext.of(s.lua)?.plugins else { s.out("(no plugin host)"); return }
            let statuses = host.reload(into: s.lua)
            let loaded = statuses.filter { $0.state == .loaded }.count
            s.out("reloaded: \(loaded) of \(statuses.count) plugins loaded")
            for st in statuses where st.state != .loaded && st.state != .skipped { s.note("plugin " + st.summary) }
        })
    }

    static func suggestion(_ name: String, _ names: [String]) -> String {
        let near = names.filter { Suggest.distance(Array($0), Array(name)) <= max(2, name.count / 3) }
        return near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?"
    }

    /// Text cut at a word boundary to fit `width` characters, with an ellipsis when cut.
    static func shorten(_ text: String, to width: Int) -> String {
        guard text.count > width else { return text }
        let room = text.prefix(max(1, width - 1))
        let cut = room.lastIndex(of: " ").map { room[..<$0] } ?? room
        return cut.trimmingCharacters(in: " ,;:") + "…"
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        String(self.reversed().drop { set.contains($0) }.reversed())
    }
}
