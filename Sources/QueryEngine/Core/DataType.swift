// The five column types of the engine. Names are the ones users see in headers and errors.

public enum DataType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case integer, float, string, boolean, date

    public var description: String { rawValue }

    /// Parses a type name as a user writes it in a CSV override (`{ year = "integer" }`);
    /// common synonyms are accepted so SQL and R habits work.
    public init?(name: String) {
        switch name.lowercased() {
        case "integer", "int", "int64", "bigint": self = .integer
        case "float", "double", "number", "real", "numeric": self = .float
        case "string", "text", "varchar", "str", "character": self = .string
        case "boolean", "bool", "logical": self = .boolean
        case "date": self = .date
        default: return nil
        }
    }

    var isNumeric: Bool { self == .integer || self == .float }
}
