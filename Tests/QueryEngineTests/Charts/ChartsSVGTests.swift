import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import QueryEngine

@Suite("Charts: SVG documents")
struct ChartsSVGTests {
    static func allKinds() throws -> [(name: String, chart: any Chart)] {
        [("bar", try ChartsFixtures.exports()), ("bar-balance", try ChartsFixtures.balance()),
         ("sparklines", try ChartsFixtures.sparklines()), ("line", try ChartsFixtures.line())]
    }

    @Test func goldens() throws {
        for (name, chart) in try Self.allKinds() {
            ChartsGolden.check(chart.renderSVG(), "\(name).svg")
        }
    }

    @Test func wellFormedWithReadableText() throws {
        for (name, chart) in try Self.allKinds() {
            let svg = chart.renderSVG()
            let checker = SVGTextChecker()
            let parser = XMLParser(data: Data(svg.utf8))
            parser.delegate = checker
            #expect(parser.parse(), "\(name): \(parser.parserError.map { "\($0)" } ?? "")")
            #expect(checker.texts.count > 3, "\(name)")
            for (size, fill) in checker.textStyles {
                #expect(size >= 10, "\(name): text of \(size) px is too small to print")
                #expect(fill == nil || fill == "#000", "\(name): text must print black, got \(fill ?? "")")
            }
            #expect(checker.rootAttributes["font-family"]?.hasSuffix("sans-serif") == true)
            #expect(checker.texts.contains { $0.hasPrefix("Source: Test fixture") }, "\(name): source note")
        }
    }

    @Test func textIsEscaped() throws {
        let chart = try BarChart(labels: ["<AT&T> \"quoted\""], values: [1], caption: ChartCaption(title: "a < b & c"))
        let svg = chart.renderSVG()
        #expect(svg.contains("&lt;AT&amp;T&gt; &quot;quoted&quot;"))
        #expect(svg.contains("<title>a &lt; b &amp; c</title>"))
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse())
    }

    @Test func missingValuesAreMarkedNotDrawn() throws {
        let svg = try BarChart(labels: ["a", "b"], values: [nil, 4]).renderSVG()
        #expect(svg.contains(">n/a</text>"))
        #expect(svg.components(separatedBy: "fill=\"\(BarChart.positiveFill)\"").count == 2)  // one bar only
    }

    @Test func writtenAtomically() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hemi-charts-\(getpid())-atomic")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("fig.svg").path
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        let chart = try ChartsFixtures.exports()
        try ChartFile.writeSVG(chart, to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == chart.renderSVG())
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["fig.svg"])  // no temp file left

        let missing = dir.appendingPathComponent("no/such/dir/fig.svg").path
        #expect(throws: ChartError.cannotWrite(path: missing, reason: "cannot create a temporary file in \(dir.path)/no/such/dir (No such file or directory)")) {
            try ChartFile.writeSVG(chart, to: missing)
        }
    }
}

/// Collects every <text>: its content, size and fill, and the root element's attributes.
final class SVGTextChecker: NSObject, XMLParserDelegate {
    var texts: [String] = []
    var textStyles: [(size: Double, fill: String?)] = []
    var rootAttributes: [String: String] = [:]
    private var inText = false

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        if elementName == "svg" { rootAttributes = attributeDict }
        if elementName == "text" {
            inText = true
            texts.append("")
            textStyles.append((Double(attributeDict["font-size"] ?? "") ?? 0, attributeDict["fill"]))
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { texts[texts.count - 1] += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if elementName == "text" { inText = false }
    }
}

@Suite("Charts: SVG layout")
struct ChartsSVGLayoutTests {
    @Test func axisLabelsDoNotTouchWithLongNumbers() throws {
        let chart = try BarChart(labels: ["a", "b"], values: [1_234_567_890_123, -987_654_321_000])
        let svg = chart.renderSVG()
        // Tick labels sit at y = plot bottom + 16, centred on their tick.
        let ticks = svg.split(separator: "\n").filter { $0.contains("text-anchor=\"middle\"") && $0.contains("font-size=\"11\"") }
        #expect(ticks.count >= 2)
        var previousRight = -Double.infinity
        for line in ticks {
            let x = try #require(Double(String(line.split(separator: "\"")[1])))
            let text = String(line.split(separator: ">")[1].split(separator: "<")[0])
            let half = SVGDocument.textWidth(text, size: 11) / 2
            #expect(x - half > previousRight, "\(text) overlaps its neighbour")
            previousRight = x + half
        }
    }
}
