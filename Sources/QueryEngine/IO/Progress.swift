// Progress of long reads: once reading a file has taken longer than about half a second, a
// line on stderr shows rows read, how far through the file and the throughput, rewritten in
// place at most ten times a second, and a final line says what was read and how fast. Short
// reads print nothing, and so does everything when stderr is not a terminal (pipes, scripts,
// tests) or when the reporter is `.disabled`.
//
// Clock, terminal check and output are injected so tests drive it with a fake clock and a
// fake terminal; the readers only ever see a `ProgressMeter`.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct ProgressReporter: Sendable {
    /// Seconds on a monotonic clock.
    var clock: @Sendable () -> Double
    /// Whether the output goes to a terminal; asked once per read.
    var isTerminal: @Sendable () -> Bool
    /// Receives the text to show (with "\r" and erase-line codes), e.g. to stderr.
    var output: @Sendable (String) -> Void
    /// False for `.disabled`: never asks the terminal or the clock.
    var enabled: Bool
    /// Reads shorter than this (seconds) stay silent.
    var delay: Double
    /// Least time between two updates of the line (seconds).
    var interval: Double
    /// Rows between two looks at the clock, so a read pays for the clock once per many
    /// rows rather than once per row.
    var checkEvery: Int

    init(clock: @escaping @Sendable () -> Double, isTerminal: @escaping @Sendable () -> Bool,
                output: @escaping @Sendable (String) -> Void, enabled: Bool = true,
                delay: Double = 0.5, interval: Double = 0.1, checkEvery: Int = 16_384) {
        self.clock = clock
        self.isTerminal = isTerminal
        self.output = output
        self.enabled = enabled
        self.delay = delay
        self.interval = interval
        self.checkEvery = max(1, checkEvery)
    }

    /// stderr, shown only when it is a terminal.
    public static let standard = ProgressReporter(
        clock: {
            var ts = timespec()
            clock_gettime(CLOCK_MONOTONIC, &ts)
            return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
        },
        isTerminal: { isatty(2) == 1 },
        output: { text in
            var bytes = Array(text.utf8)
            var done = 0
            while done < bytes.count {
                let n = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + done, $0.count - done) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }  // progress is a courtesy: a broken stderr must not fail a read
                done += n
            }
            bytes.removeAll()
        })

    /// Never reports.
    public static let disabled = ProgressReporter(clock: { 0 }, isTerminal: { false }, output: { _ in }, enabled: false)

    /// A meter for reading `name`; starts the clock now.
    func start(_ name: String, totalBytes: Int = 0) -> ProgressMeter {
        ProgressMeter(self, name: name, totalBytes: totalBytes)
    }
}

/// The state of one read's progress. Readers call `advance` per row (cheap: one comparison
/// until `checkEvery` rows have passed), `update` at coarser steps, and `finish` at the end.
struct ProgressMeter {
    let reporter: ProgressReporter
    let name: String
    /// Size of the input, for the percentage; 0 when unknown.
    var totalBytes: Int
    let startTime: Double
    private var lastShown: Double?
    /// The row count at which the clock is next read; Int.max when inactive.
    private(set) var nextCheck: Int

    init(_ reporter: ProgressReporter, name: String, totalBytes: Int) {
        self.reporter = reporter
        self.name = name
        self.totalBytes = totalBytes
        let active = reporter.enabled && reporter.isTerminal()
        startTime = active ? reporter.clock() : 0
        nextCheck = active ? reporter.checkEvery : Int.max
    }

    var isActive: Bool { nextCheck != Int.max }

    /// `rows` rows read so far, `bytes` bytes of the input consumed.
    @inline(__always) mutating func advance(rows: Int, bytes: Int) {
        if rows >= nextCheck { update(rows: rows, bytes: bytes) }
    }

    /// Looks at the clock and rewrites the line if it is time; `detail` replaces the
    /// percentage (e.g. "typing column 3 of 12" once the whole file is scanned).
    mutating func update(rows: Int, bytes: Int, detail: @autoclosure () -> String? = nil) {
        guard isActive else { return }
        nextCheck = rows + reporter.checkEvery
        let now = reporter.clock()
        let elapsed = now - startTime
        guard elapsed >= reporter.delay else { return }
        if let lastShown, now - lastShown < reporter.interval { return }
        lastShown = now
        var text = "reading \(name): \(NumberFormat.grouped(Int64(rows))) rows"
        if let detail = detail() {
            text += ", " + detail
        } else if totalBytes > 0 {
            text += ", \(min(100, bytes * 100 / totalBytes))%"
        }
        text += ", " + ProgressMeter.megabytes(Double(bytes) / elapsed) + "/s"
        reporter.output("\r" + text + "\u{1B}[K")
    }

    /// Clears a progress line already shown, so an error message starts on a clean line.
    mutating func abandon() {
        guard isActive else { return }
        nextCheck = Int.max
        if lastShown != nil { reporter.output("\r\u{1B}[K") }
    }

    /// The final line, when the read took long enough to be reported at all.
    mutating func finish(rows: Int, bytes: Int) {
        guard isActive else { return }
        nextCheck = Int.max
        let elapsed = reporter.clock() - startTime
        guard elapsed >= reporter.delay else { return }
        let text = "read \(name): \(NumberFormat.grouped(Int64(rows))) rows in \(ProgressMeter.decimal(elapsed)) s ("
            + ProgressMeter.megabytes(Double(bytes)) + ", " + ProgressMeter.megabytes(Double(bytes) / elapsed) + "/s)"
        reporter.output("\r" + text + "\u{1B}[K\n")
    }

    /// Decimal megabytes with one decimal: "85.3 MB".
    static func megabytes(_ bytes: Double) -> String { decimal(bytes / 1e6) + " MB" }

    /// One decimal, no Foundation: 1.25 → "1.3" (half away from zero), 12 → "12.0".
    static func decimal(_ v: Double) -> String {
        guard v.isFinite else { return "?" }
        let tenths = Int64((abs(v) * 10).rounded())
        return (v < 0 && tenths > 0 ? "-" : "") + NumberFormat.grouped(tenths / 10) + "." + String(tenths % 10)
    }
}
