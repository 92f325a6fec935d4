// How to read a CSV file. Defaults follow RFC 4180 and what spreadsheets export.

public struct CSVOptions: Sendable {
    /// Field separator (one ASCII byte): "," for CSV, "\t" for TSV, ";" for European exports.
    public var delimiter: UInt8 = UInt8(ascii: ",")
    /// Whether the first record holds the column names (otherwise column_1, column_2, …).
    public var header = true
    /// Unquoted field texts read as null: only the empty field unless the caller names more
    /// (`["", "NA", "null"]`), so a country code "NA" (Namibia) or the word "null" stays text.
    /// A quoted field is always a string, so `""` in a string column stays an empty string
    /// while an empty unquoted field is null.
    public var nullMarkers: [String] = [""]
    /// Backslash escapes in fields (`\t`, `\n`, `\r`, `\\`), as TSV writers (Hemi's own,
    /// PostgreSQL's COPY) spell what TSV cannot hold; other backslashes stay as they are.
    /// nil (the default): on for tab-separated input, so `to_tsv` output reads back exactly.
    var backslashEscapes: Bool? = nil
    /// Column types that override inference, by column name.
    public var types: [String: DataType] = [:]
    /// Rows read and throughput on stderr for reads longer than half a second, when stderr
    /// is a terminal (see `ProgressReporter`); `.disabled` turns it off.
    public var progress: ProgressReporter = .standard

    public init(delimiter: UInt8 = UInt8(ascii: ","), header: Bool = true,
                nullMarkers: [String] = [""], types: [String: DataType] = [:],
                progress: ProgressReporter = .standard) {
        self.delimiter = delimiter
        self.header = header
        self.nullMarkers = nullMarkers
        self.types = types
        self.progress = progress
    }

    static let tsv = CSVOptions(delimiter: UInt8(ascii: "\t"))
}
