// Golden files for chart output, kept in Tests/QueryEngineTests/Golden/charts/. A missing
// golden file is recorded AND the test fails, so a recording never passes silently; with
// HEMI_RECORD_GOLDEN=1 every compared file is rewritten (and still fails) after a deliberate
// change. On a mismatch the output is saved beside the build for a diff.

import Foundation
import Testing

enum ChartsGolden {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden/charts")

    static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        GoldenFile.check(actual, name, in: directory, sourceLocation: sourceLocation)
    }
}
