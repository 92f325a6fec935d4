// Reproducibility: the committed Resources and DATA.md equal what the build script makes
// from ../shared/data/raw. Skipped, saying so, when the raw files are not present.

import Foundation
import TestSupport
import Testing

@Suite struct RebuildTests {
    @Test(.enabled(if: DatasetFixture.rawAvailable,
                   "../shared/data/raw is not present next to the repository: rebuild check skipped"))
    func rebuildEqualsCommittedFiles() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("hemi-rebuild-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let script = DatasetFixture.repoRoot.appendingPathComponent("Sources/PolicyData/build/build_dataset.py")
        let r = try ChildProcess.run("python3", [script.path, "--raw", DatasetFixture.rawDirectory.path, "--out", out.path])
        try #require(r.status == 0, "build_dataset.py failed: \(r.stderr)")

        let fm = FileManager.default
        let built = try fm.contentsOfDirectory(atPath: out.path).filter { $0 != "DATA.md" }.sorted()
        let committed = try fm.contentsOfDirectory(atPath: DatasetFixture.resources.path)
            .filter { $0.hasSuffix(".csv") || $0 == "catalog.json" }.sorted()
        #expect(built == committed, "files differ: run `make data` and commit Resources")
        for name in built {
            let a = fm.contents(atPath: out.appendingPathComponent(name).path)
            let b = fm.contents(atPath: DatasetFixture.resources.appendingPathComponent(name).path)
            #expect(a == b, "Resources/\(name) differs from a fresh build: run `make data` and commit it")
        }
        let docs = DatasetFixture.repoRoot.appendingPathComponent("Sources/PolicyData/DATA.md")
        #expect(fm.contents(atPath: out.appendingPathComponent("DATA.md").path) == fm.contents(atPath: docs.path),
                "Sources/PolicyData/DATA.md differs from a fresh build: run `make data` and commit it")
    }
}
