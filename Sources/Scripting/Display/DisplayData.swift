// What a front end that can show more than text (a notebook) receives instead of printed
// output: one thing in several forms at once, best first — a table as text/html and as the
// text/plain box, a chart as image/svg+xml and as its terminal drawing. The front end picks
// the richest form it can show (Jupyter's MIME bundle).

import QueryEngine

public struct DisplayData: Sendable, Equatable {
    public struct Form: Sendable, Equatable {
        public var mime: String
        public var text: String
        init(_ mime: String, _ text: String) { self.mime = mime; self.text = text }
    }
    public var forms: [Form]

    init(_ forms: [Form]) { self.forms = forms }

    public static func plain(_ text: String) -> DisplayData { DisplayData([Form("text/plain", text)]) }

    subscript(mime: String) -> String? { forms.first { $0.mime == mime }?.text }
}

/// Where a session shows tables and charts when it is not a terminal. Set on the state's
/// HemiContext (`displaySink`) by the front end (the kernel); `q:show()`, the charts and
/// `hemi.display` hand their output here instead of printing it.
public protocol DisplaySink: AnyObject {
    func show(_ data: DisplayData)
}

/// The forms of tables and charts, shared by every front end that shows display data.
enum DisplayForms {
    /// Widest a text/plain box may be in a notebook (no terminal to measure).
    static let plainWidth = 120

    /// A table: under `.mode box` (the default) an HTML table and the box; under another
    /// `.mode`, that format's text (Markdown also as text/markdown).
    static func table(_ t: Table, maxRows: Int, note: String?, format: OutputFormat?) -> DisplayData {
        if let format {
            var s = TableWriter.string(t, format: format)
            if s.hasSuffix("\n") { s.removeLast() }
            var forms = [DisplayData.Form("text/plain", s)]
            if format == .markdown { forms.insert(DisplayData.Form("text/markdown", s + (note.map { "\n\n*\($0)*" } ?? "")), at: 0) }
            return DisplayData(forms)
        }
        var box = BoxRenderer.render(t, options: BoxOptions(maxWidth: plainWidth, maxRows: maxRows))
        if let note { box += note + "\n" }
        if box.hasSuffix("\n") { box.removeLast() }
        return DisplayData([
            DisplayData.Form("text/html", HTMLRenderer.render(t, maxRows: maxRows, note: note)),
            DisplayData.Form("text/plain", box),
        ])
    }

    /// A chart: its SVG document (title, axes, source note) and its terminal drawing.
    static func chart(_ c: any Chart) -> DisplayData {
        let text = c.renderTerminal(TerminalChartOptions(width: 80, glyphs: .unicode, height: 12))
        return DisplayData([DisplayData.Form("image/svg+xml", c.renderSVG()), DisplayData.Form("text/plain", text)])
    }
}
