import LuaBridge
import QueryEngine
#if canImport(Glibc)
import Glibc
#endif

/// Dot-commands of the sqlite3 shell's kind that touch the world outside the session:
/// .shell/.system, .cd, .echo, .print.
enum ShellCommands {
    static func register(into c: inout DotCommands) {
        for name in ["shell", "system"] {
            c.register(DotCommand(name: name, usage: ".\(name) CMD", help: "run CMD in the shell (/bin/sh -c)") { s, args in
                guard !args.isEmpty else { s.fail("usage: .\(name) CMD"); return }
                fflush(nil)
                let status = FileIO.withPath(args.joined(separator: " ")) { system($0) }   // the line's bytes
                // system() returns a wait status; a command that failed fails the entry.
                if status == -1 { s.fail(".\(name): cannot run /bin/sh: \(String(cString: strerror(errno)))"); return }
                let exited = (status & 0x7f) == 0
                let code = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                if code != 0 { s.fail(".\(name): the command exited with status \(code)") }
            })
        }
        c.register(DotCommand(name: "cd", usage: ".cd DIR", help: "change the working directory") { s, args in
            guard args.count == 1 else { s.fail("usage: .cd DIR"); return }
            if FileIO.withPath(args[0], { chdir($0) }) != 0 { s.fail("cannot change to \(FileIO.shown(args[0])): \(String(cString: strerror(errno)))") }
        })
        c.register(DotCommand(name: "echo", usage: ".echo [on|off]", help: "print each entry before it runs (no argument: the setting)") { s, args in
            guard let a = args.first else { s.out("echo: \(s.settings.echo ? "on" : "off")"); return }
            guard let on = OutputCommands.onOff(a) else { s.fail("usage: .echo on|off"); return }
            s.settings.echo = on
        })
        c.register(DotCommand(name: "print", usage: ".print TEXT", help: "print TEXT (to where results go)") { s, args in
            s.out(args.joined(separator: " "))
        })
    }
}
