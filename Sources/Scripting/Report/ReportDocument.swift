// A report being built from a running script (`hemi report script.lua -o report.md`): what
// the script prints is Markdown text, each table it shows becomes a Markdown table with a
// source note, each chart an SVG file beside the report, linked. Nothing is written until the
// script has finished, so a failing script leaves no half report; then the figures and the
// report are written atomically. No clock, no random names: the same script on the same data
// gives the same bytes (figures are named <report>-fig1.svg, <report>-fig2.svg, ...).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QueryEngine

// Sendable only so ReportSession can hold it: a report is used by the one thread that runs
// its Lua state, never shared.
final class ReportDocument: @unchecked Sendable {
    /// Where the report's figures come from: one entry of a dataset's provenance.
    struct Source: Sendable, Equatable {
        var publisher: String
        var dataset: String?
        var edition: String?
        var unit: String?

        init(publisher: String, dataset: String? = nil, edition: String? = nil, unit: String? = nil) {
            self.publisher = publisher
            self.dataset = dataset
            self.edition = edition
            self.unit = unit
        }
    }

    private enum Block {
        case text(String)
        case table(markdown: String, note: String?)
        case figure(file: String, alt: String, note: String?)
    }

    let outputPath: String
    private var blocks: [Block] = []
    private var figures: [(file: String, svg: String)] = []

    /// `outputPath` is the Markdown file; figures go in the same folder.
    init(outputPath: String) {
        self.outputPath = outputPath
    }

    /// Printed output, taken as Markdown exactly as printed (a script can print headings).
    func appendText(_ text: String) {
        guard !text.isEmpty else { return }
        if case let .text(previous)? = blocks.last {
            blocks[blocks.count - 1] = .text(previous + text)
        } else {
            blocks.append(.text(text))
        }
    }

    /// A table already rendered as Markdown by the engine, and the sources of its figures.
    func appendTable(markdown: String, sources: [Source]) {
        blocks.append(.table(markdown: markdown, note: Self.sourceNote(sources)))
    }

    /// A chart: its SVG becomes the next figure file. Returns the figure's file name.
    @discardableResult
    func appendChart(_ chart: any Chart) -> String {
        let file = "\(stem)-fig\(figures.count + 1).svg"
        figures.append((file, chart.renderSVG()))
        let alt = chart.caption.title ?? "Figure \(figures.count)"
        blocks.append(.figure(file: file, alt: alt, note: chart.caption.source.map { "Source: " + $0 }))
        return file
    }

    /// "Source: U.S. Census Bureau, Trade in Goods by Country (2024 release). Unit: usd_mn."
    /// Several sources are listed in order, each once.
    static func sourceNote(_ sources: [Source]) -> String? {
        var seen: [Source] = []
        for s in sources where !seen.contains(s) { seen.append(s) }
        guard !seen.isEmpty else { return nil }
        let parts = seen.map { s -> String in
            var text = s.publisher
            if let dataset = s.dataset, !dataset.isEmpty { text += ", " + dataset }
            if let edition = s.edition, !edition.isEmpty { text += " (" + edition + ")" }
            if let unit = s.unit, !unit.isEmpty { text += ". Unit: " + unit }
            return text
        }
        return (seen.count == 1 ? "Source: " : "Sources: ") + parts.joined(separator: "; ") + "."
    }

    /// The Markdown text of the report.
    func markdown() -> String {
        var out = ""
        func separate() {
            // A table or figure needs a blank line before it to be parsed as one.
            guard !out.isEmpty else { return }
            while !out.hasSuffix("\n\n") { out += "\n" }
        }
        for block in blocks {
            switch block {
            case let .text(text):
                separate()
                out += text
            case let .table(markdown, note):
                separate()
                out += markdown.hasSuffix("\n") ? markdown : markdown + "\n"
                if let note { out += "\n*" + Self.escapeEmphasis(note) + "*\n" }
            case let .figure(file, alt, note):
                separate()
                out += "![\(Self.escapeAlt(alt))](\(file))\n"
                if let note { out += "\n*" + Self.escapeEmphasis(note) + "*\n" }
            }
        }
        if !out.hasSuffix("\n") { out += "\n" }
        return out
    }

    /// Writes the figures, then the report, each atomically; removes figures of an earlier run
    /// of this report that this run no longer produces (<report>-figN.svg beyond the last).
    func write() throws(ChartError) {
        for figure in figures {
            try ChartFile.writeAtomically(figure.svg, to: directory + figure.file)
        }
        var k = figures.count + 1
        while FileIO.withPath(directory + "\(stem)-fig\(k).svg", { unlink($0) }) == 0 { k += 1 }
        try ChartFile.writeAtomically(markdown(), to: outputPath, textAsBytes: true)   // figure links as the files' bytes
    }

    /// The folder of the report, with a trailing slash, or "" for the current folder.
    private var directory: String {
        guard let slash = outputPath.lastIndex(of: "/") else { return "" }
        return String(outputPath[...slash])
    }

    /// The report's file name without its extension: "out/report.md" → "report".
    private var stem: String {
        var name = outputPath.lastIndex(of: "/").map { String(outputPath[outputPath.index(after: $0)...]) } ?? outputPath
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = String(name[..<dot]) }
        return name.isEmpty ? "report" : name
    }

    private static func escapeAlt(_ s: String) -> String {
        var out = ""
        for ch in s {
            if ch == "[" || ch == "]" || ch == "\\" { out.append("\\") }
            out.append(ch == "\n" ? " " : ch)
        }
        return out
    }

    private static func escapeEmphasis(_ s: String) -> String {
        var out = ""
        for ch in s {
            if ch == "*" || ch == "_" || ch == "\\" { out.append("\\") }
            out.append(ch == "\n" ? " " : ch)
        }
        return out
    }
}
