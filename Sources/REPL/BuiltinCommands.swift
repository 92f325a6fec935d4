import LuaBridge
import Scripting

/// The dot-commands every session has.
enum BuiltinCommands {
    static func register(into c: inout DotCommands) {
        c.register(DotCommand(name: "help", usage: ".help [command]", help: "list the commands, or explain one") { s, args in
            if let topic = args.first?.drop(while: { $0 == "." }), let cmd = s.commands.commands[String(topic)] {
                print("\(cmd.usage)\n  \(cmd.help)")
                return
            }
            // `.help engagement_priority`: a metric's formula and sources; a plugin's command.
            if let topic = args.first.map({ String($0.drop(while: { $0 == "." })) }), let host = HemiContext.of(s.lua)?.plugins {
                if let text = host.helpText(metric: topic) { print(text); return }
                if let cmd = host.command(named: topic) { print(".\(cmd.name) \(cmd.usage ?? "")\n  \(cmd.description) (plugin \(cmd.plugin))"); return }
            }
            // `.help hemi.table`, `.help filter`: the API reference.
            if let topic = args.first, let text = HemiAPI.help(String(topic)) { print(text); return }
            if let topic = args.first { s.warn("no command, metric or API function named \(topic)"); return }
            for name in s.commands.commands.keys.sorted() {
                let cmd = s.commands.commands[name]!
                print(cmd.usage.padding(to: 24) + cmd.help)
            }
            if let host = HemiContext.of(s.lua)?.plugins, !host.allCommands.isEmpty {
                print("Plugin commands:")
                for cmd in host.allCommands { print((".\(cmd.name) \(cmd.usage ?? "")").padding(to: 24) + cmd.description) }
            }
            print("Lua: type an expression to see its value; `_` holds the last result. `.help METRIC` explains a metric.")
        })
        c.register(DotCommand(name: "exit", usage: ".exit [code]", help: "leave hemi with an exit status") { s, args in
            s.exit(args.first.flatMap { Int32($0) } ?? 0)
        })
        c.register(DotCommand(name: "quit", usage: ".quit", help: "leave hemi") { s, _ in s.exit(0) })
        c.register(DotCommand(name: "history", usage: ".history [N]", help: "show the last N entries (default 20)") { s, args in
            let n = args.first.flatMap { Int($0) } ?? 20
            let all = s.history.entries
            for (i, e) in all.enumerated().suffix(n) { print("\(String(i + 1).leftPadding(to: 5))  \(e)") }
        })
        c.register(DotCommand(name: "read", usage: ".read FILE", help: "run a Lua file") { s, args in
            guard let f = args.first else { s.warn("usage: .read FILE"); return }
            LuaInterrupt.clear()
            do { try s.lua.runFile(f) } catch let error as LuaError {
                if case .interrupted = error { print("Interrupted") } else { s.warn(error.message) }
            } catch {}
            LuaInterrupt.clear()
        })
        c.register(DotCommand(name: "timer", usage: ".timer on|off", help: "show how long each entry took") { s, args in
            switch args.first { case "on": s.timer = true; case "off": s.timer = false
            default: s.warn("usage: .timer on|off") }
        })
        c.register(DotCommand(name: "maxrows", usage: ".maxrows N", help: "rows a query result shows (and items of a Lua table)") { s, args in
            guard let n = args.first.flatMap({ Int($0) }), n > 0 else { s.warn("usage: .maxrows N (a positive number)"); return }
            s.printer.maxItems = n
            HemiContext.of(s.lua)?.maxRows = n
        })
        c.register(DotCommand(name: "last", usage: ".last", help: "show the last result again, in full") { s, _ in
            if s.lastResults.isEmpty { print("(no result yet)"); return }
            // A query (`_`) is rendered again with every row; Lua values without size limits.
            if case .opaque = s.lua.global("_"), let ctx = HemiContext.of(s.lua) {
                let saved = ctx.maxRows
                ctx.maxRows = Int.max / 4
                defer { ctx.maxRows = saved }
                if let text = try? s.lua.run("return _", chunkName: "=.last", objectsAsText: true).first, case .string = text {
                    print(s.printer.render(text)); return
                }
            }
            var full = s.printer; full.maxItems = Int.max; full.maxDepth = 64
            print(s.lastResults.map { full.render($0) }.joined(separator: "\t"))
        })
    }
}

extension String {
    func padding(to n: Int) -> String { count >= n ? self + " " : self + String(repeating: " ", count: n - count) }
    func leftPadding(to n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
