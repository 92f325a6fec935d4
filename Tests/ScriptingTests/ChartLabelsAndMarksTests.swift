import Foundation
@testable import LuaBridge
@testable import QueryEngine
import Testing
@testable import Scripting

/// Charts of dataset queries name their lines and default titles by the catalog's column
/// labels ("US exports", not us_exports_usd_mn); line charts take a date column as x and
/// draw event marks (NAFTA, USMCA) in the terminal and in SVG.
@Suite struct ChartLabelsAndMarksTests {
    static func state() throws -> LuaState {
        let lua = try LuaState()
        HemiRuntime.install(into: lua)
        return lua
    }

    @Test func legendsAndDefaultTitlesUseTheCatalogLabels() throws {
        let out = try Self.state().run("""
            local q = hemi.table("us_trade"):filter("iso3 == 'MEX' and year >= 2015")
            return q:line({ "us_exports_usd_mn", "us_imports_usd_mn" }, { print = false, ascii = true, width = 60 }),
                   q:bar("us_balance_usd_mn", { label = "year", print = false, ascii = true, width = 60 })
            """, chunkName: "=test")
        let line = out[0].stringValue ?? "", bar = out[1].stringValue ?? ""
        #expect(line.hasPrefix("US exports, US imports\nUnit: US$ millions\n"), "\(line)")
        #expect(line.contains("* US exports  o US imports"), "\(line)")
        #expect(!line.contains("us_exports_usd_mn"))
        #expect(bar.hasPrefix("US balance (exports − imports)\n"), "\(bar)")
        // The same labels, as hemi.schema gives them.
        let labels = try Self.state().run("""
            local out = {}
            for _, c in ipairs(hemi.schema("us_trade_monthly")) do out[#out + 1] = c.label end
            return table.concat(out, "; ")
            """, chunkName: "=test")
        #expect(labels == [.string("US exports; US imports; US balance (exports − imports)")])
    }

    @Test func datesOnTheXAxisAndMarksInTheTerminal() throws {
        let out = try Self.state().run("""
            return hemi.table("us_trade_monthly"):filter("iso3 == 'MEX' and year >= 2019 and year <= 2021")
              :line("us_imports_usd_mn", { x = "date", print = false, ascii = true, width = 60, height = 8,
                    marks = { { x = "2020-07-01", label = "USMCA (2020-07-01)" }, { x = 1994, label = "outside" } } })
            """, chunkName: "=test")
        let text = out[0].stringValue ?? ""
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains(": USMCA (2020-07-01)"), "\(text)")
        #expect(!text.contains("outside"))
        // The mark is a column of ':' in the middle of the plot (2020.5 of 2019.0–2021.92).
        let plot = lines.filter { $0.contains("+") || $0.contains("|") }.dropLast(1)
        let columns = plot.compactMap { line in line.firstIndex(of: ":").map { line.distance(from: line.startIndex, to: $0) } }
        #expect(Set(columns).count == 1 && columns.count >= 4, "\(text)")
        #expect(text.contains("2020"))
    }

    @Test func marksInTheSVGAndTheirErrors() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hemi-marks-\(getpid()).svg").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let lua = try Self.state()
        try lua.run("""
            hemi.table("us_trade_monthly"):filter("iso3 == 'CAN'")
              :line("us_exports_usd_mn", { x = "date", svg = ..., print = false,
                    marks = { { x = "1994-01-01", label = "NAFTA in force" } } })
            """, chunkName: "=test", args: [.string(path)])
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        #expect(svg.contains("NAFTA in force") && svg.contains("stroke-dasharray=\"3 3\""))
        #expect(svg.contains("US exports"))
        let errors = try lua.run("""
            local q = hemi.table("us_trade"):filter("iso3 == 'MEX'")
            return select(2, pcall(q.bar, q, "us_exports_usd_mn", { marks = { { x = 1994, label = "a" } } })),
                   select(2, pcall(q.line, q, "us_exports_usd_mn", { marks = { { x = "1994-13-01", label = "a" } } })),
                   select(2, pcall(q.line, q, "us_exports_usd_mn", { marks = { { x = 1994 } } }))
            """, chunkName: "=test")
        #expect(errors[0].stringValue?.hasPrefix("bad argument #2 to 'bar' (unknown option 'marks'; known:") == true)
        #expect(errors[1].stringValue == "bad argument #2 to 'line' (field 'marks[1].x': number or date YYYY-MM-DD expected, got string)")
        #expect(errors[2].stringValue == "bad argument #2 to 'line' (field 'marks[1].label': string expected, got nil)")
    }

    @Test func aDateIsAPositionOnAnAxisOfYears() {
        #expect(ChartMark.yearFraction(CivilDate(year: 1994, month: 1, day: 1)) == 1994)
        #expect(ChartMark.yearFraction(CivilDate(year: 2020, month: 7, day: 1)) == 2020.5)
    }
}
