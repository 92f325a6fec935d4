// The dataset's metadata as written by build/build_dataset.py into Resources/catalog.json:
// tables (columns, types, units, sources, gaps) and sources (publisher, edition, licence).
// Rows are not in the catalog; they are in Resources/<table>.csv.

import QueryEngine

public struct Catalog: Sendable {
    /// Short deterministic description of the data's coverage, e.g. "Census 2015–2024, …, 12 tables".
    public let vintage: String?
    public let tables: [TableInfo]
    public let sources: [SourceInfo]
}

public struct TableInfo: Sendable {
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
    let years: [Int]?
    public let columns: [ColumnInfo]
    /// Known gaps: what is null and why.
    public let gaps: [String]

    public func column(_ name: String) -> ColumnInfo? { columns.first { $0.name == name } }
}

public struct ColumnInfo: Sendable {
    public let name: String
    /// Engine type name: integer, float, string, boolean, date.
    public let type: String
    /// Unit of a numeric column ("US$ millions"); nil for names, codes and flags.
    public let unit: String?
    public let description: String
    /// Source id (the table's unless the column comes from elsewhere).
    public let source: String
    /// Short human name for chart legends and axes ("US exports"); nil where the catalog
    /// gives none, and the column's name is shown.
    public let label: String?

    /// The engine type; nil only if the catalog names a type the engine lacks.
    var dataType: DataType? { DataType(rawValue: type) }
}

public struct SourceInfo: Sendable {
    public let id: String
    public let publisher: String
    public let title: String
    public let edition: String
    public let license: String
    /// Paths relative to ../shared/data/raw.
    public let rawFiles: [String]
    public let caveats: String
    let redistributable: Bool
}

// MARK: reading catalog.json (keys as build_dataset.py writes them)

extension Catalog {
    /// Reads the catalog from the text of catalog.json; errors name the entry and the key.
    init(json bytes: [UInt8]) throws(EngineError) {
        let root = try JSONValue.parse(bytes)
        let r = CatalogField(root, "the catalog")
        vintage = try r.optionalString("vintage")
        tables = try r.array("tables").map { (v) throws(EngineError) in try TableInfo(CatalogField(v, "a table")) }
        sources = try r.array("sources").map { (v) throws(EngineError) in try SourceInfo(CatalogField(v, "a source")) }
    }
}

extension TableInfo {
    init(_ f: CatalogField) throws(EngineError) {
        let tableName = try f.string("name")
        name = tableName
        let t = CatalogField(f.value, "table \(tableName)")
        description = try t.string("description"); grain = try t.string("grain")
        key = try t.strings("key"); source = try t.string("source")
        rowCount = try t.optionalInt("row_count")
        years = try t.optionalInts("years")
        columns = try t.array("columns").map { (v) throws(EngineError) in try ColumnInfo(CatalogField(v, "a column of table \(tableName)")) }
        gaps = try t.strings("gaps")
    }
}

extension ColumnInfo {
    init(_ f: CatalogField) throws(EngineError) {
        name = try f.string("name")
        type = try f.string("type"); unit = try f.optionalString("unit")
        description = try f.string("description"); source = try f.string("source")
        label = try f.optionalString("label")
    }
}

extension SourceInfo {
    init(_ f: CatalogField) throws(EngineError) {
        id = try f.string("id")
        let s = CatalogField(f.value, "source \(id)")
        publisher = try s.string("publisher"); title = try s.string("title"); edition = try s.string("edition")
        license = try s.string("license"); rawFiles = try s.strings("raw_files"); caveats = try s.string("caveats")
        guard case .bool(let b)? = s.value["redistributable"] else { throw s.wrong("redistributable", "true or false") }
        redistributable = b
    }
}

/// One object of the catalog and what to call it in errors.
struct CatalogField {
    let value: JSONValue
    let what: String
    init(_ value: JSONValue, _ what: String) { self.value = value; self.what = what }

    func wrong(_ key: String, _ expected: String) -> EngineError {
        EngineError("\(what): key \"\(key)\" should be \(expected)")
    }
    func string(_ key: String) throws(EngineError) -> String {
        guard case .string(let s)? = value[key] else { throw wrong(key, "a string") }
        return s
    }
    func optionalString(_ key: String) throws(EngineError) -> String? {
        switch value[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        default: throw wrong(key, "a string or null")
        }
    }
    func array(_ key: String) throws(EngineError) -> [JSONValue] {
        guard case .array(let a)? = value[key] else { throw wrong(key, "an array") }
        return a
    }
    func strings(_ key: String) throws(EngineError) -> [String] {
        try array(key).map { (v) throws(EngineError) in
            guard case .string(let s) = v else { throw wrong(key, "an array of strings") }
            return s
        }
    }
    func optionalInt(_ key: String) throws(EngineError) -> Int? {
        switch value[key] {
        case nil, .null?: return nil
        case .number(let d)? where d == d.rounded() && abs(d) < 1e15: return Int(d)
        default: throw wrong(key, "a whole number or null")
        }
    }
    func optionalInts(_ key: String) throws(EngineError) -> [Int]? {
        switch value[key] {
        case nil, .null?: return nil
        case .array(let a)?:
            return try a.map { (v) throws(EngineError) in
                guard case .number(let d) = v, d == d.rounded(), abs(d) < 1e15 else { throw wrong(key, "an array of whole numbers") }
                return Int(d)
            }
        default: throw wrong(key, "an array of whole numbers or null")
        }
    }
}
