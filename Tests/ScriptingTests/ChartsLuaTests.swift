import Foundation
@testable import LuaBridge
@testable import QueryEngine
import Testing
@testable import Scripting

@Suite("Charts: Lua functions on plain data")
struct ChartsLuaTests {
    static func state() throws -> LuaState {
        let lua = try LuaState()
        HemiRuntime.install(into: lua)
        ChartsLua.install(into: lua)
        return lua
    }

    @Test func barReturnsTextWhenNotPrinting() throws {
        let lua = try Self.state()
        let out = try lua.run("""
            return hemi.bar{ labels = {"Mexico", "Perú", "Haiti"}, values = {300, -20, nil},
                             unit = "usd_mn", width = 40, ascii = true, print = false }
            """, chunkName: "=test")
        let expected = try BarChart(labels: ["Mexico", "Perú", "Haiti"], values: [300, -20, nil], caption: ChartCaption(unit: "usd_mn"))
            .renderTerminal(TerminalChartOptions(width: 40, glyphs: .ascii))
        #expect(out == [.string(expected)])
        #expect(expected.contains("Haiti") && expected.contains("n/a"))
    }

    @Test func sparklinesAndLineFromSeries() throws {
        let lua = try Self.state()
        let out = try lua.run("""
            local spec = { x = {2020, 2021, 2022}, series = { {name = "MEX", values = {1, nil, 3}} },
                           width = 40, print = false }
            return hemi.sparklines(spec), hemi.line(spec)
            """, chunkName: "=test")
        let series = [ChartSeries(name: "MEX", values: [1, nil, 3])]
        let options = TerminalChartOptions(width: 40, glyphs: ChartsLua.preferredGlyphs())
        #expect(out == [.string(try SparklineChart(x: [2020, 2021, 2022], series: series).renderTerminal(options)),
                        .string(try LineChart(x: [2020, 2021, 2022], series: series).renderTerminal(options))])
    }

    @Test func svgIsWrittenAndWriteFailureIsNilAndMessage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hemi-chartslua-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("b.svg").path
        let lua = try Self.state()
        let out = try lua.run("""
            local path = ...
            local a = { hemi.bar{ labels = {"a"}, values = {1}, title = "T", svg = path } }
            local b = { hemi.bar{ labels = {"a"}, values = {1}, svg = path .. "/no/such/dir.svg" } }
            return #a, b[1], b[2]
            """, chunkName: "=test", args: [.string(path)])
        #expect(out.first == .integer(0))
        #expect(out.dropFirst().first == .nil)
        #expect(out.last?.stringValue?.hasPrefix("cannot write chart to '\(path)/no/such/dir.svg'") == true)
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        #expect(svg == (try BarChart(labels: ["a"], values: [1], caption: ChartCaption(title: "T")).renderSVG()))
    }

    @Test("argument errors read like Lua's", arguments: [
        ("hemi.bar(3)", "bad argument #1 to 'bar' (table expected, got number)"),
        ("hemi.bar{ labels = {'a'}, values = {'x'} }", "bad argument #1 to 'bar' (field 'values[1]': number or nil expected, got string)"),
        ("hemi.bar{ labels = {'a'}, values = {1}, titel = 'x' }", "bad argument #1 to 'bar' (unknown option 'titel'; known: ascii, height, labels, print, shared_scale, source, svg, title, unit, values, width)"),
        ("hemi.bar{ labels = {'a'}, values = {1}, width = 5 }", "bad argument #1 to 'bar' (field 'width': integer in 20..1000 expected, got number)"),
        ("hemi.line{ x = {1, 2}, series = { {name = 'a', values = {1}} , 3 } }", "bad argument #1 to 'line' (field 'series[2]': table expected, got number)"),
        ("hemi.line{ x = {1, 0/0}, series = {} }", "bad argument #1 to 'line' (line chart: x[2] is not valid, expected a finite number)"),
        ("hemi.line{ x = {1, 2}, series = {}, print = false }", nil),
    ])
    func argumentErrors(chunk: String, message: String?) throws {
        let lua = try Self.state()
        do {
            _ = try lua.run(chunk, chunkName: "=test")
            #expect(message == nil, "no error for \(chunk)")
        } catch {
            #expect(error.message.contains(message ?? "<no error expected>"), "\(error.message)")
        }
    }
}

@Suite("Charts: query methods")
struct ChartsQueryMethodTests {
    /// Stands in for a query userdata: `q:bar(...)` etc. run ChartsLua.queryChart on a fixed
    /// result table with a provenance note, as the query methods do.
    static func state() throws -> LuaState {
        let lua = try ChartsLuaTests.state()
        let table = try Table(schema: [Field("iso3", .string), Field("name", .string), Field("year", .integer), Field("us_exports", .float)],
                              rows: [[.string("MEX"), .string("Mexico"), .int(2022), .double(324.4)],
                                     [.string("MEX"), .string("Mexico"), .int(2023), .double(322.7)],
                                     [.string("PER"), .string("Perú"), .int(2023), .double(13)]])
        for method in ["bar", "sparklines", "line"] {
            lua.register(method, in: "q", LuaCall.throwing { call in
                try ChartsLua.queryChart(method, table: table, call: call, source: "Census, Trade in Goods (2024)", units: ["us_exports": "usd_bn"])
            })
        }
        return lua
    }

    @Test func barTakesUnitAndSourceFromProvenance() throws {
        let out = try Self.state().run("return q:bar('us_exports', { label = 'name', width = 50, print = false })", chunkName: "=test")
        let expected = try BarChart(labels: ["Mexico", "Mexico", "Perú"], values: [324.4, 322.7, 13],
                                    caption: ChartCaption(title: "us_exports", unit: "usd_bn", source: "Census, Trade in Goods (2024)"))
            .renderTerminal(TerminalChartOptions(width: 50, glyphs: ChartsLua.preferredGlyphs()))
        #expect(out == [.string(expected)])
    }

    @Test func sparklinesAndLineDefaultXToYear() throws {
        let out = try Self.state().run("""
            return q:sparklines('us_exports', { by = 'iso3', print = false, source = 'mine' }),
                   q:line({'us_exports'}, { by = 'name', print = false, width = 40 })
            """, chunkName: "=test")
        let glyphs = ChartsLua.preferredGlyphs()
        let spark = try SparklineChart(groups: ["MEX", "MEX", "PER"], x: [2022, 2023, 2023], values: [324.4, 322.7, 13],
                                       caption: ChartCaption(title: "us_exports by iso3", unit: "usd_bn", source: "mine"))
        let line = try LineChart(groups: ["Mexico", "Mexico", "Perú"], x: [2022, 2023, 2023], values: [324.4, 322.7, 13],
                                 caption: ChartCaption(title: "us_exports by name", unit: "usd_bn", source: "Census, Trade in Goods (2024)"))
        #expect(out == [.string(spark.renderTerminal(TerminalChartOptions(width: ChartsLua.terminalColumns(), glyphs: glyphs))),
                        .string(line.renderTerminal(TerminalChartOptions(width: 40, glyphs: glyphs)))])
    }

    @Test("errors name the method, the argument and the column", arguments: [
        ("q:bar(1)", "bad argument #1 to 'bar' (column name expected, got number)"),
        ("q:bar('exports')", "bad argument #1 to 'bar' (bar chart: no column 'exports'; columns are: iso3, name, year, us_exports)"),
        ("q:sparklines('us_exports')", "bad argument #2 to 'sparklines' (field 'by' is required: the column naming each line)"),
        ("q:line('name', { x = 'year' })", "bad argument #1 to 'line' (line chart: column 'name' is string, expected integer or float)"),
        ("q:bar('us_exports', { labels = 'name' })", "bad argument #2 to 'bar' (unknown option 'labels';"),
    ])
    func errors(chunk: String, message: String) throws {
        let state = try Self.state()
        do throws(LuaError) {
            _ = try state.run(chunk, chunkName: "=test")
            Issue.record("no error for \(chunk)")
        } catch {
            #expect(error.message.hasPrefix("test:1: " + message), "\(error.message)")
        }
    }
}
