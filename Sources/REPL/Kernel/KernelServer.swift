// `hemi --kernel`: serves a Hemi session over the JSON-lines protocol of PROTOCOL.md. The
// main thread runs the requests in order (Lua lives on it); a reader thread reads requests
// as they come, so that `interrupt` (and end of input) act while a cell runs; a flusher
// thread sends what a running cell prints. SIGINT stops a running cell too (the Jupyter side
// interrupts a kernel by signalling its process group).

#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import LuaBridge
import Scripting
import QueryEngine

public enum KernelServer {
    /// Protocol version of PROTOCOL.md, sent in `kernel_info_reply`.
    static let protocolVersion = "1.0"

    /// Runs until `shutdown` or end of input; returns the exit status.
    public static func run(lua: LuaState) -> Int32 {
        let channel: KernelChannel
        do { channel = try KernelChannel() } catch {
            FileIO.standardError("hemi: --kernel: \(error.message)\n")
            return 1
        }
        HemiContext.of(lua)?.ensureLoaded()
        let session = KernelSession(lua: lua, channel: channel)
        let queue = RequestQueue()
        startThread(Reader(channel: channel, queue: queue))
        startThread(Flusher(channel: channel, queue: queue))
        channel.send(.object([("id", .null), ("type", .string("ready")),
                              ("protocol_version", .string(protocolVersion)), ("hemi_version", .string(HemiRuntime.version))]))
        while true {
            let request = queue.next()
            let id = request.message["id"] ?? .null
            switch request.message["type"]?.stringValue {
            case "execute"?:
                guard let code = request.message["code"]?.stringValue else {
                    channel.send(id: id, "execute_reply", missing("code", "execute")); continue
                }
                queue.setBusy(true)
                let fields = session.execute(code, id: id, silent: request.message["silent"]?.boolValue ?? false,
                                             count: request.message["execution_count"]?.intValue)
                queue.setBusy(false)
                channel.send(id: id, "execute_reply", fields)
            case "complete"?:
                let code = request.message["code"]?.stringValue ?? ""
                let cursor = request.message["cursor_pos"]?.intValue ?? code.unicodeScalars.count
                channel.send(id: id, "complete_reply", session.complete(code, cursor: cursor))
            case "inspect"?:
                let code = request.message["code"]?.stringValue ?? ""
                let cursor = request.message["cursor_pos"]?.intValue ?? code.unicodeScalars.count
                channel.send(id: id, "inspect_reply", session.inspect(code, cursor: cursor))
            case "is_complete"?:
                channel.send(id: id, "is_complete_reply", session.isComplete(request.message["code"]?.stringValue ?? ""))
            case "kernel_info"?:
                channel.send(id: id, "kernel_info_reply", kernelInfo(lua))
            case "shutdown"?:
                channel.send(id: id, "shutdown_reply", [("status", .string("ok")),
                                                         ("restart", .bool(request.message["restart"]?.boolValue ?? false))])
                fflush(nil)
                return 0
            case "end"?:   // end of input: the front end is gone
                return 0
            case "invalid"?:
                channel.send(id: id, "protocol_error", [("message", request.message["message"] ?? .null)])
            case let other:
                let what = other.map { "'\($0)'" } ?? "no \"type\""
                channel.send(id: id, "protocol_error", [("message", .string(
                    "request \(what): unknown type; expected execute, complete, inspect, is_complete, kernel_info, interrupt or shutdown"))])
            }
        }
    }

    static func missing(_ field: String, _ type: String) -> [(String, JSONValue)] {
        [("status", .string("error")), ("ename", .string("ProtocolError")),
         ("evalue", .string("\(type) request without a \"\(field)\" string")), ("traceback", .array([]))]
    }

    static func kernelInfo(_ lua: LuaState) -> [(String, JSONValue)] {
        [("status", .string("ok")),
         ("protocol_version", .string(protocolVersion)),
         ("implementation", .string("hemi")),
         ("implementation_version", .string(HemiRuntime.version)),
         ("language_info", .object([
            ("name", .string("lua")), ("version", .string("5.4")), ("mimetype", .string("text/x-lua")),
            ("file_extension", .string(".lua")), ("pygments_lexer", .string("lua")), ("codemirror_mode", .string("lua")),
         ])),
         ("banner", .string(REPLSession.banner(lua)))]
    }
}

/// Requests waiting for the main thread, handed over by the reader.
final class RequestQueue: @unchecked Sendable {
    struct Request { let message: JSONValue }
    private let items = Mutex<(waiting: [Request], busy: Bool)>(([], false))
    private var ready = sem_t()

    init() { sem_init(&ready, 0, 0) }

    func push(_ r: Request) {
        items.withLock { $0.waiting.append(r) }
        sem_post(&ready)
    }

    func next() -> Request {
        while sem_wait(&ready) != 0 {}      // EINTR (a SIGINT at rest): wait again
        return items.withLock { $0.waiting.removeFirst() }
    }

    func setBusy(_ b: Bool) { items.withLock { $0.busy = b } }
    var busy: Bool { items.withLock { $0.busy } }
}

/// A thread's body.
protocol KernelThread: AnyObject, Sendable { func run() }

/// Reads request lines; `interrupt` is answered at once (it stops the running cell), the rest
/// queue for the main thread. End of input stops a running cell and ends the kernel.
final class Reader: KernelThread, @unchecked Sendable {
    let channel: KernelChannel
    let queue: RequestQueue
    init(channel: KernelChannel, queue: RequestQueue) { self.channel = channel; self.queue = queue }

    func run() {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var lineNumber = 0
        while true {
            let n = chunk.withUnsafeMutableBytes { read(channel.input, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            buffer += chunk[0..<n]
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                lineNumber += 1
                handle(line, lineNumber)
            }
        }
        if queue.busy { LuaInterrupt.request() }
        queue.push(.init(message: .object([("type", .string("end"))])))
    }

    private func handle(_ line: [UInt8], _ number: Int) {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
        let message: JSONValue
        do throws(EngineError) { message = try JSONValue.parse(line) } catch {
            queue.push(.init(message: .object([("type", .string("invalid")),
                ("message", .string("request line \(number): \(error.message) (one JSON object a line expected)"))])))
            return
        }
        guard case .object = message else {
            queue.push(.init(message: .object([("type", .string("invalid")),
                ("message", .string("request line \(number): a JSON object expected"))])))
            return
        }
        switch message["type"]?.stringValue {
        case "interrupt"?:
            LuaInterrupt.request()
            channel.send(id: message["id"] ?? .null, "interrupt_reply", [("status", .string("ok"))])
        case "shutdown"?:
            if queue.busy { LuaInterrupt.request() }
            queue.push(.init(message: message))
        default:
            queue.push(.init(message: message))
        }
    }
}

/// Sends a running cell's printed text about every 50 ms.
final class Flusher: KernelThread, @unchecked Sendable {
    let channel: KernelChannel
    let queue: RequestQueue
    init(channel: KernelChannel, queue: RequestQueue) { self.channel = channel; self.queue = queue }
    func run() {
        while true {
            usleep(50_000)
            if queue.busy { channel.flushRunningOutput() }
        }
    }
}

private func kernelThreadEntry(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let thread = Unmanaged<AnyObject>.fromOpaque(context!).takeRetainedValue() as! any KernelThread
    thread.run()
    return nil
}

/// Starts `body` on its own detached thread, SIGINT blocked there so the signal reaches
/// the main thread's handler (and its reads) rather than a helper's.
func startThread(_ body: any KernelThread) {
    var blocked = sigset_t(), saved = sigset_t()
    sigemptyset(&blocked); sigaddset(&blocked, SIGINT)
    pthread_sigmask(SIG_BLOCK, &blocked, &saved)
    var thread = pthread_t()
    let context = Unmanaged.passRetained(body as AnyObject).toOpaque()
    pthread_create(&thread, nil, kernelThreadEntry, context)
    pthread_detach(thread)
    pthread_sigmask(SIG_SETMASK, &saved, nil)
}
