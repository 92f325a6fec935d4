import Testing
import Foundation

/// Drives the real binary in a real terminal (tmux send-keys / capture-pane). Each test has
/// its own tmux server socket; screens are polled until the expected text appears.
@Suite(.serialized) struct TerminalTests {
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
        let socket = "hemi-test-\(UUID().uuidString.prefix(8))"
        let historyPath: String

        init(history: String) throws {
            historyPath = history
            try tmux(["new-session", "-d", "-x", "120", "-y", "40",
                      "env HEMI_HISTORY=\(history) XDG_CONFIG_HOME=/nonexistent \(TerminalTests.hemi)"])
            _ = try waitFor("> ")
        }
        deinit { _ = try? tmux(["kill-server"]) }

        /// Runs one tmux client command. Only capture-pane output is read: the server that
        /// `new-session` forks would inherit a stdout pipe and keep it open forever, so every
        /// other command writes to /dev/null.
        @discardableResult
        func tmux(_ args: [String], capture: Bool = false) throws -> String {
            let p = Process()
            // Through sh, closing every inherited descriptor above 2 first: the tmux server
            // forked by `new-session` would otherwise hold the test runner's own pipes open
            // and `swift test` would wait for it forever.
            p.executableURL = URL(fileURLWithPath: "/bin/bash")
            p.arguments = ["-c", #"for f in /proc/$$/fd/*; do f=${f##*/}; [ "$f" -gt 2 ] && exec {f}>&-; done; exec /usr/bin/tmux "$@""#,
                           "tmux", "-L", socket] + args
            p.standardInput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            guard capture else {
                p.standardOutput = FileHandle.nullDevice
                try p.run(); p.waitUntilExit()
                return ""
            }
            let out = Pipe(); p.standardOutput = out
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        func keys(_ k: String...) throws { try tmux(["send-keys"] + k) }
        func type(_ text: String) throws { try tmux(["send-keys", "-l", text]) }
        func screen() throws -> String { try tmux(["capture-pane", "-p", "-N"], capture: true) }

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
    }

    func tempHistory() -> String { NSTemporaryDirectory() + "hemi-tmux-\(UUID().uuidString)/history" }

    @Test func expressionsAndMultiLineDefinitions() throws {
        let t = try Terminal(history: tempHistory())
        try t.type("{1, 'Perú', x = 2}"); try t.keys("Enter")
        _ = try t.waitFor("{ 1, \"Perú\", x = 2 }")
        try t.type("function twice(x)"); try t.keys("Enter")
        _ = try t.waitFor(">> ")
        try t.type("return x * 2 end"); try t.keys("Enter")
        try t.type("twice(21)"); try t.keys("Enter")
        _ = try t.waitFor("\n42")
    }

    @Test func tabCompletesFieldsAndMethods() throws {
        let t = try Terminal(history: tempHistory())
        try t.type("string.for"); try t.keys("Tab")
        _ = try t.waitFor("string.format(")
        try t.keys("C-u")
        try t.type("s = 'abc'"); try t.keys("Enter")
        try t.type("io.std"); try t.keys("Tab")
        _ = try t.waitFor("io.std")
    }

    @Test func tabCompletesDatasetNamesAndQueryMethods() throws {
        let t = try Terminal(history: tempHistory())
        try t.type("hemi.table(\"us_tr"); try t.keys("Tab")
        _ = try t.waitFor("hemi.table(\"us_trade")
        try t.type("\"):lim"); try t.keys("Tab")
        _ = try t.waitFor("hemi.table(\"us_trade\"):limit(")
        try t.type("1):select(\"iso3\")"); try t.keys("Enter")
        _ = try t.waitFor("│ ABW    │")
    }

    @Test func bracketedPasteRunsTheBlockOnceAsOneChunk() throws {
        let path = tempHistory()
        let t = try Terminal(history: path)
        try t.tmux(["set-buffer", "local a = 40\nlocal b = 2\nprint('sum', a + b)\n"])
        try t.tmux(["paste-buffer", "-p"])          // -p: wrapped in bracketed-paste sequences
        _ = try t.waitFor("sum\t42".replacingOccurrences(of: "\t", with: "     "))
        try t.keys("Left", "Right")                  // escape sequences still reach libedit
        try t.type("print(a)"); try t.keys("Enter")
        _ = try t.waitFor("\nnil")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("local a = 40\\nlocal b = 2\\nprint('sum', a + b)\n"), "one history entry: \(text)")
    }

    @Test func tabCompletesAccentedCountryNames() throws {
        let t = try Terminal(history: tempHistory())
        // Typed without the accent, offered with it (and the other names that match).
        try t.type("hemi.country(\"mexi"); try t.keys("Tab"); try t.keys("Tab")
        _ = try t.waitFor("México")
        try t.keys("C-u")
        try t.type("hemi.country(\"colom"); try t.keys("Tab")
        _ = try t.waitFor("hemi.country(\"Colombi")
    }

    @Test func ctrlCStopsLoopsAndThePromptStillWorks() throws {
        let t = try Terminal(history: tempHistory())
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
            try t.type("answer = 42"); try t.keys("Enter")
            try t.type("function g()"); try t.keys("Enter")
            try t.type("end"); try t.keys("Enter")
            try t.type("print('last ' .. answer)"); try t.keys("Enter")
            _ = try t.waitFor("last 42")
            try t.tmux(["kill-server"])      // the terminal dies mid-session
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "answer = 42\nfunction g()\\nend\nprint('last ' .. answer)\n")
        let t2 = try Terminal(history: path)
        try t2.keys("Up")
        _ = try t2.waitFor("> print('last ' .. answer)")
    }
}
