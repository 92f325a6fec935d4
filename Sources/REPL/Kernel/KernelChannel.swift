// The kernel's side of its JSON-lines protocol (PROTOCOL.md): requests are read from the
// original standard input, messages written to the original standard output, one JSON object
// a line. Descriptors 0, 1 and 2 themselves are taken over: 0 reads /dev/null (a cell's
// io.read must not eat requests), 1 and 2 are captured (CapturedOutput) and come back as
// `stream` messages of the request that is running — stdout about every 50 ms while it
// runs, both at each display and at its end, so text and tables arrive in the order the
// cell made them.

#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import QueryEngine

final class KernelChannel: @unchecked Sendable {
    private struct State {
        var stdout: CapturedOutput
        var stderr: CapturedOutput
        /// The id of the request being run; streams belong to it (nil: between requests).
        var running: JSONValue?
    }
    /// The protocol's own descriptors (duplicates of the original 0 and 1).
    let input: Int32
    private let output: Int32
    private let savedError: Int32
    /// When set, messages go here instead of to the output (`hemi report -o x.ipynb`).
    var deliver: ((JSONValue) -> Void)?
    private let state: Mutex<State>
    /// Serialises whole lines on the output: the flusher, the reader and the main thread write.
    private let writing = Mutex<Void>(())

    /// Takes over descriptors 0, 1 and 2; fails with the reason when it cannot.
    init() throws(KernelError) {
        fflush(nil)
        input = dup(0)
        output = dup(1)
        savedError = dup(2)
        guard input >= 0, output >= 0, savedError >= 0 else { throw KernelError("cannot duplicate standard input/output: \(String(cString: strerror(errno)))") }
        let null = open("/dev/null", O_RDONLY)
        if null >= 0 { dup2(null, 0); close(null) }
        let out: CapturedOutput, err: CapturedOutput
        switch CapturedOutput.capture(1, name: "stdout") { case .success(let c): out = c; case .failure(let e): throw e }
        switch CapturedOutput.capture(2, name: "stderr") { case .success(let c): err = c; case .failure(let e): throw e }
        state = Mutex(State(stdout: out, stderr: err, running: nil))
    }

    /// Writes one message as one line. Safe from any thread.
    func send(_ message: JSONValue) {
        if let deliver { deliver(message); return }
        var bytes = message.bytes
        bytes.append(UInt8(ascii: "\n"))
        writing.withLock { _ in
            var done = 0
            while done < bytes.count {
                let n = bytes[done...].withUnsafeBytes { write(output, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }      // the front end is gone; the read side will see EOF
                done += n
            }
        }
    }

    /// Gives descriptors 0, 1 and 2 back (after a report has been run through the session).
    func restore() {
        flushStreams()
        dup2(input, 0); dup2(output, 1); dup2(savedError, 2)
    }

    /// A message about request `id`: `{"id": id, "type": type, ...fields}`.
    func send(id: JSONValue, _ type: String, _ fields: [(String, JSONValue)] = []) {
        send(.object([("id", id), ("type", .string(type))] + fields))
    }

    /// From now on, captured output belongs to request `id`.
    func begin(_ id: JSONValue) {
        fflush(nil)
        state.withLock { s in
            // Whatever was printed between requests (a plugin's warning at start) goes out unowned.
            emit(&s.stdout, id: .null); emit(&s.stderr, id: .null)
            s.running = id
        }
    }

    /// Sends what the running request has printed so far (both streams), in order, before
    /// something else of it (a display, the reply) is sent. Main thread only.
    func flushStreams() {
        fflush(nil)
        state.withLock { s in
            let id = s.running ?? .null
            emit(&s.stdout, id: id); emit(&s.stderr, id: id)
            s.stdout.recycle(); s.stderr.recycle()
        }
    }

    func end() {
        flushStreams()
        state.withLock { $0.running = nil }
    }

    /// Called about every 50 ms from the flusher thread: a running request's printed text
    /// reaches the notebook while it runs.
    func flushRunningOutput() {
        fflush(nil)
        state.withLock { s in
            guard let id = s.running else { return }
            emit(&s.stdout, id: id)
        }
    }

    private func emit(_ capture: inout CapturedOutput, id: JSONValue) {
        guard let text = capture.take() else { return }
        send(id: id, "stream", [("name", .string(capture.name)), ("text", .string(text))])
    }
}
