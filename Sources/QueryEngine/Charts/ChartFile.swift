// Writing a chart to disk whole or not at all: the bytes go to a temporary file beside the
// target, are flushed, then renamed over it, so a reader (a browser, a report) never sees half
// an SVG and a failed write leaves any previous file untouched.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum ChartFile {
    /// Writes the chart's SVG document to `path`.
    public static func writeSVG(_ chart: any Chart, to path: String) throws(ChartError) {
        try writeAtomically(chart.renderSVG(), to: path)
    }

    /// Writes `text` (UTF-8) to `path` through a temporary file and a rename.
    public static func writeAtomically(_ text: String, to path: String) throws(ChartError) {
        guard !path.isEmpty else { throw .cannotWrite(path: path, reason: "the path is empty") }
        var template = Array((path + ".tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: errorText()) }
        let tempPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var failure: String?
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                failure = errorText()
                break
            }
            offset += n
        }
        bytes.removeAll()
        // mkstemp creates the file readable by its owner only; a chart is an ordinary file.
        if failure == nil && fchmod(fd, 0o644) != 0 { failure = errorText() }
        if failure == nil && fsync(fd) != 0 { failure = errorText() }
        if close(fd) != 0 && failure == nil { failure = errorText() }
        if failure == nil && rename(tempPath, path) != 0 { failure = errorText() }
        if let failure {
            unlink(tempPath)
            throw .cannotWrite(path: path, reason: failure)
        }
    }

    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}
