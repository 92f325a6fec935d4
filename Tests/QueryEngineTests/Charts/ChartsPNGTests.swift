// Renders each kind of SVG chart to PNG with rsvg-convert (Debian librsvg2-bin, installed by
// `make deps`) and checks the picture the way a reader would glance at it: it exists, has the
// page's size, is not blank, has dark text at the top (title) and bottom (source note) and
// ink in the plot, and nothing runs off the left or right edge of the page.
// The PNGs are kept in $HEMI_CHART_PNG_DIR (or a temporary folder) for looking at.

import Foundation
import TestSupport
import Testing
@testable import QueryEngine

@Suite("Charts: SVG rendered to PNG", .serialized)
struct ChartsPNGTests {
    static func rsvgConvert() -> String? {
        for dir in ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"] where FileManager.default.isExecutableFile(atPath: dir + "/rsvg-convert") {
            return dir + "/rsvg-convert"
        }
        return nil
    }

    static let outputDirectory: URL = {
        if let dir = ProcessInfo.processInfo.environment["HEMI_CHART_PNG_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir)
        }
        return FileManager.default.temporaryDirectory.appendingPathComponent("hemi-charts-png-\(getpid())")
    }()

    @Test(arguments: ["bar", "bar-balance", "sparklines", "line"])
    func rendersReadably(kind: String) throws {
        let tool = try #require(Self.rsvgConvert(), "rsvg-convert not found: run `make deps` (Debian package librsvg2-bin)")
        let chart = try #require(try ChartsSVGTests.allKinds().first { $0.name == kind }?.chart)
        let dir = Self.outputDirectory
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let svgPath = dir.appendingPathComponent("\(kind).svg").path
        let pngPath = dir.appendingPathComponent("\(kind).png").path
        try ChartFile.writeSVG(chart, to: svgPath)

        let r = try ChildProcess.run(tool, ["--format", "png", "--output", pngPath, svgPath])
        #expect(r.status == 0, "rsvg-convert failed: \(r.stderr)")

        let image = try PNGImage(contentsOf: pngPath)
        let svg = chart.renderSVG()
        #expect(image.width == 720)
        #expect(svg.contains("height=\"\(image.height)\""), "PNG height \(image.height) is the page height")
        #expect(image.height >= 150)

        let inkRatio = Double(image.count { _, _, p in !p.isWhite }) / Double(image.width * image.height)
        #expect(inkRatio > 0.01, "\(kind): the picture is nearly blank (\(inkRatio))")
        // Title in the top 40 px, source note in the bottom 40 px, both dark.
        #expect(image.count(rows: 0..<40) { $0.isDark } > 200, "\(kind): no title")
        #expect(image.count(rows: (image.height - 40)..<image.height) { $0.isDark } > 100, "\(kind): no source note")
        // Some ink in the middle: the plot.
        #expect(image.count(rows: (image.height / 3)..<(2 * image.height / 3)) { !$0.isWhite } > 500, "\(kind): empty plot")
        // Nothing touches the outer 6 px: no label or value cut at the edge of the page.
        #expect(image.count(columns: 0..<6) { !$0.isWhite } == 0, "\(kind): ink at the left edge")
        #expect(image.count(columns: (image.width - 6)..<image.width) { !$0.isWhite } == 0, "\(kind): ink at the right edge")
    }
}
