// The one golden-file comparison of this test target (engine, IO and chart goldens each keep
// their own folder). A missing golden file is recorded AND the test fails, so a recording never
// passes silently; with HEMI_RECORD_GOLDEN=1 every compared file is rewritten (and still fails)
// after a deliberate change. On a mismatch the actual output is saved beside the build for a
// diff, and the first differing line is shown.

import Foundation
import Testing

enum GoldenFile {
    static func check(_ actual: String, _ name: String, in directory: URL, sourceLocation: SourceLocation) {
        let url = directory.appendingPathComponent(name)
        let record = ProcessInfo.processInfo.environment["HEMI_RECORD_GOLDEN"] == "1"
        guard !record, let expected = try? String(contentsOf: url, encoding: .utf8) else {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try actual.write(to: url, atomically: false, encoding: .utf8)
                Issue.record("golden file \(url.path) recorded; check it by eye and run the tests again", sourceLocation: sourceLocation)
            } catch {
                Issue.record("golden file \(url.path) missing and could not be recorded: \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard expected != actual else { return }
        let saved = FileManager.default.temporaryDirectory
            .appendingPathComponent("hemi-golden-actual-" + name.replacingOccurrences(of: "/", with: "-"))
        try? actual.write(to: saved, atomically: false, encoding: .utf8)
        let a = expected.components(separatedBy: "\n"), b = actual.components(separatedBy: "\n")
        let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        Issue.record("""
            output differs from golden \(url.path) at line \(line + 1)
              expected: \(line < a.count ? a[line] : "<end of file>")
              actual:   \(line < b.count ? b[line] : "<end of file>")
            actual output saved to \(saved.path)
            """, sourceLocation: sourceLocation)
    }
}
