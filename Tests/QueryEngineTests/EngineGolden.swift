// Golden files for engine output (rendering, error wording) in Golden/engine/. A missing
// golden file is recorded AND the test fails, so a recording never passes silently; with
// HEMI_RECORD_GOLDEN=1 the compared files are rewritten (and the tests still fail).

import Foundation
import Testing

enum EngineGolden {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("Golden/engine")

    static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        GoldenFile.check(actual, name, in: directory, sourceLocation: sourceLocation)
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
