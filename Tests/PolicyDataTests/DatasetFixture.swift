// Shared access for the PolicyData tests: the repository root (found from this file's
// path) and the committed dataset opened from Sources/PolicyData/Resources.

import Foundation
@testable import PolicyData
@testable import QueryEngine

enum DatasetFixture {
    /// .../Tests/PolicyDataTests/DatasetFixture.swift → repository root.
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let resources = repoRoot.appendingPathComponent("Sources/PolicyData/Resources")

    /// ../shared/data/raw next to the repository, where the build script reads from.
    static let rawDirectory = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/data/raw")

    static var rawAvailable: Bool {
        FileManager.default.fileExists(atPath: rawDirectory.appendingPathComponent("SOURCES.md").path)
    }

    /// The committed dataset (the same files the bundle copies).
    static let dataset: PolicyDataset = {
        do { return try PolicyDataset(directory: resources.path) } catch { fatalError("dataset: \(error)") }
    }()

    static func table(_ name: String) throws -> Table { try dataset.table(name) }

    /// Non-null strings of a column, in row order.
    static func strings(_ table: Table, _ column: String) -> [String?] {
        guard let c = table.column(column) else { return [] }
        return c.values.map { if case .string(let s) = $0 { return s } else { return nil } }
    }

    static func doubles(_ table: Table, _ column: String) -> [Double?] {
        guard let c = table.column(column) else { return [] }
        return c.values.map(\.doubleValue)
    }

    static func ints(_ table: Table, _ column: String) -> [Int?] {
        guard let c = table.column(column) else { return [] }
        return c.values.map { if case .int(let i) = $0 { return Int(i) } else { return nil } }
    }

    /// Row index of each distinct value of `column` (first occurrence).
    static func rowsBy(_ table: Table, _ column: String) -> [String: Int] {
        var out: [String: Int] = [:]
        for (i, s) in strings(table, column).enumerated() { if let s, out[s] == nil { out[s] = i } }
        return out
    }
}
