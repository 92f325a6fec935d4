// build_dataset.py fails loudly, naming table, column and row, on the problems the contract
// lists. Each case builds one small throw-away module in a temporary directory (no raw files
// needed), so these run even without ../shared.

import Foundation
import TestSupport
import Testing

@Suite struct BuildValidationTests {
    static let good = """
        SOURCES = [{"id": "s", "publisher": "p", "title": "t", "edition": "e", "license": "l",
                    "raw_files": [], "caveats": "c", "redistributable": True}]
        def table(name="t1", source="s", rows=None, vtype="float"):
            return {"name": name, "description": "d", "grain": "g", "key": ["k"], "source": source,
                    "columns": [{"name": "k", "type": "integer", "unit": None, "description": "key"},
                                {"name": "v", "type": vtype, "unit": "u", "description": "value"}],
                    "rows": rows if rows is not None else [{"k": 2, "v": 1.5}, {"k": 1, "v": None}], "gaps": []}

        """

    /// Runs the build over `modules` (file name → source); returns exit status, stderr, out dir.
    func run(_ modules: [String: String]) throws -> (status: Int32, stderr: String, out: URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hemi-build-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in modules { try text.write(to: dir.appendingPathComponent(name), atomically: false, encoding: .utf8) }
        let script = DatasetFixture.repoRoot.appendingPathComponent("Sources/PolicyData/build/build_dataset.py")
        let out = dir.appendingPathComponent("out")
        let r = try ChildProcess.run("python3", [script.path, "--raw", dir.path, "--out", out.path, "--modules", dir.path])
        return (r.status, r.stderr, out)
    }

    @Test func aValidModuleBuildsSortedCSVWithNullsEmpty() throws {
        let r = try run(["tables_ok.py": Self.good + "def build(raw): return [table()]\n"])
        #expect(r.status == 0, "\(r.stderr)")
        let csv = try String(contentsOf: r.out.appendingPathComponent("t1.csv"), encoding: .utf8)
        #expect(csv == "k,v\n1,\n2,1.5\n")
        #expect(FileManager.default.fileExists(atPath: r.out.appendingPathComponent("sources.csv").path))
    }

    @Test func repeatedKeyFails() throws {
        let r = try run(["tables_dup.py": Self.good + "def build(raw): return [table(rows=[{'k': 1, 'v': 1.0}, {'k': 1, 'v': 2.0}])]\n"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("table t1: key (k=1) repeats in rows 0 and 1"), "\(r.stderr)")
    }

    @Test func wrongTypeNamesTableColumnAndRow() throws {
        let r = try run(["tables_type.py": Self.good + "def build(raw): return [table(rows=[{'k': 1, 'v': 'x'}])]\n"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("table t1, column v, row 0 (k=1): expected float, found str 'x'"), "\(r.stderr)")
    }

    @Test func unknownSourceFails() throws {
        let r = try run(["tables_src.py": Self.good + "def build(raw): return [table(source='nope')]\n"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("table t1: unknown source id 'nope'"), "\(r.stderr)")
    }

    @Test func tableBuiltByTwoModulesFails() throws {
        let other = Self.good.replacingOccurrences(of: "\"id\": \"s\"", with: "\"id\": \"s2\"")
        let r = try run(["tables_a.py": Self.good + "def build(raw): return [table()]\n",
                         "tables_b.py": other + "def build(raw): return [table(source='s2')]\n"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("table 't1' is built by both tables_a and tables_b"), "\(r.stderr)")
    }

    @Test func nonRedistributableSourceIsNotShipped() throws {
        let closed = Self.good.replacingOccurrences(of: "\"redistributable\": True", with: "\"redistributable\": False")
        let r = try run(["tables_fh.py": closed + "def build(raw): return [table()]\n"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("source s is not redistributable"), "\(r.stderr)")
    }
}
