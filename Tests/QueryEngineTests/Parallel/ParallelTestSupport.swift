@testable import QueryEngine

/// Runs `body` with the engine set to `threads` threads and morsels of `morselRows` rows
/// (small morsels put tiny test tables on the parallel paths), then restores the settings.
func withParallelism<T>(threads: Int, morselRows: Int, _ body: () throws -> T) rethrows -> T {
    let (oldThreads, oldMorsel) = (Parallelism.threads, Parallelism.morselRows)
    Parallelism.threads = threads
    Parallelism.morselRows = morselRows
    defer { Parallelism.threads = oldThreads; Parallelism.morselRows = oldMorsel }
    return try body()
}

/// A table's or an error's text, for comparing two runs exactly (types, values, row order).
func outcome(_ body: () throws -> Table) -> String {
    do {
        let t = try body()
        var lines = [t.fields.map(\.description).joined(separator: ", ")]
        for r in 0..<t.rowCount { lines.append(t.row(r).map { "\($0)" }.joined(separator: " | ")) }
        if case .string(_, let d)? = t.columns.first?.storage { lines.append("dictionary: \(d)") }
        return lines.joined(separator: "\n")
    } catch {
        return "error: \(error)"
    }
}
