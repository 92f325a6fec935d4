// Ctrl-C inside the engine. The engine cannot see the Lua side's SIGINT flag (QueryEngine and
// LuaBridge never import each other), so the host installs a probe: a C function that reads
// the flag the signal handler sets (`volatile sig_atomic_t` in clua.c). Reading it is a plain
// load behind an opaque call, safe against a signal arriving at any time and never hoisted
// out of a loop by the optimiser. Long loops call `Cancellation.check(every:)` with their row
// number (one AND and a branch per row, a call every 4,096 rows); a cancelled operator throws
// `EngineError.interrupted` before it returns anything, so its inputs, which are immutable
// values, are untouched.

public enum Cancellation {
    /// Returns non-zero once the running work should stop.
    public typealias Probe = @convention(c) () -> Int32

    // Written once at start-up (before any engine work or worker thread), read from any thread.
    nonisolated(unsafe) private static var probe: Probe?

    /// Installs the probe (the host does this once, before running queries); nil removes it.
    public static func install(_ probe: Probe?) { self.probe = probe }

    /// True when the host asked the running work to stop.
    public static var isRequested: Bool {
        guard let probe else { return false }
        return probe() != 0
    }

    /// Throws `EngineError.interrupted` when the host asked the running work to stop.
    public static func check() throws(EngineError) {
        if let probe, probe() != 0 { throw EngineError.interrupted }
    }

    /// Rows between two looks at the flag in a long loop.
    static let stride = 4_096

    /// `check()` once every `stride` iterations of a loop over `i`: call it with the loop
    /// variable on every iteration.
    @inline(__always)
    public static func check(every i: Int) throws(EngineError) {
        if i & (stride - 1) == 0 { try check() }
    }
}

extension EngineError {
    /// What a cancelled operation throws: the same words as the Lua interrupt hook, so the
    /// host reports both alike.
    static let interrupted = EngineError("interrupted!")
    var isInterrupted: Bool { self == .interrupted }
}
