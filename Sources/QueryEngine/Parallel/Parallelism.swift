// How many threads the engine's operators use, and how work is cut into morsels.
//
// Morsels are fixed ranges of rows (`morselRows` each) decided by the input size alone, never
// by the thread count: an operator whose result depends on how work is split (a float sum
// added per morsel, then the morsels' sums in order) gives the same bits with 1 thread or 8.
// Inputs of one morsel run on the calling thread with no pool involved at all.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

public enum Parallelism {
    private static let state = Mutex<(threads: Int, morselRows: Int)>((defaultThreads(), defaultMorselRows))

    /// Rows per morsel: large enough that a task's start-up is noise (~0.1 ms of work).
    static let defaultMorselRows = 1 << 16

    /// Threads the engine uses: the number of online cores, or HEMI_THREADS when set to a
    /// positive integer.
    public static var threads: Int {
        get { state.withLock { $0.threads } }
        set { state.withLock { $0.threads = max(1, min(newValue, maxThreads)) } }
    }

    /// Rows per morsel (tests set it small so that tiny tables take the parallel paths).
    static var morselRows: Int {
        get { state.withLock { $0.morselRows } }
        set { state.withLock { $0.morselRows = max(1, newValue) } }
    }

    /// More threads than this is a typo, not a machine.
    public static let maxThreads = 256

    static var cores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    static func defaultThreads() -> Int {
        if let text = getenv("HEMI_THREADS"), let n = Int(String(cString: text)), n > 0 { return min(n, maxThreads) }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// The morsels of `count` rows: `morselCount` ranges of `morselRows` (the last shorter).
    static func morsels(_ count: Int) -> (count: Int, size: Int) {
        let size = morselRows
        return (count == 0 ? 0 : (count + size - 1) / size, size)
    }

    /// Runs `body(i)` for each task 0..<tasks on the pool, in any order.
    static func run(tasks: Int, _ body: (Int) -> Void) {
        WorkerPool.shared.run(tasks: tasks, threads: threads, body)
    }

    /// Calls `body(morsel, rows)` for each morsel of `count` rows, in parallel.
    static func forEachMorsel(_ count: Int, _ body: (Int, Range<Int>) -> Void) {
        let (m, size) = morsels(count)
        run(tasks: m) { i in body(i, i * size..<min(count, (i + 1) * size)) }
    }

    /// One result per morsel of `count` rows, in morsel order.
    static func mapMorsels<T>(_ count: Int, _ body: (Range<Int>) -> T) -> [T] {
        let (m, size) = morsels(count)
        if m <= 1 { return m == 0 ? [] : [body(0..<count)] }
        let out = UnsafeMutablePointer<T?>.allocate(capacity: m)
        out.initialize(repeating: nil, count: m)
        defer { out.deinitialize(count: m); out.deallocate() }
        run(tasks: m) { i in out[i] = body(i * size..<min(count, (i + 1) * size)) }
        return (0..<m).map { out[$0]! }
    }

    /// `body(i)` for each task 0..<tasks, in parallel, as an array in task order; the error of
    /// the lowest failing task (as running them in order would report).
    static func mapThrowing<T>(_ tasks: Int, _ body: (Int) throws(EngineError) -> T) throws(EngineError) -> [T] {
        let out = UnsafeMutablePointer<Result<T, EngineError>?>.allocate(capacity: max(1, tasks))
        out.initialize(repeating: nil, count: tasks)
        defer { out.deinitialize(count: tasks); out.deallocate() }
        run(tasks: tasks) { i in
            do throws(EngineError) { out[i] = .success(try body(i)) } catch { out[i] = .failure(error) }
        }
        var results: [T] = []
        results.reserveCapacity(tasks)
        for i in 0..<tasks { results.append(try out[i]!.get()) }
        return results
    }

    /// An array of `count` trivial values (numbers, booleans), each morsel's range written by
    /// `body(range, base)` on the pool. Every element in the range must be written.
    static func array<T: BitwiseCopyable>(_ count: Int, _ body: (Range<Int>, UnsafeMutablePointer<T>) -> Void) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, n in
            if let base = buffer.baseAddress { forEachMorsel(count) { _, r in body(r, base) } }
            n = count
        }
    }

    /// `array` for element-wise kernels whose results are plain values, never row indices
    /// (arithmetic, comparisons, gathered values): a morsel that starts after Ctrl-C is zero-
    /// filled instead of computed, so a long step ends within a morsel of the key press instead
    /// of running to its end. The zeros are never seen: the executor checks the flag when the
    /// expression or step ends (`Executor.evaluate`, `run`) and throws `interrupted`.
    static func elementwise<T: BitwiseCopyable>(_ count: Int, _ body: (Range<Int>, UnsafeMutablePointer<T>) -> Void) -> [T] {
        array(count) { r, base in
            if Cancellation.isRequested {
                UnsafeMutableRawPointer(base + r.lowerBound).initializeMemory(as: UInt8.self, repeating: 0,
                                                                              count: r.count * MemoryLayout<T>.stride)
            } else {
                body(r, base)
            }
        }
    }

    /// The concatenation of one array per morsel of `count` rows, in morsel order.
    static func concatMorsels<T: BitwiseCopyable>(_ count: Int, _ body: (Range<Int>) -> [T]) -> [T] {
        concat(mapMorsels(count, body))
    }

    /// The arrays one after another, each copied into place by its own task.
    static func concat<T: BitwiseCopyable>(_ parts: [[T]]) -> [T] {
        if parts.count == 1 { return parts[0] }
        var starts = [0]
        for p in parts { starts.append(starts.last! + p.count) }
        let total = starts.last!
        return [T](unsafeUninitializedCapacity: total) { buffer, n in
            if let base = buffer.baseAddress {
                run(tasks: parts.count) { i in
                    parts[i].withUnsafeBufferPointer { src in
                        if let s = src.baseAddress { (base + starts[i]).initialize(from: s, count: src.count) }
                    }
                }
            }
            n = total
        }
    }

    /// `body(i)` for each task 0..<tasks, in parallel, as an array in task order.
    static func map<T>(_ tasks: Int, _ body: (Int) -> T) -> [T] {
        let out = UnsafeMutablePointer<T?>.allocate(capacity: max(1, tasks))
        out.initialize(repeating: nil, count: tasks)
        defer { out.deinitialize(count: tasks); out.deallocate() }
        run(tasks: tasks) { i in out[i] = body(i) }
        return (0..<tasks).map { out[$0]! }
    }
}
