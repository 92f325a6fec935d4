import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `hemi` as a child process under limits, for the hostile corpus: an address
/// space cap (`prlimit --as`), a wall-clock deadline after which the child is killed, an
/// optional SIGINT (or other signal) at a given moment, and `wait4`'s resource usage so a test
/// can assert the peak memory. The child gets a scratch HOME/XDG tree and the test can list
/// every file it wrote there.
struct HostileRun {
    var arguments: [String]
    var stdin: String = ""
    var environment: [String: String] = [:]
    /// Address-space cap in bytes (nil: none).
    var memory: Int? = 2 << 30
    /// Seconds before the child is killed with SIGKILL.
    var deadline: Double = 20
    /// A signal to send, and when (seconds after the start).
    var signal: (Int32, Double)? = nil
    /// A signal to send as soon as a condition holds (looked at every millisecond), e.g. when
    /// a temporary file appears.
    var signalWhen: (Int32, () -> Bool)? = nil
    /// The scratch tree to use (kept for the caller to inspect); a fresh one otherwise. The
    /// child's working directory is its `home`.
    var directory: String? = nil

    struct Outcome {
        var status: Int32          // exit status, or 128 + signal when killed by one
        var signalled: Bool
        var timedOut: Bool
        var seconds: Double
        var peakBytes: Int         // ru_maxrss
        var stdout: String
        var stderr: String
        var summary: String { "status \(status)\(timedOut ? " (killed at the deadline)" : "") after \(String(format: "%.1f", seconds)) s, peak \(peakBytes >> 20) MB\nstdout: \(stdout.prefix(600))\nstderr: \(stderr.prefix(1200))" }
    }

    /// A fresh scratch directory (HOME, XDG_*) for one run.
    static func scratch() -> String {
        var template = Array("/tmp/hemi-hostile-XXXXXX".utf8CString)
        let dir = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
        for sub in ["config", "data", "state", "cache", "home"] { mkdir(dir + "/" + sub, 0o755) }
        return dir
    }

    /// Every file under `dir`, relative to it.
    static func files(under dir: String) -> [String] {
        let e = FileManager.default.enumerator(atPath: dir)
        var out: [String] = []
        while let f = e?.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/" + f, isDirectory: &isDir), !isDir.boolValue { out.append(f) }
        }
        return out.sorted()
    }

    static func remove(_ dir: String) { try? FileManager.default.removeItem(atPath: dir) }

    func run() throws -> Outcome {
        let scratch = directory ?? HostileRun.scratch()
        defer { if directory == nil { HostileRun.remove(scratch) } }
        var env: [String: String] = ["PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": "100",
                                     "HOME": scratch + "/home", "XDG_CONFIG_HOME": scratch + "/config",
                                     "XDG_DATA_HOME": scratch + "/data", "XDG_STATE_HOME": scratch + "/state",
                                     "XDG_CACHE_HOME": scratch + "/cache", "HEMI_PLUGIN_PATH": "/nonexistent"]
        for (k, v) in environment { env[k] = v }
        var argv = [HemiBinary.path] + arguments
        if let memory { argv = ["/usr/bin/prlimit", "--as=\(memory)", "--"] + argv }
        // The child works in the scratch HOME, so relative paths land there.
        argv = ["/usr/bin/env", "-C", scratch + "/home"] + argv

        let inPath = scratch + "/.stdin", outPath = scratch + "/.stdout", errPath = scratch + "/.stderr"
        _ = FileManager.default.createFile(atPath: inPath, contents: Data(stdin.utf8))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        // The child starts with SIGINT unblocked and at its default disposition.
        var none = sigset_t(); sigemptyset(&none)
        posix_spawnattr_setsigmask(&attr, &none)
        var defaults = sigset_t(); sigemptyset(&defaults); sigaddset(&defaults, SIGINT); sigaddset(&defaults, SIGTERM)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cArgs.forEach { free($0) }; cEnv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attr, cArgs, cEnv)
        guard rc == 0 else { throw NSError(domain: "spawn", code: Int(rc)) }

        let start = Date()
        var status: Int32 = 0, usage = rusage(), timedOut = false, sent = false
        while true {
            let r = wait4(pid, &status, WNOHANG, &usage)
            if r == pid { break }
            let elapsed = Date().timeIntervalSince(start)
            if let (sig, at) = signal, !sent, elapsed >= at { kill(pid, sig); sent = true }
            if let (sig, condition) = signalWhen, !sent, condition() { kill(pid, sig); sent = true }
            if elapsed > deadline && !timedOut { kill(pid, SIGKILL); timedOut = true }
            usleep(signalWhen != nil && !sent ? 1_000 : 5_000)
        }
        let seconds = Date().timeIntervalSince(start)
        let signalled = (status & 0x7f) != 0
        let code = signalled ? 128 + (status & 0x7f) : (status >> 8) & 0xff
        func text(_ p: String) -> String { (try? String(contentsOfFile: p, encoding: .utf8)) ?? String(decoding: FileManager.default.contents(atPath: p) ?? Data(), as: UTF8.self) }
        return Outcome(status: code, signalled: signalled, timedOut: timedOut, seconds: seconds,
                       peakBytes: Int(usage.ru_maxrss) * 1024, stdout: text(outPath), stderr: text(errPath))
    }
}
