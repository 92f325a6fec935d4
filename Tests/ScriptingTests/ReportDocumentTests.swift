import Foundation
@testable import QueryEngine
import Testing
@testable import Scripting

@Suite("Charts: report documents")
struct ReportDocumentTests {
    static let census = ReportDocument.Source(publisher: "U.S. Census Bureau", dataset: "Trade in Goods by Country",
                                              edition: "2024 release", unit: "usd_mn")

    static func build(_ path: String) throws -> ReportDocument {
        let report = ReportDocument(outputPath: path)
        report.appendText("# Trade\n")
        report.appendText("Two partners.\n")
        report.appendTable(markdown: "| name | us_exports |\n|---|---:|\n| Mexico | 322,742 |\n", sources: [census, census])
        report.appendText("After the table.")
        report.appendChart(try BarChart(labels: ["Mexico"], values: [322_742],
                                        caption: ChartCaption(title: "Exports [2023]", unit: "usd_mn", source: "U.S. Census Bureau")))
        report.appendChart(try LineChart(x: [2020, 2021], series: [ChartSeries(name: "MEX", values: [1, 2])]))
        return report
    }

    @Test func markdownLayout() throws {
        let md = try Self.build("out/r.md").markdown()
        #expect(md == """
            # Trade
            Two partners.

            | name | us_exports |
            |---|---:|
            | Mexico | 322,742 |

            *Source: U.S. Census Bureau, Trade in Goods by Country (2024 release). Unit: usd\\_mn.*

            After the table.

            ![Exports \\[2023\\]](r-fig1.svg)

            *Source: U.S. Census Bureau*

            ![Figure 2](r-fig2.svg)

            """)
    }

    @Test func sourceNotes() {
        let other = ReportDocument.Source(publisher: "AidData", dataset: "Chinese Global Development Finance", edition: "3.0")
        #expect(ReportDocument.sourceNote([]) == nil)
        #expect(ReportDocument.sourceNote([Self.census, other, Self.census]) ==
                "Sources: U.S. Census Bureau, Trade in Goods by Country (2024 release). Unit: usd_mn; AidData, Chinese Global Development Finance (3.0).")
    }

    @Test func sameInputsSameBytesAndNoStaleFigures() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hemi-report-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("report.md").path
        // A figure left by an earlier, longer run of the same report.
        try "old".write(toFile: dir.appendingPathComponent("report-fig3.svg").path, atomically: false, encoding: .utf8)

        func snapshot() throws -> [String: Data] {
            var files: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
                files[name] = try Data(contentsOf: dir.appendingPathComponent(name))
            }
            return files
        }
        try Self.build(path).write()
        let first = try snapshot()
        try Self.build(path).write()
        let second = try snapshot()
        #expect(first.keys.sorted() == ["report-fig1.svg", "report-fig2.svg", "report.md"])
        #expect(first == second)
    }
}
