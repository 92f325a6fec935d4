// Writes whole tables as csv, tsv, json, jsonl or markdown, to a string or atomically to a
// file. Exports are never width- or row-limited (that is the box renderer's job). Each format
// lives in its own Write*.swift file; this one holds the entry points and the shared
// per-column cell encoding.

public enum OutputFormat: String, Sendable, CaseIterable, CustomStringConvertible {
    case csv, tsv, json, jsonl, markdown

    public var description: String { rawValue }

    /// A format by the name a user types (`"csv"`, `"md"`, `"ndjson"`), any case.
    public init?(name: String) {
        switch name.lowercased() {
        case "csv": self = .csv
        case "tsv", "tab": self = .tsv
        case "json": self = .json
        case "jsonl", "ndjson", "jsonlines": self = .jsonl
        case "markdown", "md": self = .markdown
        default: return nil
        }
    }

    /// The format a file name's extension implies (`out/trade.md` → markdown); nil when the
    /// extension names none, so a caller can ask for an explicit format instead of guessing.
    init?(path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        self.init(name: String(path[path.index(after: dot)...]))
    }
}

public enum TableWriter {
    /// The whole table as text in `format`.
    public static func string(_ table: Table, format: OutputFormat) -> String {
        String(decoding: bytes(table, format: format), as: UTF8.self)
    }

    /// The whole table as UTF-8 bytes in `format`.
    public static func bytes(_ table: Table, format: OutputFormat) -> [UInt8] {
        switch format {
        case .csv: return DelimitedWriter.csv(table)
        case .tsv: return DelimitedWriter.tsv(table)
        case .json: return JSONWriter.array(table)
        case .jsonl: return JSONWriter.lines(table)
        case .markdown: return MarkdownWriter.table(table)
        }
    }

    /// The whole table in `format`, or `EngineError.interrupted` when Ctrl-C arrived while
    /// it was being encoded (the encoders stop early, and a partial text is never returned).
    public static func render(_ table: Table, format: OutputFormat) throws(EngineError) -> [UInt8] {
        try Cancellation.check()
        let out = bytes(table, format: format)
        try Cancellation.check()
        return out
    }

    /// Writes the table to `path` through a temporary file beside it and a rename: the target
    /// is either the complete new file or left as it was, never half written. Errors name the
    /// path and the cause.
    public static func write(_ table: Table, format: OutputFormat, to path: String) throws(EngineError) {
        try FileIO.writeAtomically(render(table, format: format), to: path)
    }
}

extension Table {
    /// The whole table as text in `format` (see `TableWriter`).
    func formatted(_ format: OutputFormat) -> String { TableWriter.string(self, format: format) }

    /// Writes the whole table to `path` atomically (see `TableWriter.write`).
    public func write(_ format: OutputFormat, to path: String) throws(EngineError) {
        try TableWriter.write(self, format: format, to: path)
    }
}

/// How one format spells each kind of value. Encoders are built once per column, so a
/// string column's escaping runs once per distinct string (dictionary entry), not per row.
protocol CellStyle {
    var null: [UInt8] { get }
    func string(_ s: String) -> [UInt8]
    func double(_ v: Double) -> [UInt8]
    func date(_ days: Int32) -> [UInt8]
}

extension CellStyle {
    /// `YYYY-MM-DD`, bare; JSON overrides this to quote it.
    func date(_ days: Int32) -> [UInt8] { Array(CivilDate(days: days).description.utf8) }

    /// Appends the text of row `r` of `column` to `out`.
    func encoder(for column: Column) -> (inout [UInt8], Int) -> Void {
        let null = self.null
        let valid = column.valid
        func isNull(_ r: Int) -> Bool { valid.map { !$0[r] } ?? false }
        switch column.storage {
        case .int(let a):
            return { out, r in
                if isNull(r) { out.append(contentsOf: null) } else { out.append(contentsOf: String(a[r]).utf8) }
            }
        case .double(let a):
            return { out, r in out.append(contentsOf: isNull(r) ? null : double(a[r])) }
        case .string(let codes, let dictionary):
            let encoded = dictionary.map { string($0) }
            return { out, r in out.append(contentsOf: isNull(r) ? null : encoded[Int(codes[r])]) }
        case .bool(let a):
            let yes = Array("true".utf8), no = Array("false".utf8)
            return { out, r in out.append(contentsOf: isNull(r) ? null : (a[r] ? yes : no)) }
        case .date(let a):
            return { out, r in out.append(contentsOf: isNull(r) ? null : date(a[r])) }
        }
    }
}
