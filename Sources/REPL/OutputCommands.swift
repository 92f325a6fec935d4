import LuaBridge
import QueryEngine
import Scripting

/// Dot-commands about how and where results show: .mode .maxrows .last .timer .output .once.
enum OutputCommands {
    static func register(into c: inout DotCommands) {
        c.register(DotCommand(name: "mode", usage: ".mode [box|csv|tsv|json|jsonl|markdown]", help: "how query results print (no argument: the current mode)") { s, args in
            guard let ctx = HemiContext.of(s.lua) else { return }
            guard let name = args.first else { s.out("mode: \(ctx.displayFormat?.rawValue ?? "box")"); return }
            if name == "box" { ctx.displayFormat = nil; return }
            guard let f = OutputFormat(name: name) else {
                s.fail("unknown mode: \(name) (expected box, csv, tsv, json, jsonl or markdown)"); return
            }
            ctx.displayFormat = f
        })
        c.register(DotCommand(name: "maxrows", usage: ".maxrows [N]", help: "rows a query result shows, 0 for all (no argument: the current limit)") { s, args in
            guard let ctx = HemiContext.of(s.lua) else { return }
            guard let a = args.first else {
                s.out("maxrows: \(ctx.maxRows >= unlimited ? "0 (no limit)" : String(ctx.maxRows))"); return
            }
            guard let n = Int(a), n >= 0 else { s.fail("usage: .maxrows N: '\(a)' is not a number of rows (0 for no limit)"); return }
            ctx.maxRows = n == 0 ? unlimited : n
            s.printer.maxItems = n == 0 ? unlimited : max(n, 1)
        })
        c.register(DotCommand(name: "timer", usage: ".timer [on|off]", help: "show how long each entry took (no argument: the setting)") { s, args in
            guard let a = args.first else { s.out("timer: \(s.settings.timer ? "on" : "off")"); return }
            guard let on = onOff(a) else { s.fail("usage: .timer on|off"); return }
            s.settings.timer = on
        })
        c.register(DotCommand(name: "last", usage: ".last", help: "show the last result again, every row and column") { s, _ in
            if s.lastResults.isEmpty { s.out("(no result yet)"); return }
            // A query (`_`) is rendered again with every row; Lua values without size limits.
            if case .opaque = s.lua.global("_"), let ctx = HemiContext.of(s.lua) {
                let saved = ctx.maxRows
                ctx.maxRows = unlimited
                defer { ctx.maxRows = saved }
                do throws(LuaError) {
                    if let text = try s.lua.run("return _", chunkName: "=.last", objectsAsText: true).first, case .string = text {
                        s.out(s.printer.render(text)); return
                    }
                } catch { s.report(error); return }
            }
            var full = s.printer; full.maxItems = unlimited; full.maxDepth = 64
            s.out(s.render(s.lastResults).isEmpty ? "" : s.lastResults.map { full.render($0) }.joined(separator: "\t"))
        })
        c.register(DotCommand(name: "output", usage: ".output [FILE]", help: "send results to FILE (written whole when closed); no FILE: back to the terminal") { s, args in
            s.endRedirect()
            guard let file = args.first, file != "stdout" else { return }
            s.beginRedirect(file, once: false)
        })
        c.register(DotCommand(name: "once", usage: ".once FILE", help: "send the results of the next entry to FILE") { s, args in
            guard let file = args.first else { s.fail("usage: .once FILE"); return }
            s.endRedirect()
            s.beginRedirect(file, once: true)
        })
    }

    /// "No limit" for rows and items: large, yet far from overflowing when added to.
    static let unlimited = Int.max / 4

    static func onOff(_ s: String) -> Bool? {
        switch s.lowercased() { case "on", "yes", "1", "true": return true; case "off", "no", "0", "false": return false; default: return nil }
    }
}
