import LuaBridge
import QueryEngine
import Scripting

/// Dot-commands about data and output: .tables .schema .sources .metrics .mode .output .once.
enum DataCommands {
    static func register(into c: inout DotCommands) {
        c.register(DotCommand(name: "tables", usage: ".tables", help: "list the dataset's tables with their row counts") { s, _ in
            guard let ds = s.dataset() else { return }
            let width = ds.tableNames.map(\.count).max() ?? 0
            for name in ds.tableNames {
                let info = ds.info(name)
                let rows = info?.rowCount.map { NumberFormat.grouped(Int64($0)) + " rows" } ?? ""
                print(name.padding(to: width + 2) + rows.leftPadding(to: 12) + "  " + (info?.description.prefix(70).description ?? ""))
            }
        })
        c.register(DotCommand(name: "schema", usage: ".schema [table]", help: "columns of a table (types, units, meaning), or of all tables") { s, args in
            guard let ds = s.dataset() else { return }
            let names = args.isEmpty ? ds.tableNames : args
            for name in names {
                guard let info = ds.info(name) else {
                    s.warn("unknown table: \(name)" + suggestion(name, ds.tableNames) + " (.tables lists them)")
                    continue
                }
                print("\(info.name) (\(info.grain); key \(info.key.joined(separator: ", ")))")
                let width = info.columns.map(\.name.count).max() ?? 0
                for col in info.columns {
                    print("  " + col.name.padding(to: width + 1) + col.type.padding(to: 8) + (col.unit.map { "[\($0)] " } ?? "") + col.description)
                }
            }
        })
        c.register(DotCommand(name: "sources", usage: ".sources [table]", help: "where the data comes from: publisher, edition, licence") { s, args in
            guard let ds = s.dataset() else { return }
            if let name = args.first {
                guard ds.info(name) != nil else { s.warn("unknown table: \(name)" + suggestion(name, ds.tableNames)); return }
                print(ds.citation(table: name))
                return
            }
            print("Vintage: \(ds.vintage)")
            for src in ds.catalog.sources {
                print("\(src.id): \(src.publisher), \(src.title) (\(src.edition)). \(src.license)")
            }
        })
        c.register(DotCommand(name: "metrics", usage: ".metrics", help: "metrics the plugins define (name, unit, plugin)") { s, _ in
            guard let ctx = HemiContext.of(s.lua) else { return }
            let all = ctx.metrics.all
            if all.isEmpty { print("(no metrics: no plugins loaded)"); return }
            let width = all.map(\.name.count).max() ?? 0
            for m in all {
                print(m.name.padding(to: width + 2) + "[\(m.unit)] " + m.description + "  (\(m.plugin) \(m.version))")
            }
        })
        c.register(DotCommand(name: "plugins", usage: ".plugins", help: "plugins: loaded, failed (and why), incompatible") { s, _ in
            guard let host = HemiContext.of(s.lua)?.plugins else { print("(no plugin host)"); return }
            if host.statuses.isEmpty { print("(no plugins found on the search path: \(host.searchPath.joined(separator: ":")))"); return }
            for st in host.statuses { print(st.summary) }
        })
        c.register(DotCommand(name: "reload", usage: ".reload", help: "load the plugins again (after editing them)") { s, _ in
            guard let host = HemiContext.of(s.lua)?.plugins else { print("(no plugin host)"); return }
            let statuses = host.reload(into: s.lua)
            let loaded = statuses.filter { $0.state == .loaded }.count
            print("reloaded: \(loaded) of \(statuses.count) plugins loaded")
            for st in statuses where st.state != .loaded && st.state != .skipped { s.warn("plugin " + st.summary) }
        })
        c.register(DotCommand(name: "mode", usage: ".mode box|csv|tsv|json|jsonl|markdown", help: "how query results print") { s, args in
            guard let ctx = HemiContext.of(s.lua) else { return }
            guard let name = args.first else { print("mode: \(ctx.displayFormat?.rawValue ?? "box")"); return }
            if name == "box" { ctx.displayFormat = nil; return }
            guard let f = OutputFormat(name: name) else {
                s.warn("unknown mode: \(name) (expected box, csv, tsv, json, jsonl or markdown)"); return
            }
            ctx.displayFormat = f
        })
        c.register(DotCommand(name: "output", usage: ".output [FILE]", help: "send output to FILE (written whole when closed); no FILE: back to the terminal") { s, args in
            s.endRedirect()
            guard let file = args.first, file != "stdout" else { return }
            s.beginRedirect(file, once: false)
        })
        c.register(DotCommand(name: "once", usage: ".once FILE", help: "send the output of the next Lua entry to FILE") { s, args in
            guard let file = args.first else { s.warn("usage: .once FILE"); return }
            s.endRedirect()
            s.beginRedirect(file, once: true)
        })
    }

    static func suggestion(_ name: String, _ names: [String]) -> String {
        let near = names.filter { Suggest.distance(Array($0), Array(name)) <= max(2, name.count / 3) }
        return near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?"
    }
}
