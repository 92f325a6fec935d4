// The dataset's metadata as written by build/build_dataset.py into Resources/catalog.json:
// tables (columns, types, units, sources, gaps) and sources (publisher, edition, licence).
// Rows are not in the catalog; they are in Resources/<table>.csv.

import QueryEngine

public struct Catalog: Decodable, Sendable {
    /// Short deterministic description of the data's coverage, e.g. "Census 2015–2024, …, 12 tables".
    public let vintage: String?
    public let tables: [TableInfo]
    public let sources: [SourceInfo]
}

public struct TableInfo: Decodable, Sendable {
    public let name: String
    public let description: String
    /// What one row is: "country", "partner-year", …
    public let grain: String
    /// Columns that identify a row; unique in the table.
    public let key: [String]
    /// Source id of the table (columns may name their own).
    public let source: String
    public let rowCount: Int?
    /// First and last value of the `year` (or `fiscal_year`) column, when there is one.
    public let years: [Int]?
    public let columns: [ColumnInfo]
    /// Known gaps: what is null and why.
    public let gaps: [String]

    public func column(_ name: String) -> ColumnInfo? { columns.first { $0.name == name } }

    enum CodingKeys: String, CodingKey {
        case name, description, grain, key, source, rowCount = "row_count", years, columns, gaps
    }
}

public struct ColumnInfo: Decodable, Sendable {
    public let name: String
    /// Engine type name: integer, float, string, boolean, date.
    public let type: String
    /// Unit of a numeric column ("US$ millions"); nil for names, codes and flags.
    public let unit: String?
    public let description: String
    /// Source id (the table's unless the column comes from elsewhere).
    public let source: String

    /// The engine type; nil only if the catalog names a type the engine lacks.
    public var dataType: DataType? { DataType(rawValue: type) }
}

public struct SourceInfo: Decodable, Sendable {
    public let id: String
    public let publisher: String
    public let title: String
    public let edition: String
    public let license: String
    /// Paths relative to ../shared/data/raw.
    public let rawFiles: [String]
    public let caveats: String
    public let redistributable: Bool

    enum CodingKeys: String, CodingKey {
        case id, publisher, title, edition, license, rawFiles = "raw_files", caveats, redistributable
    }
}
