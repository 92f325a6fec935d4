import Testing
import Foundation

/// Exit codes and error visibility under `-c`, `--bail` and piped input (issue #13): a failing
/// entry of any kind is an error, and its message shows.
@Suite struct ExitCodeTests {
    func hemi(_ args: [String], stdin: String = "") throws -> HemiBinary.Output {
        try HemiBinary.run("/usr/bin/env", ["COLUMNS=100", "NO_COLOR=1", HemiBinary.path] + args, stdin: stdin)
    }

    @Test(arguments: [
        "hemi.table('us_trade'):filter('yeer == 2023')",
        "hemi.table('countries'):select('iso3', 'nme')",
        "hemi.table('us_trade'):sort('year des')",
    ])
    func aQueryWhoseDisplayFailsIsAnErrorWithItsCaret(_ query: String) throws {
        let r = try hemi(["-c", query])
        #expect(r.status == 1, "\(query): \(r.stdout)")
        #expect(!r.stdout.contains("<hemi.Query>"))
        #expect(r.stderr.hasPrefix("hemi: "), "\(r.stderr)")
        #expect(r.stderr.contains("^"), "the caret under the place: \(r.stderr)")
        let csv = try hemi(["-c", "hemi.table('us_trade'):filter('year = 2023')", "--format", "csv"])
        #expect(csv.status == 1 && csv.stdout.isEmpty)
    }

    @Test func didYouMeanShowsForAMisspelledColumn() throws {
        let r = try hemi(["-c", "hemi.table('us_trade'):filter('yeer == 2023')"])
        #expect(r.stderr.hasPrefix("hemi: (command line):1: unknown column \"yeer\" (did you mean year?)\n  yeer == 2023\n  ^"), "\(r.stderr)")
    }

    /// As `lua5.4 -e 'string.rep()'` gives `(command line):1: bad argument #1 to 'rep' (…)`.
    @Test func aBadArgumentNamesTheCommandLine() throws {
        let r = try hemi(["-c", "hemi.table('us_trade'):sort({})"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("hemi: (command line):1: bad argument #1 to 'sort' ("), "\(r.stderr)")
        let script = try hemi(["-e", "local q = hemi.table('us_trade')\nq:limit('x')"])
        #expect(script.stderr.hasPrefix("hemi: (command line):2: bad argument #1 to 'limit' (row count expected, got string)"), "\(script.stderr)")
    }

    @Test(arguments: [".schema nosuch", ".mode html", ".read /missing", ".output /nonexistent/x", ".exit abc", ".nosuch", ".maxrows -1", ".timer maybe"])
    func failingDotCommandsExitOne(_ command: String) throws {
        let r = try hemi(["-c", command])
        #expect(r.status == 1, "\(command): status \(r.status)")
        #expect(r.stderr.hasPrefix("hemi: "), "\(command): \(r.stderr)")
        let bail = try hemi(["--bail"], stdin: "print('one')\n\(command)\nprint('not reached')\n")
        #expect(bail.status == 1 && bail.stdout == "one\n", "\(command) under --bail: \(bail.stdout)")
    }

    /// `hemi report`'s command line (parsed in Sources/hemi/ReportArguments.swift): a usage
    /// error exits 2 with the usage line; `--help` prints it and exits 0.
    @Test(arguments: [[], ["s.lua"], ["-x", "s.lua", "-o", "r.md"], ["s.lua", "-o"]])
    func reportUsageErrorsExitTwo(_ words: [String]) throws {
        let r = try hemi(["report"] + words)
        #expect(r.status == 2, "\(words): status \(r.status)")
        #expect(r.stderr.hasPrefix("hemi: report: ") && r.stderr.contains("usage: hemi report script.lua -o"), "\(r.stderr)")
        let help = try hemi(["report", "--help"])
        #expect(help.status == 0 && help.stdout.hasPrefix("usage: hemi report"))
    }

    @Test func exitWithACode() throws {
        #expect(try hemi(["-c", ".exit 3"]).status == 3)
        #expect(try hemi(["-c", ".exit"]).status == 0)
        let piped = try hemi(["--bail"], stdin: "print('a')\n.exit 4\nprint('b')\n")
        #expect(piped.status == 4 && piped.stdout == "a\n")
        let usage = try hemi(["-c", ".exit abc"])
        #expect(usage.stderr == "hemi: usage: .exit [code]: 'abc' is not an exit status (expected a number 0-255)\n")
    }

    @Test func bailReportsAnUnfinishedChunkAtEndOfInput() throws {
        let r = try hemi(["--bail"], stdin: "x = 1\nfunction f()\n  return 1\n")
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("hemi: stdin:3: 'end' expected (to close 'function' at line 2) near <eof>"), "\(r.stderr)")
    }

    @Test func pipedErrorsNameTheLineOfTheInput() throws {
        let r = try hemi(["--bail"], stdin: "x = 1\n\nfunction f()\n  return nosuch.y\nend\nprint(f())\n")
        #expect(r.stderr.hasPrefix("hemi: stdin:4: attempt to index a nil value (global 'nosuch')"), "\(r.stderr)")
        let i = try hemi(["-i"], stdin: "x = 1\n\nerror('here')\n")
        #expect(i.stderr.hasPrefix("stdin:3: here"), "\(i.stderr)")
    }

    @Test func pluginCommandsShowNoStrayNilAndUsageErrorsAreOneLine() throws {
        for command in [".us_trade", ".engagement", ".resources", ".china_vs_us MEX", ".china_exposure"] {
            let r = try hemi(["-c", command])
            #expect(!r.stdout.contains("\tnil"), "\(command): \(r.stdout)")
        }
        for command in [".china_vs_us", ".china_vs_us Narnia"] {
            let r = try hemi(["-c", command])
            #expect(r.status == 1, "\(command)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(command): \(r.stderr)")
            #expect(!r.stderr.contains("(plugin host)"), "\(command): \(r.stderr)")
        }
    }

    /// Every bundled plugin command checks its arguments: a bad one is an error naming it and
    /// what was expected (not a silent default), a year without data says which years exist;
    /// under -c each is exit 1, one line on stderr, nothing on stdout.
    @Test func pluginCommandArgumentsAreCheckedNotDefaulted() throws {
        let errors: [(String, String)] = [
            (".us_trade abc", "us_trade: expected a year such as 2023, got 'abc'"),
            (".us_trade 2024 x", "us_trade: expected a year such as 2023, got '2024 x'"),
            (".us_trade 1850", "us_trade: no data for 1850; us_trade has the years 1991–2025"),
            (".us_trade_ytd x", "us_trade_ytd: expected a year and optionally a month (e.g. '2026 8'), got 'x'"),
            (".us_trade_ytd 1980", "us_trade_ytd: no data for 1980; us_trade_monthly runs from 1991-01 to "),
            (".us_trade_ytd 2025 13", "us_trade_ytd: month must be 1–12, got 13"),
            (".engagement abc", "engagement: expected how many countries to show (a whole number, 1 or more), got 'abc'"),
            (".engagement 0", "got '0'"),
            (".engagement -2", "got '-2'"),
            (".resources lithium", "resources: takes no arguments, got 'lithium'"),
            (".china_exposure BRA", "china_exposure: takes no arguments, got 'BRA'"),
            (".china_vs_us", "china_vs_us: expected a country, by name or ISO code (e.g. .china_vs_us BRA)"),
            (".china_vs_us Canada", "china_vs_us: no data for Canada (CAN): "),
        ]
        for (command, message) in errors {
            let r = try hemi(["-c", command])
            #expect(r.status == 1, "\(command): exit \(r.status)")
            #expect(r.stdout == "", "\(command): \(r.stdout)")
            #expect(r.stderr.contains(message) && r.stderr.split(separator: "\n").count == 1, "\(command): \(r.stderr)")
        }
        for command in [".us_trade 1999", ".us_trade", ".us_trade_ytd 2025 3", ".engagement 3", ".resources", ".china_exposure", ".china_vs_us peru"] {
            let r = try hemi(["-c", command])
            #expect(r.status == 0 && r.stdout.contains("┌") && !r.stdout.contains("0 rows"), "\(command): \(r.stdout)\(r.stderr)")
        }
        let bail = try hemi(["--bail"], stdin: ".us_trade abc\nprint('after')\n")
        #expect(bail.status == 1 && !bail.stdout.contains("after"), "--bail stops at the bad argument")
    }

    @Test func tracebacksShowTheUsersFramesNotThePluginHosts() throws {
        let r = try hemi(["-c", "hemi.table('us_trade'):group('nosuch'):agg{ n = 'count()' }"])
        #expect(r.status == 1)
        #expect(!r.stderr.contains("(plugin host)"), "\(r.stderr)")
    }
}
