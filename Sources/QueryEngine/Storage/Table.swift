// A materialised table: named, typed columns of equal length. Tables are values (copy on
// write arrays underneath), so a query result never aliases its input.

public struct Field: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var type: DataType
    init(_ name: String, _ type: DataType) { self.name = name; self.type = type }
    public var description: String { "\(name) \(type)" }
}

public struct Table: Sendable {
    public let fields: [Field]
    public let columns: [Column]
    public let rowCount: Int

    /// Fails when names repeat (as Unicode text: ColumnNames) or columns differ in length:
    /// both would make every later lookup ambiguous.
    public init(fields names: [String], columns: [Column]) throws(EngineError) {
        guard names.count == columns.count else {
            throw EngineError("table: \(names.count) names for \(columns.count) columns")
        }
        try ColumnNames.checkUnique(names, what: "table")
        let n = columns.first?.count ?? 0
        for (name, c) in zip(names, columns) where c.count != n {
            throw EngineError("table: column \"\(name)\" has \(c.count) rows, expected \(n)")
        }
        self.fields = zip(names, columns).map { Field($0, $1.type) }
        self.columns = columns
        self.rowCount = n
    }

    /// Builds a table from rows of values with the given schema (tests, JSON, small results).
    init(schema: [Field], rows: [[Value]]) throws(EngineError) {
        var builders = schema.map { ColumnBuilder(type: $0.type, capacity: rows.count) }
        for (r, row) in rows.enumerated() {
            guard row.count == schema.count else {
                throw EngineError("table: row \(r + 1) has \(row.count) values, expected \(schema.count)")
            }
            for i in 0..<row.count { builders[i].append(row[i]) }
        }
        try self.init(fields: schema.map(\.name), columns: builders.map { $0.finish() })
    }

    static let empty = Table(unchecked: [], columns: [], rowCount: 0)

    /// For callers that have already checked names and lengths (the engine's own operators).
    init(unchecked fields: [Field], columns: [Column], rowCount: Int) {
        self.fields = fields; self.columns = columns; self.rowCount = rowCount
    }

    public var columnNames: [String] { fields.map(\.name) }

    func index(of name: String) -> Int? { fields.firstIndex { $0.name == name } }

    public func column(_ name: String) -> Column? { index(of: name).map { columns[$0] } }

    /// One row as values, in column order.
    func row(_ i: Int) -> [Value] { columns.map { $0[i] } }

    var rows: [[Value]] { (0..<rowCount).map(row) }

    /// The rows at `indices` (−1 gives a row of nulls).
    public func gather(_ indices: [Int]) -> Table {
        Table(unchecked: fields, columns: columns.map { $0.gather(indices) }, rowCount: indices.count)
    }
}
