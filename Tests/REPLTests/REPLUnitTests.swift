import Testing
import Foundation
@testable import LuaBridge
@testable import REPL
import Scripting

@Suite struct HistoryTests {
    @Test func appendsEachEntryAndKeepsMultiLineWhole() throws {
        let dir = NSTemporaryDirectory() + "hemi-hist-\(UUID().uuidString)"
        let path = dir + "/state/hemi/history"
        var h = History(path: path)
        let first = h.append("1 + 1")
        let second = h.append("function f()\n  return 'a\\b'\nend")
        #expect(first && second)
        let again = History(path: path)
        #expect(again.entries == ["1 + 1", "function f()\n  return 'a\\b'\nend"])
        try? FileManager.default.removeItem(atPath: dir)
    }

    @Test func capsTheFile() throws {
        let path = NSTemporaryDirectory() + "hemi-cap-\(UUID().uuidString)"
        var h = History(path: path, cap: 1000)
        for i in 0..<12 { h.append("x = \(i)") }
        let capped = History(path: path, cap: 5)
        #expect(capped.entries == (7..<12).map { "x = \($0)" })
        #expect(History(path: path, cap: 5).entries.count == 5)
        try? FileManager.default.removeItem(atPath: path)
    }

    @Test func unwritableLocationKeepsEntriesInMemory() {
        var h = History(path: "/proc/hemi-cannot-write/history")
        let written = h.append("x")
        #expect(written == false)
        #expect(h.entries == ["x"])
    }

    @Test func pathFollowsEnvironment() {
        #expect(History.defaultPath(environment: ["HEMI_HISTORY": "/a/h"]) == "/a/h")
        #expect(History.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/hemi/history")
        #expect(History.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/state/hemi/history")
        #expect(History.defaultPath(environment: [:]) == nil)
    }
}

@Suite struct DotCommandTests {
    @Test func parsesQuotedArguments() {
        let (name, args) = DotCommands.parse(".output \"my file.csv\" x")
        #expect(name == "output" && args == ["my file.csv", "x"])
    }

    @Test func suggestsTheNearestCommand() {
        var c = DotCommands()
        BuiltinCommands.register(into: &c)
        #expect(c.nearest(to: "hlep") == "help")
        #expect(c.nearest(to: "histroy") == "history")
        #expect(c.nearest(to: "zzzzzzzz") == nil)
    }
}

@Suite struct PrettyPrinterTests {
    @Test func rendersTablesWithLimitsAndCycles() throws {
        let lua = try LuaState()
        let p = PrettyPrinter()
        let t = try lua.run("local t = {1, 2, name = 'Perú', n = {a = true}}; t.me = t; return t", chunkName: "=t")[0]
        #expect(p.render(t) == "{ 1, 2, me = <cycle>, n = { a = true }, name = \"Perú\" }")
        var small = p; small.maxItems = 3
        let big = try lua.run("local t = {} for i = 1, 10 do t[i] = i end return t", chunkName: "=t")[0]
        #expect(small.render(big) == "{ 1, 2, 3, … 7 more }")
        #expect(p.render(.number(3.0)) == "3.0")
        #expect(p.render(.number(0.1)) == "0.1")
        var shallow = p; shallow.maxDepth = 1
        #expect(shallow.render(try lua.run("return {{{}}}", chunkName: "=t")[0]) == "{ {…} }")
    }
}

@Suite struct CompletionTests {
    @Test func completesGlobalsFieldsMethodsAndDotCommands() throws {
        let lua = try LuaState()
        let complete = Completion.install(in: lua, dotCommands: [".help", ".history", ".exit"])
        #expect(complete("string.fo") == ["string.format("])
        #expect(complete("coroutine.ru") == ["coroutine.running("])
        #expect(complete("pri") == ["print("])
        #expect(complete(".h") == [".help", ".history"])
        #expect(complete("s:up") == [], "s is not a global table")
        try lua.run("s = 'x'", chunkName: "=t")
        #expect(complete("whi") == ["while"])
        #expect(Completion.commonPrefix(["string.format(", "string.find("]) == "string.f")
    }

    /// The completer is kept in the registry: no `__hemi_complete` (or any helper) in `_G`, and
    /// a script that reassigns globals cannot break or hijack it.
    @Test func completerLeavesNoGlobalAndSurvivesScripts() throws {
        let lua = try LuaState()
        let complete = Completion.install(in: lua, dotCommands: [])
        let leaked = try lua.run("for k in pairs(_G) do if k:match('^__') then return k end end", chunkName: "=t")
        #expect(leaked == [])
        try lua.run("__hemi_complete = function() return { 'hijacked' } end", chunkName: "=t")
        #expect(complete("pri") == ["print("])
    }

    /// What is embedded is the file on disk, and it compiles.
    @Test func embeddedCompletionIsTheFileOnDisk() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/REPL/Lua/completion.lua")
        #expect(EmbeddedLua.all.map(\.name).contains("repl/completion.lua"))
        #expect(EmbeddedLua.completion.source == (try String(contentsOf: file, encoding: .utf8)))
        #expect(try LuaState().compile(EmbeddedLua.completion.source, chunkName: "=x") == nil)
    }
}

@Suite struct DataCompletionTests {
    @Test func completesTablesColumnsCountriesAndQueryMethods() throws {
        let lua = try LuaState()
        HemiRuntime.install(into: lua)
        #expect(CompletionCandidates.inString(lua, before: "hemi.table(", word: "us_tr") == ["us_trade", "us_trade_aggregates", "us_trade_aggregates_monthly", "us_trade_groups", "us_trade_monthly"])
        #expect(CompletionCandidates.inString(lua, before: "q:filter(", word: "year == 2023 and us_ex").contains("year == 2023 and us_exports_usd_mn"))
        let peru = CompletionCandidates.inString(lua, before: "hemi.country(", word: "peru")
        #expect(peru.contains("Perú") || peru.contains("Peru"), "\(peru)")
        #expect(CompletionCandidates.inString(lua, before: "hemi.country(", word: "MEXI").contains { $0.hasPrefix("M") && $0.contains("xico") })
        #expect(CompletionCandidates.afterCall("):fi") == ["):filter(", "):first("])
    }
}

/// The session core as a front end other than the terminal drives it (the kernel does so):
/// each entry's results, errors and notes arrive at the display it chose.
@Suite struct SessionCoreTests {
    final class Recorder: SessionDisplay {
        var events: [String] = []
        func result(_ text: String) { events.append("result: " + text) }
        func error(_ message: String) { events.append("error: " + message.prefix { $0 != "\n" }) }
        func note(_ text: String) { events.append("note: " + text) }
    }

    final class FullRecorder: SessionDisplay {
        var errors: [String] = []
        func result(_ text: String) {}
        func error(_ message: String) { errors.append(message) }
        func note(_ text: String) {}
    }

    /// Hemi's own Lua (scripting/row_functions.lua runs q:derive with functions) stays out of
    /// the error the REPL shows: the user's line and frames only, as in the notebook.
    @Test func theHostsLuaFramesStayOutOfTheError() throws {
        let lua = try LuaState()
        HemiRuntime.install(into: lua)
        let display = FullRecorder()
        let s = Session(lua: lua, display: display)
        #expect(!s.submit("hemi.from_rows{ { a = 1 } }:derive{ y = 'nope + 1', z = function(row) return 1 end }"))
        let shown = try #require(display.errors.first)
        #expect(shown.hasPrefix("stdin:1: unknown column \"nope\""), "\(shown)")
        #expect(shown.contains("\tstdin:1: in main chunk"), "\(shown)")
        #expect(!shown.contains("scripting/"), "\(shown)")
        #expect(ErrorText.stripHostPosition("scripting/plugin_loader.lua:41: api.metric: x") == "api.metric: x")
        #expect(ErrorText.stripHostPosition("stdin:1: x") == "stdin:1: x")
    }

    @Test func entriesReachTheDisplayTheFrontEndChose() throws {
        let lua = try LuaState()
        HemiRuntime.install(into: lua)
        let display = Recorder()
        let s = Session(lua: lua, display: display)
        #expect(s.submit("1 + 1"))
        #expect(s.submit("x = 40"))
        #expect(s.submit("=x + 2"))
        #expect(!s.submit("error('boom')"))
        #expect(!s.submit(".nosuch"))
        #expect(s.submit("setmetatable({}, { __tostring = function() return 'shown by __tostring' end })"))
        #expect(!s.submit("hemi.table('us_trade'):filter('yeer == 1')"), "a query whose display fails is a failed entry")
        #expect(s.isIncomplete("function f()"))
        #expect(!s.isIncomplete("function f() end"))
        #expect(display.events == [
            "result: 2", "result: 42", "error: stdin:1: boom",
            "error: unknown command: .nosuch (.help lists the commands)",
            "result: shown by __tostring",
            "error: stdin:1: unknown column \"yeer\" (did you mean year?)",
        ])
        #expect(s.failures == 3 && s.exitCode == nil)
        #expect(s.submit(".exit 5") && s.exitCode == 5)
    }
}

/// Completion as the REPL asks for it (the line up to the cursor and libedit's word): columns
/// of the table the call chain reads, countries inside nested quotes, no private names.
@Suite struct ChainCompletionTests {
    final class Quiet: SessionDisplay {
        func result(_ text: String) {}
        func error(_ message: String) {}
        func note(_ text: String) {}
    }

    @Test func columnsOfTheChainsTableCountriesInNestedQuotesNoPrivateNames() throws {
        let lua = try LuaState()
        HemiRuntime.install(into: lua)
        let s = Session(lua: lua, display: Quiet())
        let economy = s.complete(line: "hemi.table(\"economy\"):filter(\"g", word: "g")
        #expect(economy.contains("gdp_usd") && !economy.contains("group") && !economy.contains("Grenada"), "\(economy)")
        #expect(s.submit("t = hemi.table('economy')"))
        let viaGlobal = s.complete(line: "t:filter(\"year > 2000 and g", word: "g")
        #expect(viaGlobal.contains("gdp_usd") && !viaGlobal.contains("group"), "\(viaGlobal)")
        let mexico = s.complete(line: "hemi.table(\"us_trade\"):filter(\"partner_name == 'Mexi", word: "Mexi")
        #expect(mexico.contains("Mexico") || mexico.contains("México"), "\(mexico)")
        #expect(!s.complete(line: "hemi._", word: "hemi._").isEmpty, "typed underscore: private names offered")
        let hemiNames = s.complete(line: "hemi.", word: "hemi.")
        #expect(!hemiNames.contains { $0.hasPrefix("hemi._") }, "\(hemiNames)")
        let methods = s.complete(line: "t:", word: "t:")
        #expect(methods.contains { $0.hasPrefix("t:filter") } && !methods.contains { $0.hasPrefix("t:_") }, "\(methods)")
        let globals = s.complete(line: "_", word: "_")
        #expect(globals.contains("_G") && globals.contains("_VERSION"))
        #expect(!s.complete(line: "", word: "").contains { $0.hasPrefix("_") && $0.dropFirst().first?.isLowercase == true })
    }
}

/// The banner fits the terminal (issue #13's cosmetics: it wrapped at 120 columns; at 80 the
/// dataset's vintage alone was one column too wide, and the terminal wrapped it).
@Suite struct BannerTests {
    static let parts = ["Hemi 0.1.0 (Lua 5.4)",
                        "data: Census 1991–2025, monthly to 2026-08, Comtrade 2014–2024, WDI to 2024, 31 tables",
                        "4 plugins", ".help for help, Ctrl-D to exit"]

    @Test(arguments: [60, 80, 100, 120, 200])
    func everyLineFitsTheTerminal(_ width: Int) {
        let text = REPLSession.banner(Self.parts, width: width)
        for line in text.split(separator: "\n") { #expect(line.count <= width, "\(width): \(line)") }
        // Nothing lost or reordered: the words, in order, are the parts' words.
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).filter { $0 != "—" }
        #expect(words == Self.parts.flatMap { $0.split(separator: " ") }, "\(width):\n\(text)")
    }

    @Test func wholePartsStayTogetherWhenTheyFit() {
        #expect(REPLSession.banner(Self.parts, width: 200).split(separator: "\n").count == 1)
        #expect(REPLSession.banner(Self.parts, width: 120) == """
            Hemi 0.1.0 (Lua 5.4) — data: Census 1991–2025, monthly to 2026-08, Comtrade 2014–2024, WDI to 2024, 31 tables
            4 plugins — .help for help, Ctrl-D to exit
            """)
        #expect(REPLSession.banner(Self.parts, width: 80) == """
            Hemi 0.1.0 (Lua 5.4)
            data: Census 1991–2025, monthly to 2026-08, Comtrade 2014–2024, WDI to 2024,
              31 tables — 4 plugins — .help for help, Ctrl-D to exit
            """)
    }
}

/// `.help` on a terminal fits its width (below about 110 columns the terminal broke its lines
/// mid-word: "never with NO_CO" / "LOR"); into a pipe it is the README's listing, unbroken
/// (OutputTests.helpIsTheListTheReadmeShows).
@Suite struct HelpWidthTests {
    final class Quiet: SessionDisplay {
        func result(_ text: String) {}
        func error(_ message: String) {}
        func note(_ text: String) {}
    }

    @Test(arguments: [60, 80, 100])
    func theListingFitsTheTerminalAndLosesNoWord(_ width: Int) throws {
        let lua = try LuaState()
        HemiRuntime.install(into: lua)
        let s = Session(lua: lua, display: Quiet())
        let whole = BuiltinCommands.helpText(s), fitted = BuiltinCommands.helpText(s, width: width)
        for line in fitted.split(separator: "\n") { #expect(line.count <= width, "\(width): \(line)") }
        #expect(fitted.split(whereSeparator: \.isWhitespace) == whole.split(whereSeparator: \.isWhitespace))
        #expect(fitted.split(separator: "\n").count > whole.split(separator: "\n").count, "\(width): something was broken")
        // Each command still starts its own line, its help in the column after the usage.
        for usage in [".maxwidth [N]", ".color [on|off]", ".output [FILE]"] {
            #expect(fitted.split(separator: "\n").contains { $0.hasPrefix(usage + " ") }, "\(usage)")
        }
        let commandLines = { (text: String) in text.split(separator: "\n").filter { $0.hasPrefix(".") || $0.hasPrefix(" ") } }
        #expect(commandLines(BuiltinCommands.helpText(s, width: 40)) == commandLines(whole), "no room for the column: left whole")
    }
}
