import LuaBridge
import Scripting
import QueryEngine
#if canImport(Glibc)
import Glibc
#endif

/// The dot-commands every session has: help, leaving, history, reading files.
enum BuiltinCommands {
    static func register(into c: inout DotCommands) {
        c.register(DotCommand(name: "help", usage: ".help [command]", help: "list the commands, or explain one") { s, args in
            if let topic = args.first?.drop(while: { $0 == "." }), let cmd = s.commands.commands[String(topic)] {
                s.out("\(cmd.usage)\n  \(cmd.help)")
                return
            }
            // `.help engagement_priority`: a metric's formula and sources; a plugin's command.
            if let topic = args.first.map({ String($0.drop(while: { $0 == "." })) }), let host = HemiContext.of(s.lua)?.plugins {
                if let text = host.helpText(metric: topic) { s.out(text); return }
                if let cmd = host.command(named: topic) { s.out(".\(cmd.name) \(cmd.usage ?? "")\n  \(cmd.description) (plugin \(cmd.plugin))"); return }
            }
            // `.help hemi.table`, `.help filter`: the API reference.
            if let topic = args.first, let text = HemiAPI.help(String(topic)) { s.out(text); return }
            if let topic = args.first { s.fail("no command, metric or API function named \(topic) (.help lists them)"); return }
            // On a terminal the listing fits its width (the terminal itself broke lines mid-word
            // below about 110 columns); into a pipe, a file or a notebook, one line per command.
            s.out(helpText(s, width: s.redirect == nil && isatty(1) != 0 ? ChartsLua.terminalColumns() : nil))
        })
        c.register(DotCommand(name: "exit", usage: ".exit [code]", help: "leave hemi with an exit status (default 0)") { s, args in
            guard let a = args.first else { s.exit(0); return }
            guard args.count == 1, let code = Int32(a), (0...255).contains(code) else {
                s.fail("usage: .exit [code]: '\(args.joined(separator: " "))' is not an exit status (expected a number 0-255)")
                return
            }
            s.exit(code)
        })
        c.register(DotCommand(name: "quit", usage: ".quit", help: "leave hemi") { s, _ in s.exit(0) })
        c.register(DotCommand(name: "history", usage: ".history [N]", help: "show the last N entries (default 20)") { s, args in
            let n: Int
            if let a = args.first {
                guard let v = Int(a), v >= 0 else { s.fail("usage: .history [N]: '\(a)' is not a number of entries"); return }
                n = v
            } else { n = 20 }
            let all = s.history.entries
            s.out(all.enumerated().suffix(n).map { "\(String($0.offset + 1).leftPadding(to: 5))  \($0.element)" }.joined(separator: "\n"))
        })
        c.register(DotCommand(name: "read", usage: ".read FILE", help: "run a file of Lua and dot-commands") { s, args in
            guard let f = args.first else { s.fail("usage: .read FILE"); return }
            s.read(f)
        })
    }

    /// The `.help` listing: every command with its usage, then the plugins' commands. With a
    /// `width`, each help text is broken between words to fit it, continued in its column.
    static func helpText(_ s: Session, width: Int? = nil) -> String {
        var lines: [String] = []
        let indent = String(repeating: " ", count: 30)
        // A usage too long for its column puts the help on the next line, never run into it.
        func entry(_ usage: String, _ help: String) {
            let parts = wrapped(help, to: width.map { $0 - 30 })
            if usage.count < 30 { lines.append(usage.padding(to: 30) + parts[0]) }
            else { lines.append(usage); lines.append(indent + parts[0]) }
            lines += parts.dropFirst().map { indent + $0 }
        }
        for name in s.commands.commands.keys.sorted() {
            let cmd = s.commands.commands[name]!
            entry(cmd.usage, cmd.help)
        }
        if let host = HemiContext.of(s.lua)?.plugins, !host.allCommands.isEmpty {
            lines.append("Plugin commands:")
            for cmd in host.allCommands { entry(".\(cmd.name) \(cmd.usage ?? "")", cmd.description) }
        }
        lines += wrapped("Lua: type an expression to see its value; `_` holds the last result. `.help METRIC` explains a metric.", to: width)
        return lines.joined(separator: "\n")
    }

    /// `text` in lines of at most `room` characters, broken between words; whole when there is
    /// no room to speak of (a terminal narrower than the usage column and 20 more).
    static func wrapped(_ text: String, to room: Int?) -> [String] {
        guard let room, room >= 20, text.count > room else { return [text] }
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if line.isEmpty { line = String(word) }
            else if line.count + 1 + word.count <= room { line += " " + word }
            else { lines.append(line); line = String(word) }
        }
        return lines + [line]
    }
}

extension Session {
    /// `.read FILE`: a file of plain Lua runs as one chunk (its locals work as in a script); one
    /// with dot-commands runs entry by entry, as piped input does.
    func read(_ path: String) {
        // The name is opened by its bytes (FileIO.withPath); messages show it as FileIO.shown.
        guard let f = FileIO.withPath(path, { fopen($0, "r") }) else {
            fail("cannot read \(FileIO.shown(path)): \(String(cString: strerror(errno)))"); return
        }
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n <= 0 { break }
            bytes.append(contentsOf: buf[0..<n])
        }
        fclose(f)
        let text = ByteText.string(bytes: bytes)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if !lines.contains(where: { $0.hasPrefix(".") }) {
            LuaInterrupt.clear()
            do throws(LuaError) { _ = try FileIO.withPath(path) { (p) throws(LuaError) in try lua.runFile(cPath: p) } } catch { report(error) }
            LuaInterrupt.clear()
            return
        }
        var feeder = EntryFeeder()
        for line in lines {
            if exitCode != nil { return }
            if let entry = feeder.add(line, session: self) { submit(entry.text, chunkName: "@" + FileIO.shown(path), firstLine: entry.firstLine) }
        }
        if let unfinished = feeder.unfinished { submit(unfinished.text, chunkName: "@" + FileIO.shown(path), firstLine: unfinished.firstLine) }
    }
}

extension String {
    func padding(to n: Int) -> String { count >= n ? self + " " : self + String(repeating: " ", count: n - count) }
    func leftPadding(to n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
