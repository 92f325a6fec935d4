// The page around every SVG chart: title and unit on top, source note at the bottom, the
// same margins and type sizes for all kinds so a report's figures look like one family.
// Sizes are chosen for print: body 12 px, nothing under 10 px, all text black.

struct SVGFrame {
    static let width = 720.0
    static let margin = 20.0
    static let titleSize = 16.0
    static let bodySize = 12.0
    static let tickSize = 11.0
    static let noteSize = 10.0

    let titleLines: [String]
    let unitLine: String?
    let noteLines: [String]

    init(caption: ChartCaption) {
        let inner = Self.width - 2 * Self.margin
        titleLines = caption.title.map {
            ChartText.wrap($0, columns: Int(inner / (Self.titleSize * 0.6)))
        } ?? []
        unitLine = caption.unitDescription.map { "Unit: " + $0 }
        noteLines = caption.source.map {
            ChartText.wrap("Source: " + $0, columns: Int(inner / (Self.noteSize * 0.6)))
        } ?? []
    }

    /// Where the plot may start.
    var headerHeight: Double {
        Self.margin + Double(titleLines.count) * 20 + (unitLine == nil ? 0 : 18) + 14
    }

    /// Room the source note needs below the plot.
    var footerHeight: Double {
        (noteLines.isEmpty ? 0 : 14 + Double(noteLines.count) * 13) + Self.margin
    }

    var plotLeft: Double { Self.margin }
    var plotRight: Double { Self.width - Self.margin }

    func draw(into doc: inout SVGDocument) {
        var y = Self.margin + Self.titleSize
        for line in titleLines {
            doc.text(line, x: Self.margin, y: y, size: Self.titleSize, bold: true)
            y += 20
        }
        if let unitLine {
            doc.text(unitLine, x: Self.margin, y: y - 2, size: Self.bodySize)
        }
        var noteY = doc.height - Self.margin - Double(max(noteLines.count - 1, 0)) * 13
        for line in noteLines {
            doc.text(line, x: Self.margin, y: noteY, size: Self.noteSize)
            noteY += 13
        }
    }
}
