import Testing
import Foundation

/// Output goes where it is sent (issue #13): modes for every result, q:show() included; line
/// mode; row and width limits; `.last` in full; the shell-habit commands; `.read` of
/// dot-commands; `.help` as the README lists it.
@Suite struct OutputTests {
    static let transcripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Transcripts")

    func hemi(_ args: [String], stdin: String = "", cwd: URL? = nil) throws -> HemiBinary.Output {
        try HemiBinary.run("/usr/bin/env", ["COLUMNS=100", "NO_COLOR=1", "HEMI_PLUGIN_PATH=/nonexistent", HemiBinary.path] + args,
                           stdin: stdin, cwd: cwd)
    }

    static let query = "hemi.table('us_trade'):filter(\"year == 2023 and iso3 in ('MEX', 'PER')\"):select('iso3', 'partner_name', 'us_exports_usd_mn'):sort('iso3')"

    /// A golden transcript of `hemi -c` in every mode, a query shown as a result and by q:show().
    @Test func everyModeAppliesToResultsAndShow() throws {
        var got = ""
        for mode in ["box", "line", "csv", "tsv", "json", "jsonl", "markdown"] {
            let r = try hemi(["--format", mode, "-c", Self.query])
            let s = try hemi(["--format", mode, "-e", Self.query + ":show()"])
            #expect(r.stdout == s.stdout, "\(mode): q:show() prints as the result does")
            got += "-- hemi --format \(mode) -c QUERY (status \(r.status))\n" + r.stdout + r.stderr
        }
        let golden = Self.transcripts.appendingPathComponent("modes.expected")
        if ProcessInfo.processInfo.environment["HEMI_UPDATE_GOLDEN"] != nil {
            try got.write(to: golden, atomically: false, encoding: .utf8)
        }
        #expect(got == (try? String(contentsOf: golden, encoding: .utf8)), "golden \(golden.path) (record with HEMI_UPDATE_GOLDEN=1)")
    }

    /// `hemi --format csv top5.lua`: a script's q:show() prints in the format asked for (it
    /// printed a box).
    @Test func formatAppliesToShowInAScriptFile() throws {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("hemi-format-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "hemi.from_rows{ { iso3 = 'PER', v = 1.5 }, { iso3 = 'MEX', v = 22 } }:select('iso3', 'v'):show()\n"
            .write(to: dir.appendingPathComponent("top5.lua"), atomically: false, encoding: .utf8)
        let r = try hemi(["--format", "csv", "top5.lua"], cwd: dir)
        #expect(r.status == 0 && r.stdout == "iso3,v\nPER,1.5\nMEX,22\n", "\(r.stdout)\(r.stderr)")
    }

    @Test func lineModeAsSqlite3() throws {
        let r = try hemi(["-i"], stdin: ".mode line\nhemi.from_rows{ { iso3 = 'PER', v = 1 }, { iso3 = 'MEX' } }\n.mode\n")
        #expect(r.stdout.contains("iso3 = PER\n   v = 1\n\niso3 = MEX\n   v = null\n"), "\(r.stdout)")
        #expect(r.stdout.contains("mode: line\n"))
    }

    @Test func limitsAndTheLastResultInFull() throws {
        let input = """
        .maxrows
        .maxrows 0
        .maxrows
        hemi.table('us_trade'):filter("iso3 == 'PER'"):count()
        .maxrows 3
        hemi.table('countries'):select('iso3')
        .last
        .maxwidth 40
        .maxwidth
        hemi.table('us_trade'):limit(1)
        .timer on
        .timer
        .print hello  there
        """
        let r = try hemi(["-i"], stdin: input + "\n")
        #expect(r.stdout.contains("maxrows: 20\n"))
        #expect(r.stdout.contains("maxrows: 0 (no limit)\n"))
        #expect(r.stdout.contains("rows (3 shown)"), "\(r.stdout)")
        let afterLast = r.stdout.components(separatedBy: "> .last\n").last ?? ""
        let lastPart = afterLast.components(separatedBy: "> .maxwidth").first ?? ""
        #expect(lastPart.contains("│ VEN    │") && lastPart.contains("│ ARG    │") && !lastPart.contains("shown)"), "\(lastPart.prefix(800))")
        #expect(r.stdout.contains("maxwidth: 40\n"))
        let narrow = r.stdout.components(separatedBy: "> hemi.table('us_trade'):limit(1)\n").last ?? ""
        let narrowLines: [Substring] = narrow.split(separator: "\n")
        #expect(narrowLines.prefix(3).allSatisfy { $0.count <= 40 }, "\(narrow.prefix(400))")
        #expect(r.stdout.contains("timer: on\n"))
        #expect(r.stderr.contains("Run Time: real"), "a dot-command is timed too")
        #expect(r.stdout.contains("hello there\n"))
    }

    @Test func shellCdEchoAndReadOfDotCommands() throws {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("hemi-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try ".mode csv\nhemi.from_rows{ { a = 1 } }\nx = 41\nfunction f()\n  return x + 1\nend\n.print read done\n"
            .write(to: dir.appendingPathComponent("s.hemi"), atomically: false, encoding: .utf8)
        let r = try hemi(["--bail"], stdin: ".cd \(dir.path)\n.shell echo from-the-shell\n.system pwd\n.read s.hemi\nprint(f())\n.echo on\nprint('echoed')\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "from-the-shell\n\(dir.path)\na\n1\nread done\n42\nprint('echoed')\nechoed\n", "\(r.stdout)")
        // Alone it is a usage error of its own (it used to be unknown, suggesting .help).
        let usage = try hemi(["-c", ".shell"])
        #expect(usage.status == 1 && usage.stderr == "hemi: usage: .shell CMD\n", "\(usage.stderr)")
        let failing = try hemi(["-c", ".shell exit 3"])
        #expect(failing.status == 1 && failing.stderr == "hemi: .shell: the command exited with status 3\n")
        let cd = try hemi(["-c", ".cd /nonexistent"])
        #expect(cd.status == 1 && cd.stderr.hasPrefix("hemi: cannot change to /nonexistent"))
    }

    /// `.once` covers exactly the next entry, whatever it is: a dot-command, a failing entry
    /// (its file is left empty), a print; the entry after it prints where it did before.
    @Test func onceCoversExactlyTheNextEntryWhateverItIs() throws {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("hemi-once-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = ".once a.txt\n.print dotted\n.print after-a\n.once b.txt\nerror('failed entry')\nprint('after-b')\n"
            + ".once c.txt\nprint('printed')\n1 + 1\n"
        let r = try hemi(["-i"], stdin: input, cwd: dir)
        func file(_ name: String) -> String { (try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)) ?? "<missing>" }
        #expect(file("a.txt") == "dotted\n" && file("b.txt") == "" && file("c.txt") == "printed\n",
                "a: \(file("a.txt").debugDescription) b: \(file("b.txt").debugDescription) c: \(file("c.txt").debugDescription)")
        #expect(r.stdout.contains("\nafter-a\n") && r.stdout.contains("\nafter-b\n") && r.stdout.contains("\n2\n"), "\(r.stdout)")
        #expect(r.stderr.contains("failed entry") && !r.stdout.contains("\ndotted\n") && !r.stdout.contains("\nprinted\n"), "\(r.stdout)")
    }

    /// `.tables` fits the terminal's width and cuts a description between words, with an
    /// ellipsis (issue #13's cosmetics: it cut mid-word without one and ignored the width).
    @Test(arguments: [70, 100])
    func tablesFitTheWidthAndCutBetweenWords(_ columns: Int) throws {
        func tables(_ width: Int) throws -> [Substring] {
            let r = try HemiBinary.run("/usr/bin/env", ["COLUMNS=\(width)", "NO_COLOR=1", HemiBinary.path, "--no-plugins", "-c", ".tables"])
            #expect(r.status == 0, "\(r.stderr)")
            return r.stdout.split(separator: "\n")
        }
        let cut = try tables(columns), whole = try tables(10_000)
        #expect(cut.count == whole.count && cut.count > 20, "\(cut.count) lines")
        var shortened = 0
        for (line, full) in zip(cut, whole) {
            #expect(line.count <= columns, "wider than \(columns): \(line)")
            guard line.hasSuffix("…") else { #expect(line == full); continue }
            shortened += 1
            let kept = line.dropLast()
            #expect(full.hasPrefix(kept), "\(line) is not the start of \(full)")
            let next = full.dropFirst(kept.count).first
            #expect(next.map { " ,;:".contains($0) } == true, "cut inside a word: \(line) | \(full)")
        }
        #expect(shortened > 0, "at \(columns) columns some descriptions are cut")
    }

    @Test func helpIsTheListTheReadmeShows() throws {
        let readme = try String(contentsOf: Self.transcripts.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "```\n> .help\n"), let end = readme.range(of: "\n```", range: start.upperBound..<readme.endIndex) else {
            Issue.record("README.md has no ```> .help block"); return
        }
        let shown = String(readme[start.upperBound..<end.lowerBound]) + "\n"
        let r = try HemiBinary.run("/usr/bin/env", ["COLUMNS=100", "NO_COLOR=1", HemiBinary.path, "--no-plugins", "-c", ".help"])
        #expect(r.stdout == shown, "README's .help block differs from .help:\n\(r.stdout)")
    }
}
