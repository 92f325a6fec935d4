// Only where Swift Testing is available: a release build (`swift build -c release
// --static-swift-stdlib`, as `make build` and `make run` do) compiles every target, this one
// too, and has no Testing module. Nothing but the test targets uses this one.
#if canImport(Testing)
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program the way every test that starts one should: with a deadline.
///
/// Why not `Foundation.Process` with `readDataToEndOfFile` and `waitUntilExit`: those wait
/// forever. A child that hangs (a deadlock, a prompt nobody answers, stdin that never ends)
/// then hangs the whole test run until CI's own limit kills it, and CI's log says nothing
/// about which test it was. Here the child gets its own process group, stdin is written and
/// stdout and stderr are read in one `poll` loop (no pipe can fill while we wait on another),
/// and when the deadline passes the whole group is killed and the test records an issue that
/// names the command.
public enum ChildProcess {
    public struct Result: Sendable {
        public var stdoutBytes: [UInt8]
        public var stderrBytes: [UInt8]
        /// The exit status, or the signal number when a signal ended the child (as
        /// `Process.terminationStatus` has it).
        public var status: Int32
        /// True when a signal ended the child.
        public var signaled: Bool
        /// True when the deadline passed and the child's process group was killed.
        public var timedOut: Bool
        public var stdout: String { String(decoding: stdoutBytes, as: UTF8.self) }
        public var stderr: String { String(decoding: stderrBytes, as: UTF8.self) }
    }

    public struct SpawnError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The default deadline: generous, since CI machines are slow and loaded, and still far
    /// inside CI's 90 minutes. `HEMI_TEST_CHILD_TIMEOUT` (seconds) overrides it.
    public static var defaultTimeout: Double {
        if let s = ProcessInfo.processInfo.environment["HEMI_TEST_CHILD_TIMEOUT"], let t = Double(s), t > 0 { return t }
        return 300
    }

    /// Runs `executable` (a path, or a name looked up in PATH) with `arguments`.
    /// - stdin: bytes written to the child's standard input, which is then closed.
    /// - environment: the whole environment (nil: this process's).
    /// - recordTimeout: when the deadline passes, record a test issue naming the command
    ///   (tests that expect a kill pass false and look at `timedOut`).
    public static func run(_ executable: String, _ arguments: [String], stdin: [UInt8] = [],
                           environment: [String: String]? = nil, cwd: String? = nil,
                           timeout: Double? = nil, recordTimeout: Bool = true,
                           sourceLocation: SourceLocation = #_sourceLocation) throws -> Result {
        let limit = timeout ?? defaultTimeout
        let argv = [executable] + arguments
        let (pid, inFD, outFD, errFD) = try spawn(argv, environment: environment, cwd: cwd)
        let started = monotonicSeconds()
        var result = Result(stdoutBytes: [], stderrBytes: [], status: -1, signaled: false, timedOut: false)
        pump(stdin: stdin, inFD: inFD, outFD: outFD, errFD: errFD, pid: pid, limit: limit, into: &result)

        // Both outputs ended; the child may still run (it closed them, or handed them on).
        let wstatus: Int32
        if let w = reap(pid, by: started + limit) { wstatus = w } else { result.timedOut = true; wstatus = SIGKILL }
        if wstatus & 0x7f == 0 { result.status = (wstatus >> 8) & 0xff }
        else { result.status = wstatus & 0x7f; result.signaled = true }
        if result.timedOut && recordTimeout {
            Issue.record("\(argv.joined(separator: " ").prefix(300)): no end after \(limit) s; killed. stdout so far: \(result.stdout.suffix(400).debugDescription), stderr: \(result.stderr.suffix(400).debugDescription)",
                         sourceLocation: sourceLocation)
        }
        return result
    }

    /// Starts `argv` with pipes for its standard streams, in a process group of its own, with
    /// default signal dispositions and an empty signal mask: Foundation's Process hands on the
    /// calling thread's mask, and test threads block nearly every signal, so a child (and its
    /// children) would never see SIGTERM or SIGHUP. Returns the pid and this side's ends
    /// (stdin's write end, stdout's and stderr's read ends), each close-on-exec.
    static func spawn(_ argv: [String], environment: [String: String]?, cwd: String?) throws
        -> (pid: pid_t, stdin: Int32, stdout: Int32, stderr: Int32) {
        _ = ignoreSIGPIPE
        var inPipe: [Int32] = [-1, -1], outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard pipe(&inPipe) == 0, pipe(&outPipe) == 0, pipe(&errPipe) == 0 else {
            throw SpawnError(description: "pipe: \(String(cString: strerror(errno)))")
        }
        // The parent's ends must not leak into the child (nor into children other tests
        // start at the same time): a leaked write end keeps a reader waiting for EOF.
        for fd in [inPipe[1], outPipe[0], errPipe[0]] { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in [inPipe[0], outPipe[1], errPipe[1]] { posix_spawn_file_actions_addclose(&actions, fd) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so a deadline kills its children too; default signal
        // dispositions and an empty mask, whatever the test runner has set.
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none); sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        // A working folder through the shell's `cd`, then `exec`: the pid stays the child's.
        // (glibc's posix_spawn_file_actions_addchdir_np is not visible to Swift here.)
        let spawned = cwd.map { ["/bin/sh", "-c", "cd \"$1\" && shift && exec \"$@\"", "sh", $0] + argv } ?? argv
        var pid: pid_t = 0
        let rc = withCStrings(spawned) { cArgs in
            withCStrings(env) { cEnv in
                spawned[0].contains("/")
                    ? posix_spawn(&pid, spawned[0], &actions, &attributes, cArgs, cEnv)
                    : posix_spawnp(&pid, spawned[0], &actions, &attributes, cArgs, cEnv)
            }
        }
        for fd in [inPipe[0], outPipe[1], errPipe[1]] { close(fd) }
        guard rc == 0 else {
            for fd in [inPipe[1], outPipe[0], errPipe[0]] { close(fd) }
            throw SpawnError(description: "cannot start \(argv[0]): \(String(cString: strerror(rc)))")
        }
        return (pid, inPipe[1], outPipe[0], errPipe[0])

    }

    /// Writes `stdin` and reads stdout and stderr until both end or the deadline passes.
    private static func pump(stdin: [UInt8], inFD: Int32, outFD: Int32, errFD: Int32, pid: pid_t,
                             limit: Double, into result: inout Result) {
        let deadline = monotonicSeconds() + limit
        var inFD = inFD, outFD = outFD, errFD = errFD
        var written = 0
        _ = fcntl(inFD, F_SETFL, fcntl(inFD, F_GETFL) | O_NONBLOCK)
        if stdin.isEmpty { close(inFD); inFD = -1 }
        var buffer = [UInt8](repeating: 0, count: 65536)
        var killedAt: Double? = nil
        while outFD >= 0 || errFD >= 0 {
            let now = monotonicSeconds()
            if killedAt == nil && now >= deadline {
                result.timedOut = true
                kill(-pid, SIGKILL); kill(pid, SIGKILL)
                killedAt = now
            }
            // After the kill, a grandchild that left the group may still hold a pipe: give the
            // output two seconds to end, then stop reading.
            if let k = killedAt, now - k > 2 { break }
            var fds: [pollfd] = []
            if inFD >= 0 { fds.append(pollfd(fd: inFD, events: Int16(POLLOUT), revents: 0)) }
            if outFD >= 0 { fds.append(pollfd(fd: outFD, events: Int16(POLLIN), revents: 0)) }
            if errFD >= 0 { fds.append(pollfd(fd: errFD, events: Int16(POLLIN), revents: 0)) }
            let wait = killedAt == nil ? deadline - now : 0.1
            let n = poll(&fds, nfds_t(fds.count), Int32(max(1, min(wait, 1.0) * 1000)))
            if n < 0 { if errno == EINTR { continue } else { break } }
            for p in fds where p.revents != 0 {
                if p.fd == inFD {
                    let m = stdin.withUnsafeBufferPointer { b in write(inFD, b.baseAddress! + written, b.count - written) }
                    if m > 0 { written += m }
                    if (m < 0 && errno != EAGAIN && errno != EINTR) || written == stdin.count { close(inFD); inFD = -1 }
                } else {
                    let m = buffer.withUnsafeMutableBufferPointer { read(p.fd, $0.baseAddress!, $0.count) }
                    if m > 0 {
                        if p.fd == outFD { result.stdoutBytes += buffer[0..<m] } else { result.stderrBytes += buffer[0..<m] }
                    } else if m == 0 || (errno != EAGAIN && errno != EINTR) {
                        close(p.fd)
                        if p.fd == outFD { outFD = -1 } else { errFD = -1 }
                    }
                }
            }
        }
        for fd in [inFD, outFD, errFD] where fd >= 0 { close(fd) }
        if result.timedOut || killedAt != nil { kill(-pid, SIGKILL); kill(pid, SIGKILL) }
    }

    /// The raw wait status of `pid` once it has ended, polling until `deadline` (monotonic
    /// seconds); nil when it still runs then, after its group is killed and it is reaped.
    private static func reap(_ pid: pid_t, by deadline: Double) -> Int32? {
        var wstatus: Int32 = 0
        while true {
            let r = waitpid(pid, &wstatus, WNOHANG)
            if r == pid { return wstatus }
            if r < 0 && errno != EINTR { return wstatus }       // not ours to wait for (ECHILD)
            if monotonicSeconds() >= deadline { break }
            usleep(5_000)
        }
        kill(-pid, SIGKILL); kill(pid, SIGKILL)
        while waitpid(pid, &wstatus, 0) < 0 && errno == EINTR {}
        return nil
    }

    public static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// A child that closes its stdin early must not end the test run with SIGPIPE.
    private static let ignoreSIGPIPE: Void = { signal(SIGPIPE, SIG_IGN); return () }()

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for p in pointers { free(p) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

extension ChildProcess {
    /// A long-lived child a test talks to (a kernel): lines written to its stdin, its stdout
    /// delivered to `received` from a reader thread, stderr discarded. Ending it is bounded.
    public final class Running: @unchecked Sendable {
        public let pid: pid_t
        private var stdinFD: Int32
        private var status: Int32?
        private let lock = NSLock()

        public init(_ executable: String, _ arguments: [String], received: @escaping @Sendable ([UInt8]) -> Void) throws {
            let (pid, inFD, outFD, errFD) = try ChildProcess.spawn([executable] + arguments, environment: nil, cwd: nil)
            self.pid = pid
            stdinFD = inFD
            // stderr is read and dropped: closed, the child's first write would end it (SIGPIPE).
            Thread.detachNewThread {
                var buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let n = buffer.withUnsafeMutableBufferPointer { read(errFD, $0.baseAddress!, $0.count) }
                    if n == 0 || (n < 0 && errno != EINTR) { break }
                }
                close(errFD)
            }
            Thread.detachNewThread {
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let n = buffer.withUnsafeMutableBufferPointer { read(outFD, $0.baseAddress!, $0.count) }
                    if n > 0 { received(Array(buffer[0..<n])) }
                    else if n == 0 || errno != EINTR { break }
                }
                close(outFD)
            }
        }

        /// Writes all of `bytes` to the child's stdin (false when it has closed it).
        @discardableResult
        public func write(_ bytes: [UInt8]) -> Bool {
            lock.lock(); defer { lock.unlock() }
            var done = 0
            while done < bytes.count && stdinFD >= 0 {
                let n = bytes.withUnsafeBufferPointer { Glibc.write(stdinFD, $0.baseAddress! + done, $0.count - done) }
                if n > 0 { done += n } else if errno != EINTR { return false }
            }
            return done == bytes.count
        }

        public func closeInput() {
            lock.lock(); defer { lock.unlock() }
            if stdinFD >= 0 { close(stdinFD); stdinFD = -1 }
        }

        /// The exit status once the child has ended (128 + the signal's number when a signal
        /// ended it), waiting at most `timeout` seconds; nil (and the child killed) when it
        /// still runs then.
        public func waitForExit(timeout: Double) -> Int32? {
            if let status { return status }
            guard let w = ChildProcess.reap(pid, by: ChildProcess.monotonicSeconds() + timeout) else { status = -1; return nil }
            status = w & 0x7f == 0 ? (w >> 8) & 0xff : 128 + (w & 0x7f)
            return status
        }

        /// Ends the child (SIGKILL to its group) unless it has ended, and reaps it.
        public func end() {
            closeInput()
            if status == nil { _ = waitForExit(timeout: 0) }
        }

        deinit { end() }
    }

    /// `run` with text stdin.
    public static func run(_ executable: String, _ arguments: [String], input: String,
                           environment: [String: String]? = nil, cwd: String? = nil,
                           timeout: Double? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Result {
        try run(executable, arguments, stdin: Array(input.utf8), environment: environment, cwd: cwd,
                timeout: timeout, sourceLocation: sourceLocation)
    }
}
#endif
