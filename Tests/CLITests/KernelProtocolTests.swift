import Testing
import Foundation
import TestSupport

/// `hemi --kernel` driven as a front end drives it: JSON lines in, JSON lines out
/// (Sources/REPL/Kernel/PROTOCOL.md).
final class KernelClient: @unchecked Sendable {
    private var child: ChildProcess.Running!
    private let lock = NSLock()
    private var lines: [[String: Any]] = []
    private var buffer = Data()

    /// hemi's pid.
    var pid: pid_t { child.pid }

    init() throws {
        child = try ChildProcess.Running(HemiBinary.path, ["--kernel"]) { [weak self] bytes in self?.received(Data(bytes)) }
    }

    private func received(_ data: Data) {
        lock.lock(); defer { lock.unlock() }
        buffer.append(data)
        while let nl = buffer.firstIndex(of: 0x0A) {
            let line = buffer[buffer.startIndex..<nl]
            buffer.removeSubrange(buffer.startIndex...nl)
            if let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] { lines.append(object) }
            else { lines.append(["type": "unparsable", "text": String(decoding: line, as: UTF8.self)]) }
        }
    }

    func sendLine(_ text: String) { child.write(Array((text + "\n").utf8)) }

    func send(_ request: [String: Any]) {
        let data = try! JSONSerialization.data(withJSONObject: request)
        sendLine(String(decoding: data, as: UTF8.self))
    }

    /// Messages up to and including the first of `type` (for `id` when given); [] on timeout.
    func until(_ type: String, id: String? = nil, timeout: Double = 30) -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            lock.lock()
            if let i = lines.firstIndex(where: { $0["type"] as? String == type && (id == nil || $0["id"] as? String == id) }) {
                let out = Array(lines[...i]); lines.removeSubrange(...i); lock.unlock()
                return out
            }
            lock.unlock()
            usleep(10_000)
        }
        return []
    }

    /// Runs a cell: (its messages before the reply, the reply).
    func execute(_ code: String, id: String) -> ([[String: Any]], [String: Any]) {
        send(["id": id, "type": "execute", "code": code])
        let all = until("execute_reply", id: id)
        return (Array(all.dropLast()), all.last ?? [:])
    }

    func closeInput() { child.closeInput() }

    /// The kernel's exit status once it has ended, at most `timeout` seconds from now; nil (after
    /// a kill) when it still runs then.
    func waitForExit(timeout: Double) -> Int32? { child.waitForExit(timeout: timeout) }
}

@Suite(.serialized) struct KernelProtocolTests {
    func started() throws -> KernelClient {
        let k = try KernelClient()
        let ready = k.until("ready", timeout: 60)
        #expect(ready.last?["protocol_version"] as? String == "1.0")
        return k
    }

    @Test func printsExpressionsTablesAndKeepsState() throws {
        let k = try started()
        let (messages, reply) = k.execute("print('hello')\nx = 41\nx + 1", id: "1")
        #expect(reply["status"] as? String == "ok")
        #expect(messages.first?["type"] as? String == "stream" && messages.first?["text"] as? String == "hello\n")
        #expect((messages.last?["data"] as? [String: String])?["text/plain"] == "42")
        let (more, _) = k.execute("x", id: "2")
        #expect((more.last?["data"] as? [String: String])?["text/plain"] == "41")
        let (table, _) = k.execute("hemi.table('us_trade')", id: "3")
        let data = table.last?["data"] as? [String: String] ?? [:]
        #expect(table.last?["type"] as? String == "execute_result")
        #expect(data["text/html"]?.contains("us_exports_usd_mn<br><span style=\"font-weight:normal;opacity:0.6\">float</span>") == true)
        #expect(data["text/html"]?.contains(" rows (20 shown)") == true)
        #expect(data["text/plain"]?.contains(" rows (20 shown)") == true)
        let (shown, _) = k.execute("display(hemi.table('us_trade'), {rows = 4})\nhemi.table('us_trade'):limit(2):show()", id: "4")
        #expect(shown.map { $0["type"] as? String } == ["display_data", "display_data"])
        #expect((shown.first?["data"] as? [String: String])?["text/html"]?.contains(" rows (4 shown)") == true)
        k.send(["id": "9", "type": "shutdown"])
        #expect(!k.until("shutdown_reply", id: "9").isEmpty)
        #expect(k.waitForExit(timeout: 60) == 0)
    }

    @Test func chartsAreSVGWithTheirSourceNote() throws {
        let k = try started()
        let (messages, reply) = k.execute("hemi.table('us_trade'):filter(\"iso3 == 'MEX'\"):line('us_exports_usd_mn')", id: "1")
        #expect(reply["status"] as? String == "ok")
        let data = messages.last?["data"] as? [String: String] ?? [:]
        #expect(data["image/svg+xml"]?.hasPrefix("<?xml") == true)
        #expect(data["image/svg+xml"]?.contains("Source: U.S. Census Bureau") == true)
        #expect(data["text/plain"]?.hasPrefix("US exports\nUnit: US$ millions\n") == true)   // the terminal drawing
    }

    @Test func svgTrueGivesTheSVGDocumentOutsideANotebook() throws {
        let r = try HemiBinary.run(HemiBinary.path, ["-e", "hemi.bar{ labels = {'a', 'b'}, values = {1, 2}, svg = true }"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "))
        let text = try HemiBinary.run(HemiBinary.path, ["-e", "io.write(#hemi.bar{ labels = {'a'}, values = {1}, svg = true, print = false } > 100 and 'ok' or 'short')"])
        #expect(text.stdout == "ok")
    }

    @Test func errorsCarryNameValueTracebackAndCaret() throws {
        let k = try started()
        let (_, syntax) = k.execute("x = 1\ny = = 2", id: "1")
        #expect(syntax["ename"] as? String == "SyntaxError")
        #expect(syntax["evalue"] as? String == "In[1]:2: unexpected symbol near '='")
        #expect(syntax["traceback"] as? [String] == ["In[1]:2: unexpected symbol near '='", "  2 | y = = 2", "    |     ^"])
        let (_, engine) = k.execute("hemi.table('us_trade'):filter('yeer == 2023')", id: "2")
        #expect(engine["evalue"] as? String == "In[2]:1: unknown column \"yeer\" (did you mean year?)")
        #expect((engine["traceback"] as? [String])?.prefix(3) == ["In[2]:1: unknown column \"yeer\" (did you mean year?)", "  yeer == 2023", "  ^"])
        let (_, runtime) = k.execute("\nerror('boom')", id: "3")
        #expect(runtime["ename"] as? String == "LuaError")
        #expect(runtime["evalue"] as? String == "In[3]:2: boom")
        // A failing cell stops at its error; the next cell runs.
        let (messages, _) = k.execute("print(1)\nerror('stop')\n", id: "4")
        #expect(messages.compactMap { $0["text"] as? String } == ["1\n"])
    }

    /// The cell runner is Lua/kernel_runner.lua, kept in the registry: no global of its own.
    @Test func theRunnerLeavesNoGlobal() throws {
        let k = try started()
        let (messages, reply) = k.execute("print(rawget(_G, '__hemi_kernel'), rawget(_G, '__hemi_show'))", id: "1")
        #expect(reply["status"] as? String == "ok")
        #expect(messages.compactMap { $0["text"] as? String } == ["nil\tnil\n"])
    }

    @Test func dotCommandsRunInACell() throws {
        let k = try started()
        let (messages, reply) = k.execute(".schema countries\nprint('after')", id: "1")
        #expect(reply["status"] as? String == "ok")
        let text = messages.compactMap { $0["text"] as? String }.joined()
        #expect(text.hasPrefix("countries (country; key iso3)"))
        #expect(text.hasSuffix("after\n"))
        let (_, exit) = k.execute(".exit", id: "2")
        #expect(exit["ename"] as? String == "CommandError")
        let (csv, _) = k.execute(".mode csv\nhemi.table('us_trade'):filter('year == 2023'):select('iso3', 'year'):limit(1)", id: "3")
        #expect((csv.last?["data"] as? [String: String]) == ["text/plain": "iso3,year\nABW,2023"])
    }

    @Test func interruptRequestAndSIGINTStopALoopAndTheKernelLivesOn() throws {
        let k = try started()
        k.send(["id": "1", "type": "execute", "code": "n = 0\nwhile true do n = n + 1 end"])
        usleep(500_000)
        k.send(["id": "i", "type": "interrupt"])
        #expect(!k.until("interrupt_reply", id: "i", timeout: 5).isEmpty)
        let reply = k.until("execute_reply", id: "1", timeout: 5).last
        #expect(reply?["ename"] as? String == "Interrupted")
        k.send(["id": "2", "type": "execute", "code": "while true do pcall(function() while true do end end) end"])
        usleep(500_000)
        kill(k.pid, SIGINT)
        #expect(k.until("execute_reply", id: "2", timeout: 5).last?["ename"] as? String == "Interrupted")
        let (after, _) = k.execute("n > 0", id: "3")
        #expect((after.last?["data"] as? [String: String])?["text/plain"] == "true")
        // End of input while a cell runs: the cell stops and the kernel exits 0.
        k.send(["id": "4", "type": "execute", "code": "while true do end"])
        usleep(300_000)
        k.closeInput()
        #expect(k.waitForExit(timeout: 60) == 0)
    }

    @Test func completeInspectAndIsComplete() throws {
        let k = try started()
        k.send(["id": "1", "type": "complete", "code": "x = hemi.tab", "cursor_pos": 12])
        let c = k.until("complete_reply", id: "1").last ?? [:]
        #expect(c["matches"] as? [String] == ["hemi.table(", "hemi.tables("])
        #expect(c["cursor_start"] as? Int == 4 && c["cursor_end"] as? Int == 12)
        // Countries accent-insensitively, positions in Unicode scalars (as Jupyter counts them).
        let code = "é = hemi.country(\"peru"
        k.send(["id": "2", "type": "complete", "code": code, "cursor_pos": code.unicodeScalars.count])
        let countries = k.until("complete_reply", id: "2").last ?? [:]
        #expect((countries["matches"] as? [String])?.contains("Perú") == true)
        #expect(countries["cursor_start"] as? Int == 18)
        k.send(["id": "3", "type": "inspect", "code": "t:filter('trade_surplus > 0')", "cursor_pos": 14])
        let i = k.until("inspect_reply", id: "3").last ?? [:]
        #expect(i["found"] as? Bool == true)
        #expect((i["data"] as? [String: String])?["text/plain"]?.hasPrefix("trade_surplus (US$ millions)") == true)
        k.send(["id": "4", "type": "inspect", "code": ".schema us_trade", "cursor_pos": 3])
        #expect((k.until("inspect_reply", id: "4").last?["data"] as? [String: String])?["text/plain"]?.hasPrefix(".schema [table]") == true)
        for (n, (code, status)) in [("for i = 1, 2 do", "incomplete"), ("x = = 1", "invalid"), ("x = 1", "complete"),
                                    (".tables", "complete"), ("s = [[", "incomplete")].enumerated() {
            k.send(["id": "c\(n)", "type": "is_complete", "code": code])
            #expect(k.until("is_complete_reply", id: "c\(n)").last?["status"] as? String == status, "\(code)")
        }
    }

    @Test func badRequestsAreAnsweredNotFatal() throws {
        let k = try started()
        k.sendLine("{not json")
        let bad = k.until("protocol_error").last?["message"] as? String ?? ""
        #expect(bad.hasPrefix("request line 1: at byte 1: expected"))
        k.send(["id": "2", "type": "frobnicate"])
        #expect((k.until("protocol_error", id: "2").last?["message"] as? String)?.hasPrefix("request 'frobnicate': unknown type") == true)
        k.send(["id": "3", "type": "execute"])
        #expect(k.until("execute_reply", id: "3").last?["evalue"] as? String == "execute request without a \"code\" string")
        let (_, ok) = k.execute("1", id: "4")
        #expect(ok["status"] as? String == "ok")
    }

    @Test func kernelInstallUsageErrors() throws {
        let none = try HemiBinary.run(HemiBinary.path, ["kernel"])
        #expect(none.status == 2)
        #expect(none.stderr.hasPrefix("hemi: kernel: missing command (expected install)"))
        let both = try HemiBinary.run(HemiBinary.path, ["kernel", "install", "--user", "--prefix", "/tmp/x"])
        #expect(both.status == 2)
        #expect(both.stderr.hasPrefix("hemi: kernel: --user and --prefix exclude each other"))
        let python = try HemiBinary.run(HemiBinary.path, ["kernel", "install", "--prefix", "/tmp/x", "--python", "/nonexistent/python"])
        #expect(python.status == 1)
        #expect(python.stderr == "hemi: kernel install: cannot run /nonexistent/python\n")
    }
}
