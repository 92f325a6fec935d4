import Testing
import Foundation

/// The SQL-shell habits: -c, --format, --bail, and dot-command transcripts through `hemi -i`
/// with piped input, compared with golden files (regenerate with HEMI_UPDATE_GOLDEN=1).
@Suite struct ShellHabitsTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Transcripts")

    func hemi(_ args: [String], stdin: String = "") throws -> HemiBinary.Output {
        try HemiBinary.run("/usr/bin/env", ["COLUMNS=100", "NO_COLOR=1", "HEMI_PLUGIN_PATH=/nonexistent", HemiBinary.path] + args, stdin: stdin)
    }

    @Test func commandWithFormatPrintsPipelineReadyOutput() throws {
        let csv = try hemi(["-c", "hemi.table('us_trade'):filter(\"year == 2024 and iso3 == 'MEX'\"):select('iso3', 'year')", "--format", "csv"])
        #expect(csv.stdout == "iso3,year\nMEX,2024\n")
        #expect(csv.status == 0)
        let json = try hemi(["--format=json", "-c", "hemi.from_rows{ { a = 1 } }"])
        #expect(json.stdout == "[\n  {\"a\": 1}\n]\n")
        let value = try hemi(["-c", "1 + 1"])
        #expect(value.stdout == "2\n")
    }

    @Test func commandErrorsExitOneWithTheProgramName() throws {
        let r = try hemi(["-c", "nosuch.field"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("hemi: (command line):1: attempt to index a nil value (global 'nosuch')"))
        let bad = try hemi(["--format", "xml", "-c", "1"])
        #expect(bad.status == 2)
        #expect(bad.stderr == "hemi: unknown format 'xml' (expected box, line, csv, tsv, json, jsonl or markdown)\n")
    }

    @Test func bailStopsPipedInputAtTheFirstError() throws {
        let r = try hemi(["--bail"], stdin: "print('one')\nerror('two')\nprint('three')\n")
        #expect(r.stdout == "one\n")
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("hemi: stdin:2: two"), "the error names the input's line")
    }

    @Test func dotCommandTranscript() throws {
        let input = try String(contentsOf: Self.dir.appendingPathComponent("dot-commands.in"), encoding: .utf8)
        let r = try hemi(["-i"], stdin: input)
        let got = "-- stdout (status \(r.status))\n" + r.stdout + "-- stderr\n" + r.stderr
        let golden = Self.dir.appendingPathComponent("dot-commands.expected")
        if ProcessInfo.processInfo.environment["HEMI_UPDATE_GOLDEN"] != nil {
            try got.write(to: golden, atomically: false, encoding: .utf8)
        }
        #expect(got == (try String(contentsOf: golden, encoding: .utf8)))
    }

    @Test func onceWritesTheNextResultToAFileWhole() throws {
        let path = NSTemporaryDirectory() + "hemi-once-\(UUID().uuidString).md"
        let r = try hemi(["-i"], stdin: ".mode markdown\n.once \(path)\nhemi.from_rows{ { iso3 = 'PER' } }\nprint('after')\n")
        #expect(r.stdout.hasSuffix("after\n> \n"), "prompts as lua.c -i prints them; the result went to the file")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "| iso3 |\n| ---- |\n| PER  |\n")
    }
}
