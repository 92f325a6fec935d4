// Golden files for engine output (rendering, error wording) in Golden/engine/. A missing
// golden file is recorded AND the test fails, so a recording never passes silently; with
// HEMI_RECORD_GOLDEN=1 the compared files are rewritten (and the tests still fail).

import Foundation
import Testing

enum EngineGolden {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("Golden/engine")

    static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name)
        let record = ProcessInfo.processInfo.environment["HEMI_RECORD_GOLDEN"] == "1"
        guard !record, let expected = try? String(contentsOf: url, encoding: .utf8) else {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try actual.write(to: url, atomically: true, encoding: .utf8)
                Issue.record("golden file \(url.path) recorded; check it by eye and run the tests again", sourceLocation: sourceLocation)
            } catch {
                Issue.record("golden file \(url.path) missing and could not be recorded: \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard expected != actual else { return }
        let a = expected.components(separatedBy: "\n"), b = actual.components(separatedBy: "\n")
        let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        Issue.record("""
            output differs from golden \(url.path) at line \(line + 1)
              expected: \(line < a.count ? a[line] : "<end of file>")
              actual:   \(line < b.count ? b[line] : "<end of file>")
            full actual output:
            \(actual)
            """, sourceLocation: sourceLocation)
    }

    /// The message of the EngineError `body` throws, or a failure if it does not throw.
    static func errorMessage(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> String {
        do {
            try body()
            Issue.record("expected an error, none was thrown", sourceLocation: sourceLocation)
            return ""
        } catch let e as EngineErrorLike {
            return e.message
        } catch {
            return "\(error)"
        }
    }
}

protocol EngineErrorLike: Error { var message: String { get } }
