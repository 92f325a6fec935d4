import Testing
import Foundation

/// Strings are bytes through the Lua surface too (issue #12): "é" precomposed (C3 A9) and
/// decomposed (65 CC 81) are two values to Lua, so two values to read_csv, from_rows,
/// distinct, filter and sort.
@Suite struct ByteOrderCLITests {
    func hemi(_ script: String) throws -> HemiBinary.Output {
        try HemiBinary.run("/usr/bin/env", ["COLUMNS=100", "NO_COLOR=1", "HEMI_PLUGIN_PATH=/nonexistent", HemiBinary.path, "-e", script])
    }

    /// Lua code printing each string of column x of query `q` as hex, space-separated.
    static func hex(_ q: String) -> String {
        "for r in (\(q)):rows() do io.write((r.x:gsub('.', function(c) return string.format('%02x', c:byte()) end)), ' ') end print()"
    }

    @Test func readCSVDistinctKeepsBothSpellings() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hemi-nf-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("nf.csv")
        try Data([0x78, 0x0A, 0xC3, 0xA9, 0x0A, 0x65, 0xCC, 0x81, 0x0A]).write(to: file)
        let r = try hemi(Self.hex("hemi.read_csv('\(file.path)'):distinct('x')"))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "c3a9 65cc81 \n")
    }

    @Test func fromRowsFilterAndSortByBytes() throws {
        let rows = "hemi.from_rows{{x='\\xc3\\xa9'},{x='e\\xcc\\x81'},{x='f'}}"
        let r = try hemi("print(\(rows):filter('x == :v', {v='\\xc3\\xa9'}):count()) " + Self.hex(rows + ":sort('x')"))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "1\n65cc81 66 c3a9 \n")
    }
}
