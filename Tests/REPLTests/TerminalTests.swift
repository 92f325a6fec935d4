import Testing
import Foundation
import TestSupport

/// Drives the real binary in a real terminal (tmux send-keys / capture-pane). Each test has
/// its own tmux server socket; screens are polled until the expected text appears.
@Suite(.serialized) final class TerminalTests {
    /// History folders this test made; Swift Testing makes one instance per test, so deinit
    /// is the test's teardown (the history tests reuse a path across two terminals, so the
    /// folder cannot go when a terminal closes).
    private var folders: [String] = []
    deinit { for f in folders { try? FileManager.default.removeItem(atPath: f) } }

    static var hemi: String {
        if let p = ProcessInfo.processInfo.environment["HEMI_BIN"] { return p }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let c = dir.appendingPathComponent("hemi").path
            if FileManager.default.isExecutableFile(atPath: c) { return c }
            dir = dir.deletingLastPathComponent()
        }
        return "hemi"
    }

    final class Terminal {
        /// The server's socket, by path (`tmux -S`) so that close() can remove it: tmux leaves
        /// it behind when it exits.
        let socket = NSTemporaryDirectory() + "hemi-test-\(UUID().uuidString.prefix(8)).tmux"
        let historyPath: String
        /// The tmux server, run in the foreground (`tmux -D`) as this process's own child, not as
        /// the daemon `new-session` would fork: a daemon is an orphan, and once it exits it stays
        /// a zombie (still listed by `pgrep tmux`) until init reaps it, about 2 s later here.
        /// close() reaps it itself. 0 once closed (or found dead and reaped).
        private var serverPID: pid_t = 0
        /// hemi in the pane, as (pid, start time): the start time keeps a reused pid from being
        /// taken for it.
        private var hemi: (pid: pid_t, start: String)?

        struct Failure: Error, CustomStringConvertible { let description: String }

        /// `stdoutTo`: a file that hemi's standard output goes to instead of the terminal (the
        /// banner and results go to the file, the prompt to the terminal). `viaShell`: hemi is
        /// started from an interactive bash in the pane, as a person does, so that job control
        /// works (run straight in the pane, hemi is an orphaned process group, and the kernel
        /// discards the SIGTSTP of a Ctrl-Z).
        init(history: String, environment: String = "", unsetting: [String] = [], stdoutTo: String? = nil,
             viaShell: Bool = false) throws {
            historyPath = history
            do {
                serverPID = try startServer()
                try waitForServer()
                let redirect = stdoutTo.map { " > '\($0)'" } ?? ""
                let program = viaShell ? "PS1='shell$ ' /bin/bash --norc --noprofile -i" : TerminalTests.hemi + redirect
                try tmux(["new-session", "-d", "-x", "120", "-y", "40",
                          "env -u PAGER -u HEMI_PAGER -u NO_COLOR \(unsetting.map { "-u \($0) " }.joined())HEMI_HISTORY=\(history) XDG_CONFIG_HOME=/nonexistent \(environment) \(program)"])
                let id = try tmux(["display-message", "-p", "#{pane_pid}"], capture: true)
                var pid = pid_t(id.trimmingCharacters(in: .whitespacesAndNewlines))
                if viaShell, let shell = pid {
                    _ = try waitFor("shell$ ")
                    try type(TerminalTests.hemi); try keys("Enter")
                    _ = try waitFor("> ")
                    pid = Terminal.children(of: shell).first
                }
                if let pid, let start = Terminal.startTime(pid) { hemi = (pid, start) }
                _ = try waitFor("> ")
            } catch {
                // The caller never gets this terminal to close, so a failed start closes it here.
                close()
                throw error
            }
        }
        // A backstop only: every test closes its terminals itself with defer, which runs when a
        // test throws too, so cleanup does not depend on when ARC releases the object.
        deinit { close() }

        /// Ends hemi and the tmux server and returns once both have exited and been reaped, so
        /// nothing outlives the test, even if `swift test` exits right after. Safe to call twice.
        func close() {
            let server = serverPID
            guard server > 0 else { return }        // never started, or closed already
            serverPID = 0
            // hemi first, while the server is there to reap it: ending the session hangs up the
            // pane (SIGHUP to hemi), and the server stays (-D turns exit-empty off). Were the
            // server to go first, hemi would be orphaned and linger as init's zombie.
            _ = try? tmux(["kill-session"])
            if let hemi, !Terminal.waitUntil(2, { Terminal.startTime(hemi.pid) != hemi.start }) {
                kill(hemi.pid, SIGKILL)
                _ = Terminal.waitUntil(2) { Terminal.startTime(hemi.pid) != hemi.start }
            }
            _ = try? tmux(["kill-server"])
            // Until reaped, `server` is still our child's pid (never reused), so killing it is safe.
            if !Terminal.waitUntil(2, { Terminal.reap(server) }) {
                kill(server, SIGKILL)
                _ = Terminal.waitUntil(2) { Terminal.reap(server) }
            }
            unlink(socket)
        }

        /// Whether our child `pid` has exited, reaping it if so (also true if it was reaped already).
        static func reap(_ pid: pid_t) -> Bool {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            return result == pid || (result == -1 && errno == ECHILD)
        }

        /// Polls `done` every 10 ms for `seconds` at most; whether it came true.
        static func waitUntil(_ seconds: Double, _ done: () -> Bool) -> Bool {
            for _ in 0..<Int(seconds * 100) {
                if done() { return true }
                Thread.sleep(forTimeInterval: 0.01)
            }
            return done()
        }

        /// The processes `pid` started that are still its children.
        static func children(of pid: pid_t) -> [pid_t] {
            let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
            return text.split(separator: " ").compactMap { pid_t($0) }
        }

        /// hemi's state, field 3 of /proc/<pid>/stat (R, S, T stopped, Z exited and not yet
        /// reaped); nil once it is gone.
        var hemiState: Substring? {
            guard let hemi, Terminal.startTime(hemi.pid) == hemi.start,
                  let stat = try? String(contentsOfFile: "/proc/\(hemi.pid)/stat", encoding: .utf8),
                  let paren = stat.lastIndex(of: ")") else { return nil }
            return stat[stat.index(after: paren)...].split(separator: " ").first
        }
        /// Whether hemi is stopped (job control).
        var hemiStopped: Bool { hemiState == "T" }

        /// Field 22 of /proc/<pid>/stat (start time in clock ticks); nil once the process is
        /// gone (reaped).
        static func startTime(_ pid: pid_t) -> String? {
            guard let file = FileHandle(forReadingAtPath: "/proc/\(pid)/stat") else { return nil }
            defer { try? file.close() }
            // The process may exit between open and read (ESRCH): readDataToEndOfFile would trap
            // on that; readToEnd throws, and gone is what nil means here.
            guard let data = try? file.readToEnd() else { return nil }
            let stat = String(decoding: data, as: UTF8.self)
            // The command name (field 2) is in parentheses and may hold spaces: count from after it.
            guard let paren = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: paren)...].split(separator: " ")
            return fields.count > 19 ? String(fields[19]) : nil
        }

        /// Starts `tmux -D` (through the same descriptor-closing shell as the clients) with
        /// posix_spawn rather than Process, for two reasons:
        /// - Process gives the child the calling thread's signal mask, and tests run on Dispatch
        ///   worker threads, which block nearly every signal. The server kept that mask and passed
        ///   it on to hemi, so the SIGTERM that `kill-server` sends the server (tmux signals
        ///   itself) stayed pending forever and hemi never saw SIGHUP: every test left a tmux
        ///   server and an idle hemi running after `swift test`. Here the mask is empty and every
        ///   signal has its default action, as in a fresh login.
        /// - Process learns that a child ended when the child closes a socket it inherited, then
        ///   waits for it on its one manager thread. The shell closes that socket at once, so a
        ///   long-lived server would block that thread, and every later Process, until it exits.
        private func startServer() throws -> pid_t {
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            for fd: Int32 in 0...2 { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_RDWR, 0) }
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var none = sigset_t(), all = sigset_t()
            sigemptyset(&none)
            sigfillset(&all)
            posix_spawnattr_setsigmask(&attributes, &none)
            posix_spawnattr_setsigdefault(&attributes, &all)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
            let argv = (["/bin/bash"] + shellArguments(["-D"])).map { strdup($0) } + [nil]
            let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { (argv + envp).forEach { free($0) } }
            var pid: pid_t = 0
            let error = posix_spawn(&pid, "/bin/bash", &actions, &attributes, argv, envp)
            guard error == 0 else { throw Failure(description: "posix_spawn tmux -D: error \(error)") }
            return pid
        }

        /// Waits until the server answers (5 s at most). Asks with show-options, which unlike
        /// new-session never starts a server of its own: a client that came too early would
        /// otherwise fork the daemon this class avoids.
        private func waitForServer() throws {
            var exited = false
            let up = Terminal.waitUntil(5) {
                exited = Terminal.reap(serverPID)
                return exited || (try? run(["show-options", "-g", "exit-empty"]).status) == 0
            }
            if exited { serverPID = 0; unlink(socket) }     // reaped: close() has nothing to end
            guard up, !exited else { throw Failure(description: "tmux server \(socket) did not start") }
        }

        /// Runs one tmux client command; its output is read only when `capture` is set, otherwise
        /// it goes to /dev/null.
        @discardableResult
        func tmux(_ args: [String], capture: Bool = false) throws -> String {
            try run(args, capture: capture).output
        }

        /// A client that does not answer in 60 s fails the test (and is killed) instead of
        /// holding the whole run.
        private func run(_ args: [String], capture: Bool = false) throws -> (status: Int32, output: String) {
            let r = try ChildProcess.run("/bin/bash", shellArguments(args), timeout: 60)
            return (r.status, capture ? r.stdout : "")
        }

        /// `bash -c` arguments running `tmux -S <socket> args`, closing every inherited descriptor
        /// above 2 first: a tmux server (ours, or one a client forks) would otherwise hold the
        /// test runner's own pipes open and `swift test` would wait for it forever.
        private func shellArguments(_ args: [String]) -> [String] {
            ["-c", #"for f in /proc/$$/fd/*; do f=${f##*/}; [ "$f" -gt 2 ] && exec {f}>&-; done; exec /usr/bin/tmux "$@""#,
             "tmux", "-S", socket] + args
        }

        /// Sends a signal to hemi itself (what `fg` does after Ctrl-Z is SIGCONT; the pane has
        /// no shell to type `fg` into).
        func signal(_ sig: Int32) {
            if let hemi, Terminal.startTime(hemi.pid) == hemi.start { kill(hemi.pid, sig) }
        }
        /// Whether hemi still runs (its pid holds the same process, not exited: the `-D` server
        /// does not always reap a pane's process that ended by itself once its session is gone).
        var hemiAlive: Bool { hemiState.map { $0 != "Z" } ?? false }

        func keys(_ k: String...) throws { try tmux(["send-keys"] + k) }
        func type(_ text: String) throws { try tmux(["send-keys", "-l", text]) }
        func screen() throws -> String { try tmux(["capture-pane", "-p", "-N"], capture: true) }
        /// The screen with its colours, as escape sequences.
        func colouredScreen() throws -> String { try tmux(["capture-pane", "-p", "-N", "-e"], capture: true) }

        /// Polls the screen until `text` appears (5 s at most); returns the screen.
        func waitFor(_ text: String, count: Int = 1) throws -> String {
            for _ in 0..<100 {
                let s = try screen()
                if s.components(separatedBy: text).count - 1 >= count { return s }
                Thread.sleep(forTimeInterval: 0.05)
            }
            let s = try screen()
            Issue.record("timed out waiting for \(text.debugDescription); screen:\n\(s)")
            return s
        }

        /// Types one entry and Enter once the prompt waits for it (the screen's last line is
        /// `>`). Keys typed while an entry still runs are echoed by the terminal itself, outside
        /// libedit, which on a loaded machine puts them on a line of their own.
        func enter(_ text: String) throws {
            func lastLine() throws -> String {
                try screen().split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.last { !$0.isEmpty } ?? ""
            }
            if !Terminal.waitUntil(10, { (try? lastLine()) == ">" }) {
                Issue.record("timed out waiting for the prompt before \(text.debugDescription); screen:\n\(try screen())")
            }
            try type(text); try keys("Enter")
        }
    }

    func tempHistory() -> String {
        let folder = NSTemporaryDirectory() + "hemi-tmux-\(UUID().uuidString)"
        folders.append(folder)
        return folder + "/history"
    }

    @Test func expressionsAndMultiLineDefinitions() throws {
        let t = try Terminal(history: tempHistory())
        defer { t.close() }
        try t.type("{1, 'Perú', x = 2}"); try t.keys("Enter")
        _ = try t.waitFor("{ 1, \"Perú\", x = 2 }")
        try t.type("function twice(x)"); try t.keys("Enter")
        _ = try t.waitFor(">> ")
        try t.type("return x * 2 end"); try t.keys("Enter")
        try t.type("twice(21)"); try t.keys("Enter")
        _ = try t.waitFor("\n42")
    }

    /// With no locale at all (LANG unset, as under `env -i`, cron, some CI machines) the C
    /// locale made libedit drop every non-ASCII key: 'Perú' arrived as 'Per'.
    @Test func nonASCIIKeysArriveUnderTheCLocale() throws {
        let t = try Terminal(history: tempHistory(), unsetting: ["LC_ALL", "LC_CTYPE", "LANG"])
        defer { t.close() }
        try t.enter("x = 'Perú'")
        try t.enter("print(#x .. '|' .. x)")
        _ = try t.waitFor("\n5|Perú")
    }

    @Test func tabCompletesFieldsAndMethods() throws {
        let t = try Terminal(history: tempHistory())
        defer { t.close() }
        try t.type("string.for"); try t.keys("Tab")
        _ = try t.waitFor("string.format(")
        try t.keys("C-u")
        try t.type("s = 'abc'"); try t.keys("Enter")
        try t.type("io.std"); try t.keys("Tab")
        _ = try t.waitFor("io.std")
    }

    @Test func tabCompletesDatasetNamesAndQueryMethods() throws {
        let t = try Terminal(history: tempHistory())
        defer { t.close() }
        try t.type("hemi.table(\"us_tr"); try t.keys("Tab")
        _ = try t.waitFor("hemi.table(\"us_trade")
        try t.type("\"):lim"); try t.keys("Tab")
        _ = try t.waitFor("hemi.table(\"us_trade\"):limit(")
        try t.type("1):select(\"iso3\")"); try t.keys("Enter")
        _ = try t.waitFor("│ ABW    │")
    }

    /// A pasted block is held in the line (drawn on several lines) and runs once, as one chunk,
    /// when Enter is pressed; it is one history entry.
    @Test func bracketedPasteRunsTheBlockOnceAsOneChunkOnEnter() throws {
        let path = tempHistory()
        let t = try Terminal(history: path)
        defer { t.close() }
        try t.tmux(["set-buffer", "local a = 40\nlocal b = 2\nprint('sum', a + b)\n"])
        try t.tmux(["paste-buffer", "-p"])          // -p: wrapped in bracketed-paste sequences
        _ = try t.waitFor("print('sum', a + b)")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(!(try t.screen().contains("sum     42")), "the paste did not run by itself")
        try t.keys("Enter")
        _ = try t.waitFor("sum     42")
        try t.keys("Left", "Right")                  // escape sequences still reach libedit
        try t.type("print(a)"); try t.keys("Enter")
        _ = try t.waitFor("\nnil")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("local a = 40\\nlocal b = 2\\nprint('sum', a + b)\n"), "one history entry: \(text)")
    }

    /// A block loaded from a file and pasted (tmux load-buffer, paste-buffer -p): nothing of it
    /// runs before Enter, all of it after, a dot-command line included, in order.
    @Test func aPastedFileBlockRunsOnlyWhenEnterIsPressed() throws {
        let t = try Terminal(history: tempHistory())
        defer { t.close() }
        let file = NSTemporaryDirectory() + "hemi-paste-\(UUID().uuidString.prefix(8)).lua"
        defer { unlink(file) }
        let block = "pasted = 0\nfor i = 1, 3 do\n  pasted = pasted + i\nend\nprint('total', pasted)\n.print block-done\n"
        try block.write(toFile: file, atomically: false, encoding: .utf8)
        try t.tmux(["load-buffer", file])
        try t.tmux(["paste-buffer", "-p"])
        _ = try t.waitFor(".print block-done")
        Thread.sleep(forTimeInterval: 0.3)
        let before = try t.screen()
        #expect(!before.contains("total   6") && !before.contains("\nblock-done"), "nothing ran before Enter:\n\(before)")
        try t.type("print('typed after')")           // typing more does not run it either
        Thread.sleep(forTimeInterval: 0.2)
        #expect(!(try t.screen().contains("\ntyped after")))
        try t.keys("Enter")
        _ = try t.waitFor("\nblock-done")
        let after = try t.screen()
        #expect(after.contains("total   6") && after.contains("\ntyped after"), "the block ran:\n\(after)")
        try t.type("print('pasted is', pasted)"); try t.keys("Enter")
        _ = try t.waitFor("pasted is       6")
    }

    @Test func tabCompletesAccentedCountryNames() throws {
        let t = try Terminal(history: tempHistory())
        defer { t.close() }
        // Typed without the accent, offered with it (and the other names that match).
        try t.type("hemi.country(\"mexi"); try t.keys("Tab"); try t.keys("Tab")
        _ = try t.waitFor("México")
        try t.keys("C-u")
        try t.type("hemi.country(\"colom"); try t.keys("Tab")
        _ = try t.waitFor("hemi.country(\"Colombi")
    }

    @Test func ctrlCStopsLoopsAndThePromptStillWorks() throws {
        let t = try Terminal(history: tempHistory())
        defer { t.close() }
        try t.type("while true do end"); try t.keys("Enter")
        Thread.sleep(forTimeInterval: 0.3)
        try t.keys("C-c")
        _ = try t.waitFor("Interrupted")
        try t.type("while true do pcall(function() while true do end end) end"); try t.keys("Enter")
        Thread.sleep(forTimeInterval: 0.3)
        try t.keys("C-c")
        _ = try t.waitFor("Interrupted", count: 2)
        try t.type("print('still ' .. 'here')"); try t.keys("Enter")
        _ = try t.waitFor("still here")
    }

    @Test func historySurvivesAKilledTerminalAndReturnsWithUpArrow() throws {
        let path = tempHistory()
        do {
            let t = try Terminal(history: path)
            defer { t.close() }
            try t.type("answer = 42"); try t.keys("Enter")
            try t.type("function g()"); try t.keys("Enter")
            try t.type("end"); try t.keys("Enter")
            try t.type("print('last ' .. answer)"); try t.keys("Enter")
            _ = try t.waitFor("last 42")
            t.close()                        // the terminal dies mid-session (hemi gets SIGHUP)
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "answer = 42\nfunction g()\\nend\nprint('last ' .. answer)\n")
        let t2 = try Terminal(history: path)
        defer { t2.close() }
        try t2.keys("Up")
        _ = try t2.waitFor("> print('last ' .. answer)")
    }

    /// Only Ctrl-D on an empty line ends the session (issue #13): on a line with text it edits
    /// the line (deletes the character under the cursor, or nothing at its end).
    @Test func ctrlDEndsTheSessionOnlyOnAnEmptyLine() throws {
        let t = try Terminal(history: tempHistory())
        defer { t.close() }
        try t.type("kept = 41 + 1")
        try t.keys("C-d")                            // at the end of the text: nothing to delete
        try t.keys("Home"); try t.keys("C-d")        // deletes the 'k'
        Thread.sleep(forTimeInterval: 0.3)
        #expect(t.hemiAlive, "Ctrl-D on a line with text ended the REPL")
        try t.keys("Enter")                          // runs "ept = 41 + 1"
        try t.enter("print('ept is ' .. ept)")
        _ = try t.waitFor("ept is 42")
        try t.enter("")
        try t.keys("C-d")
        #expect(Terminal.waitUntil(5) { !t.hemiAlive }, "Ctrl-D on an empty line ends the REPL; screen:\n\((try? t.screen()) ?? "")")
    }

    @Test func resizeAndCtrlZThenFgKeepTheSession() throws {
        let t = try Terminal(history: tempHistory())
        defer { t.close() }
        try t.type("abc = 42"); try t.keys("Enter")
        try t.tmux(["resize-window", "-x", "100"])
        Thread.sleep(forTimeInterval: 0.3)
        try t.tmux(["resize-window", "-x", "120"])
        Thread.sleep(forTimeInterval: 0.3)
        #expect(t.hemiAlive, "a resize ended the REPL")
        try t.keys("C-z")
        Thread.sleep(forTimeInterval: 0.3)
        t.signal(SIGCONT)
        Thread.sleep(forTimeInterval: 0.3)
        #expect(t.hemiAlive, "Ctrl-Z then fg ended the REPL")
        try t.type("print('abc is ' .. abc)"); try t.keys("Enter")
        _ = try t.waitFor("abc is 42")
    }

    /// Ctrl-Z then `fg` from a shell, as a person does it: hemi really stops (the pane test
    /// above cannot stop it: there its SIGTSTP is discarded) and comes back with its state.
    @Test func ctrlZThenFgFromAShellKeepsTheSession() throws {
        let t = try Terminal(history: tempHistory(), viaShell: true)
        defer { t.close() }
        // Ctrl-Z once the entry has run and the prompt waits: the terminal turns ^Z into SIGTSTP
        // as the key arrives, so sent at once it could stop hemi before it read the Enter.
        try t.enter("abc = 42 print('set')")
        _ = try t.waitFor("\nset\n>")
        try t.keys("C-z")
        _ = try t.waitFor("Stopped")
        #expect(Terminal.waitUntil(5) { t.hemiStopped }, "Ctrl-Z stopped hemi")
        try t.type("fg"); try t.keys("Enter")
        #expect(Terminal.waitUntil(5) { t.hemiAlive && !t.hemiStopped }, "fg resumed hemi")
        Thread.sleep(forTimeInterval: 0.3)
        try t.type("print('abc is ' .. abc)"); try t.keys("Enter")
        _ = try t.waitFor("abc is 42")
        #expect(t.hemiAlive)
    }

    /// Ctrl-C stops the engine, not only Lua: a runaway join (10M rows out of 3,200 in) and a
    /// sort over it answer within a second, the REPL works afterwards and the table it read is
    /// unchanged. (Before the engine checked a cancellation flag, the join ran to its end.)
    @Test func ctrlCStopsTheEngineInAJoinAndASort() throws {
        let t = try Terminal(history: tempHistory())
        defer { t.close() }
        try t.type("rows = {} for i = 1, 3200 do rows[i] = { k = 1, x = (i * 7919) % 3200 } end big = hemi.from_rows(rows)")
        try t.keys("Enter")
        try t.type("print('rows', big:count())"); try t.keys("Enter")
        _ = try t.waitFor("rows 3200".replacingOccurrences(of: " ", with: "    "))
        for (n, entry) in ["big:join(big:select{ 'k', y = 'x' }, 'k'):count()",
                           "big:join(big:select{ 'k', y = 'x' }, 'k'):sort('y desc, x'):count()"].enumerated() {
            try t.type(entry); try t.keys("Enter")
            Thread.sleep(forTimeInterval: 0.5)
            let sent = Date()
            try t.keys("C-c")
            _ = try t.waitFor("Interrupted", count: n + 1)
            #expect(Date().timeIntervalSince(sent) < 3, "Interrupted came \(Date().timeIntervalSince(sent)) s after Ctrl-C")
        }
        try t.type("print('after', big:count())"); try t.keys("Enter")
        _ = try t.waitFor("after 3200".replacingOccurrences(of: " ", with: "   "))
    }

    /// `.output` and `.once` files hold exactly the results: no prompt, no typed input, no
    /// terminal escapes; the prompt and the echo stay on the screen; `.once` covers one entry.
    @Test func outputAndOnceFilesHoldOnlyTheResults() throws {
        let dir = NSTemporaryDirectory() + "hemi-output-\(UUID().uuidString)"
        folders.append(dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let t = try Terminal(history: tempHistory())
        defer { t.close() }
        for entry in [".output \(dir)/all.txt", "1 + 1", "print('printed')", ".print dot", ".output",
                      ".once \(dir)/once.txt", "'first'", "'second'"] {
            try t.enter(entry)
        }
        let screen = try t.waitFor("second")
        #expect(screen.contains("> 1 + 1") && screen.contains("> print('printed')"), "the prompt and the typing stay on the terminal:\n\(screen)")
        #expect(try String(contentsOfFile: dir + "/all.txt", encoding: .utf8) == "2\nprinted\ndot\n")
        #expect(try String(contentsOfFile: dir + "/once.txt", encoding: .utf8) == "first\n")
    }

    /// Results taller than the terminal go through the pager (less -FRX by default); `.pager
    /// off` prints them straight.
    @Test func tallResultsGoThroughThePagerUnlessItIsOff() throws {
        let t = try Terminal(history: tempHistory())
        defer { t.close() }
        try t.type(".maxrows 0"); try t.keys("Enter")
        try t.type("hemi.table('countries'):select('iso3'):sort('iso3')"); try t.keys("Enter")
        func lastLine() throws -> String { try t.screen().split(separator: "\n").last.map(String.init) ?? "" }
        _ = Terminal.waitUntil(5) { (try? lastLine())?.hasPrefix(":") == true }
        let paged = try t.screen()
        #expect(try lastLine().hasPrefix(":"), "less waits at its ':' prompt:\n\(paged)")
        try t.keys("q")
        _ = Terminal.waitUntil(5) { (try? lastLine()) == ">" || (try? lastLine()) == "> " }
        try t.type(".pager off"); try t.keys("Enter")
        try t.type("hemi.table('countries'):select('iso3'):sort('iso3')"); try t.keys("Enter")
        _ = Terminal.waitUntil(5) { (try? t.screen())?.contains("│ VIR    │\n└") == true && (try? lastLine())?.hasPrefix(">") == true }
        let straight = try t.screen()
        #expect(try lastLine().hasPrefix(">"), "no pager after .pager off: the prompt follows the table:\n\(straight)")
    }

    /// Colour on a terminal (numbers cyan, types dim, errors red); none with NO_COLOR set or
    /// after `.color off`; never in a pipe (the CLI tests compare plain bytes).
    @Test func colourOnATerminalOnlyAndNeverWithNoColor() throws {
        do {
            let t = try Terminal(history: tempHistory())
            defer { t.close() }
            try t.type("hemi.from_rows{ { n = 1234.5, s = 'x' }, { n = 2 } }"); try t.keys("Enter")
            _ = try t.waitFor("1,234.5")
            let coloured = try t.colouredScreen()
            #expect(coloured.contains("\u{1b}[36m"), "numbers in cyan on a terminal: \(coloured.debugDescription)")
            #expect(coloured.contains("\u{1b}[2m  float  \u{1b}[0m"), "the types row dim: \(coloured.debugDescription)")
            #expect(coloured.contains("\u{1b}[2m NULL"), "NULL dim: \(coloured.debugDescription)")
            #expect(coloured.contains("\u{1b}[1m>"), "the prompt bold: \(coloured.debugDescription)")
            try t.type("error('boom')"); try t.keys("Enter")
            _ = try t.waitFor("boom")
            #expect(try t.colouredScreen().contains("\u{1b}[31m"), "errors in red")
            try t.type(".color off"); try t.keys("Enter")
            try t.tmux(["clear-history"]); try t.keys("C-l")
            try t.type("hemi.from_rows{ { m = 98765.5 } }"); try t.keys("Enter")
            let after = try t.waitFor("98,765.5")
            _ = after
            #expect(!(try t.colouredScreen().contains("\u{1b}[36m")), ".color off")
        }
        let plain = try Terminal(history: tempHistory(), environment: "NO_COLOR=1")
        defer { plain.close() }
        try plain.type("hemi.from_rows{ { n = 1234.5 }, { s = 'x' } }"); try plain.keys("Enter")
        _ = try plain.waitFor("1,234.5")
        let none = try plain.colouredScreen()
        for code in ["\u{1b}[36m", "\u{1b}[2m", "\u{1b}[1m", "\u{1b}[31m"] {
            #expect(!none.contains(code), "NO_COLOR=1: no \(code.debugDescription): \(none.debugDescription)")
        }
    }

    /// The pager is `$HEMI_PAGER`, else `$PAGER` (else `less -FRX`, tallResultsGoThroughThePager…):
    /// each here a `sed` that marks the lines it shows.
    @Test func thePagerIsHemiPagerThenPager() throws {
        let tall = "hemi.table('countries'):select('iso3'):sort('iso3')"
        for (environment, mark) in [("PAGER='sed s/^/by-pager:/' HEMI_PAGER='sed s/^/by-hemi-pager:/'", "by-hemi-pager:"),
                                    ("PAGER='sed s/^/by-pager:/'", "by-pager:")] {
            let t = try Terminal(history: tempHistory(), environment: environment)
            defer { t.close() }
            try t.enter(".maxrows 0")
            try t.enter(tall)
            let screen = try t.waitFor(mark + "│ VIR    │")
            #expect(screen.contains(mark + "└"), "\(environment): every line through the pager:\n\(screen)")
            if mark == "by-hemi-pager:" { #expect(!screen.contains("\nby-pager:"), "HEMI_PAGER first:\n\(screen)") }
        }
    }

    /// Standard output a file while the terminal types (`hemi > log`, as `hemi | tee log`):
    /// the file gets the banner and each result as its entry ends, and no terminal sequence
    /// (the bracketed-paste switches ESC[?2004h/l were written around every entry); the
    /// prompt shows on the terminal (there was none: the person typed blind).
    @Test func stdoutToAFileGetsResultsAndNoTerminalSequences() throws {
        let out = NSTemporaryDirectory() + "hemi-stdout-\(UUID().uuidString).txt"
        defer { unlink(out) }
        let t = try Terminal(history: tempHistory(), stdoutTo: out)
        defer { t.close() }
        func text() -> String { (try? String(contentsOfFile: out, encoding: .utf8)) ?? "" }
        #expect(Terminal.waitUntil(10) { text().contains("Ctrl-D to exit") }, "the banner: \(text().debugDescription)")
        try t.type("print('first')"); try t.keys("Enter")
        #expect(Terminal.waitUntil(10) { text().hasSuffix("first\n") }, "the result as the entry ends: \(text().debugDescription)")
        try t.type("1 + 1"); try t.keys("Enter")
        #expect(Terminal.waitUntil(10) { text().hasSuffix("first\n2\n") }, "\(text().debugDescription)")
        #expect(!text().contains("\u{1b}"), "no terminal sequence in the file: \(text().debugDescription)")
        #expect(!text().contains("> "), "no prompt in the file: \(text().debugDescription)")
        let screen = try t.waitFor("> 1 + 1")
        #expect(screen.contains("> print('first')"), "the prompt and the typing on the terminal:\n\(screen)")
        #expect(t.hemiAlive)
    }

    /// A one-line paste goes in at the cursor and does not run by itself: typing, pasting and
    /// typing again make one line, which runs on Enter; a paste with the cursor moved back into
    /// the line goes in there.
    @Test func aPasteInTheMiddleOfALineInsertsAtTheCursor() throws {
        let t = try Terminal(history: tempHistory())
        defer { t.close() }
        try t.type("hemi.describe(\"")
        try t.tmux(["set-buffer", "us_trade"])
        try t.tmux(["paste-buffer", "-p"])
        Thread.sleep(forTimeInterval: 0.3)
        #expect(!(try t.screen().contains("grain:")), "the paste did not run the line")
        try t.type("\")"); try t.keys("Enter")
        _ = try t.waitFor("grain: partner-year")
        try t.keys("C-l")
        try t.type("print(\"left-right\")")
        for _ in 0..<7 { try t.keys("Left") }         // the cursor just before "right"
        try t.tmux(["set-buffer", "middle\t-"])       // a tab is text here, not completion
        try t.tmux(["paste-buffer", "-p"])
        Thread.sleep(forTimeInterval: 0.3)
        #expect(!(try t.screen().contains("\nleft-middle")), "the paste did not run the line")
        let drawn = try t.screen()
        #expect(drawn.contains("> print(\"left-middle") && drawn.components(separatedBy: "print(\"left-").count == 2,
                "the line is drawn once, with the paste in it:\n\(drawn)")
        try t.keys("Enter")
        let ran = try t.waitFor("\nleft-middle")
        #expect(ran.split(separator: "\n").contains { $0.hasPrefix("left-middle") && $0.hasSuffix("-right") }, "\(ran)")
    }
}
