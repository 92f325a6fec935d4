import Testing
@testable import QueryEngine

/// A clock that moves only when read (by `step`) or when a test sets it, a terminal that is
/// or is not one, and an output that records what would have gone to stderr.
final class FakeConsole: @unchecked Sendable {
    var now = 0.0
    var step: Double
    var terminal: Bool
    var clockReads = 0
    var terminalChecks = 0
    var output = ""

    init(step: Double, terminal: Bool = true) {
        self.step = step
        self.terminal = terminal
    }

    func reporter(checkEvery: Int = 1) -> ProgressReporter {
        ProgressReporter(
            clock: { [self] in clockReads += 1; now += step; return now },
            isTerminal: { [self] in terminalChecks += 1; return terminal },
            output: { [self] in output += $0 },
            checkEvery: checkEvery)
    }

    /// The pieces written, split at the carriage returns that start each one.
    var pieces: [String] { output.split(separator: "\r").map(String.init) }
}

@Suite struct ProgressTests {
    static let csv = "id,name\n" + (1...200).map { "\($0),n\($0)" }.joined(separator: "\n") + "\n"
    static let json = "[\n" + (1...200).map { "{\"id\": \($0)}" }.joined(separator: ",\n") + "\n]\n"

    @Test func silentForFastReads() throws {
        let console = FakeConsole(step: 0.001)
        let t = try CSVReader.read(string: Self.csv, name: "t.csv", options: CSVOptions(progress: console.reporter()))
        #expect(t.rowCount == 200)
        #expect(console.clockReads > 200, "the meter should have looked at the clock")
        #expect(console.output == "")
    }

    @Test func silentWhenStderrIsNotATerminal() throws {
        let console = FakeConsole(step: 1, terminal: false)
        _ = try CSVReader.read(string: Self.csv, name: "t.csv", options: CSVOptions(progress: console.reporter()))
        _ = try JSONReader.read(string: Self.json, name: "t.json", options: JSONOptions(progress: console.reporter()))
        #expect(console.output == "")
        #expect(console.terminalChecks == 2)
        #expect(console.clockReads == 0, "a non-terminal read should not even read the clock")
    }

    @Test func silentWhenDisabled() throws {
        let console = FakeConsole(step: 1)
        var reporter = console.reporter()
        reporter.enabled = false
        _ = try CSVReader.read(string: Self.csv, name: "t.csv", options: CSVOptions(progress: reporter))
        #expect(console.output == "")
        #expect(console.terminalChecks == 0)
        #expect(console.clockReads == 0)
    }

    @Test func slowCSVReadReportsAtMostTenTimesASecondThenAFinalLine() throws {
        // Every look at the clock costs 30 ms: the read "takes" several seconds.
        let console = FakeConsole(step: 0.03)
        _ = try CSVReader.read(string: Self.csv, name: "t.csv", options: CSVOptions(progress: console.reporter()))
        let pieces = console.pieces
        let updates = pieces.dropLast()
        let elapsed = console.now
        #expect(updates.count >= 5)
        #expect(Double(updates.count) <= elapsed / 0.1 + 1, "\(updates.count) updates in \(elapsed) s")
        for u in updates {
            #expect(u.hasPrefix("reading t.csv: "), "\(u)")
            #expect(u.hasSuffix(" MB/s\u{1B}[K"), "\(u)")
        }
        // Nothing before half a second: at 30 ms a row, the first update is past row 15.
        let firstRows = updates.first.flatMap { Int($0.dropFirst("reading t.csv: ".count).prefix { $0 != " " }) } ?? 0
        #expect(firstRows >= 16, "\(updates.first ?? "")")
        #expect(updates.contains { $0.contains("typing column 2 of 2") } || updates.contains { $0.contains("%") })
        let last = pieces.last ?? ""
        #expect(last.hasPrefix("read t.csv: 200 rows in "), "\(last)")
        #expect(last.hasSuffix("/s)\u{1B}[K\n"), "\(last)")
        #expect(console.output.filter { $0 == "\n" }.count == 1, "only the final line ends a line")
    }

    @Test func slowJSONReadReports() throws {
        let console = FakeConsole(step: 0.03)
        let t = try JSONReader.read(string: Self.json, name: "t.json", options: JSONOptions(progress: console.reporter()))
        #expect(t.rowCount == 200)
        #expect(console.pieces.count >= 2)
        #expect(console.pieces.first?.hasPrefix("reading t.json: ") == true)
        #expect(console.pieces.last?.hasPrefix("read t.json: 200 rows in ") == true)
    }

    @Test func meterTextWithAManualClock() {
        let console = FakeConsole(step: 0)
        var meter = console.reporter(checkEvery: 1000).start("big.csv", totalBytes: 10_000_000)
        console.now = 0.4
        meter.advance(rows: 999, bytes: 1)           // below checkEvery: not even a clock read
        #expect(console.clockReads == 1)             // the start
        meter.advance(rows: 1000, bytes: 3_000_000)  // 0.4 s: too early
        #expect(console.output == "")
        console.now = 0.6
        meter.advance(rows: 2000, bytes: 4_000_000)
        #expect(console.output == "\rreading big.csv: 2,000 rows, 40%, 6.7 MB/s\u{1B}[K")
        console.now = 0.65
        meter.advance(rows: 3000, bytes: 5_000_000)  // 50 ms after the last update: skipped
        #expect(console.pieces.count == 1)
        console.now = 0.8
        meter.update(rows: 4000, bytes: 10_000_000, detail: "typing column 1 of 3")
        #expect(console.pieces.last == "reading big.csv: 4,000 rows, typing column 1 of 3, 12.5 MB/s\u{1B}[K")
        console.now = 1.25
        meter.finish(rows: 4000, bytes: 10_000_000)
        #expect(console.pieces.last == "read big.csv: 4,000 rows in 1.3 s (10.0 MB, 8.0 MB/s)\u{1B}[K\n")
        meter.finish(rows: 4000, bytes: 10_000_000)  // a second finish prints nothing more
        #expect(console.pieces.count == 3)
    }

    @Test func fastFinishPrintsNothing() {
        let console = FakeConsole(step: 0)
        var meter = console.reporter().start("small.csv", totalBytes: 100)
        console.now = 0.3
        meter.finish(rows: 10, bytes: 100)
        #expect(console.output == "")
    }

    @Test func anErrorClearsTheProgressLine() {
        let console = FakeConsole(step: 0.03)
        let bad = Self.csv + "201\n"
        let message = IOErrors.message {
            _ = try CSVReader.read(string: bad, name: "t.csv", options: CSVOptions(progress: console.reporter()))
        }
        #expect(message == "t.csv: line 202: expected 2 fields, found 1")
        #expect(console.output.hasSuffix("\r\u{1B}[K"))
        #expect(!console.output.contains("\n"))
    }

    @Test func oneDecimalFormatting() {
        #expect(ProgressMeter.decimal(1.25) == "1.3")
        #expect(ProgressMeter.decimal(0.04) == "0.0")
        #expect(ProgressMeter.decimal(12) == "12.0")
        #expect(ProgressMeter.decimal(1234.56) == "1,234.6")
        #expect(ProgressMeter.megabytes(85_300_000) == "85.3 MB")
    }
}
