// Writing a chart to disk whole or not at all (FileIO.writeAtomically): a reader (a browser,
// a report) never sees half an SVG and a failed write leaves any previous file untouched.

public enum ChartFile {
    /// Writes the chart's SVG document to `path`.
    public static func writeSVG(_ chart: any Chart, to path: String) throws(ChartError) {
        try writeAtomically(chart.renderSVG(), to: path)
    }

    /// Writes `text` (UTF-8) to `path` as FileIO.writeAtomically does: a temporary file and a
    /// rename for a regular file (a link's target is replaced, not the link), written through
    /// for a device or a FIFO, the old file's mode kept.
    /// `textAsBytes`: the text is engine text whose ByteText escapes stand for bytes (a
    /// report's Markdown, whose figure links name files by their bytes), written as those
    /// bytes; an SVG document stays UTF-8.
    public static func writeAtomically(_ text: String, to path: String, textAsBytes: Bool = false) throws(ChartError) {
        do throws(EngineError) {
            try FileIO.writeAtomically(textAsBytes ? ByteText.bytes(of: text) : Array(text.utf8), to: path)
        } catch {
            let prefix = FileIO.shown(path) + ": "
            let reason = error.message.hasPrefix(prefix) ? String(error.message.dropFirst(prefix.count)) : error.message
            throw .cannotWrite(path: path, reason: reason)
        }
    }
}
