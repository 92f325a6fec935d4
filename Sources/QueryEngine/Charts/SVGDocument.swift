// A minimal SVG writer: elements appended in drawing order, every number through one fixed
// formatter and every text escaped, so a chart's bytes depend on its data alone.

struct SVGDocument {
    /// Fonts that exist on most systems that print; all sans-serif.
    static let fontFamily = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"

    let width: Double
    let height: Double
    let title: String
    private var elements: [String] = []

    init(width: Double, height: Double, title: String) {
        self.width = width
        self.height = height
        self.title = title
    }

    /// Width of `s` in pixels at `size`, estimated (there is no font here to measure): 0.6 em
    /// per terminal column, slightly wide for DejaVu Sans so layouts err on the roomy side.
    static func textWidth(_ s: String, size: Double) -> Double {
        Double(ChartText.width(s)) * size * 0.6
    }

    /// Chart text (control characters and invalid bytes made visible first) for SVG markup.
    static func escape(_ s: String) -> String { MarkupText.escape(ChartText.clean(s)) }

    private func n(_ v: Double) -> String { ChartNumberFormat.coordinate(v) }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil) {
        let strokeAttr = stroke.map { " stroke=\"\($0)\" stroke-width=\"1\"" } ?? ""
        elements.append("<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(width, 0)))\" height=\"\(n(max(height, 0)))\" fill=\"\(fill)\"\(strokeAttr)/>")
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dash: String? = nil) {
        let dashAttr = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        elements.append("<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\"\(dashAttr)/>")
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ s: String, x: Double, y: Double, size: Double, anchor: Anchor = .start,
                       bold: Bool = false, italic: Bool = false, fill: String = "#000") {
        var attrs = "x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\""
        if anchor != .start { attrs += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { attrs += " font-weight=\"bold\"" }
        if italic { attrs += " font-style=\"italic\"" }
        if fill != "#000" { attrs += " fill=\"\(fill)\"" }
        elements.append("<text \(attrs)>\(Self.escape(s))</text>")
    }

    mutating func polyline(_ points: [(x: Double, y: Double)], stroke: String, width: Double, dash: String? = nil) {
        let list = points.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")
        let dashAttr = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        elements.append("<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\" stroke-linejoin=\"round\" stroke-linecap=\"round\"\(dashAttr)/>")
    }

    mutating func circle(cx: Double, cy: Double, r: Double, fill: String, stroke: String? = nil) {
        let strokeAttr = stroke.map { " stroke=\"\($0)\" stroke-width=\"1.5\"" } ?? ""
        elements.append("<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"\(n(r))\" fill=\"\(fill)\"\(strokeAttr)/>")
    }

    mutating func polygon(_ points: [(x: Double, y: Double)], fill: String) {
        let list = points.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")
        elements.append("<polygon points=\"\(list)\" fill=\"\(fill)\"/>")
    }

    /// The document: a white page (so it prints and converts the same everywhere), black
    /// sans-serif text by default, the title also as <title> for screen readers.
    func render() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"\(Self.fontFamily)\" fill=\"#000\">\n"
        out += "<title>\(Self.escape(title))</title>\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#fff\"/>\n"
        for element in elements { out += element + "\n" }
        out += "</svg>\n"
        return out
    }
}
