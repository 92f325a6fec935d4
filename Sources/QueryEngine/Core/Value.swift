// One value of any column type, or null. Used at the edges (rows, literals, Lua callbacks);
// the engine's inner loops work on typed column arrays instead.

public enum Value: Sendable, Hashable, CustomStringConvertible {
    case null
    case int(Int64)
    case double(Double)
    case string(String)
    case bool(Bool)
    /// Days since 1970-01-01 (see `CivilDate`).
    case date(Int32)

    var isNull: Bool { if case .null = self { return true } else { return false } }

    /// The type of a non-null value; nil for null.
    public var type: DataType? {
        switch self {
        case .null: return nil
        case .int: return .integer
        case .double: return .float
        case .string: return .string
        case .bool: return .boolean
        case .date: return .date
        }
    }

    /// Numeric view: integers widen to Double; nil for anything else.
    var doubleValue: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .double(let v): return v
        default: return nil
        }
    }

    /// Plain text of the value (no thousands separators), as written to CSV; "" for null.
    public var description: String {
        switch self {
        case .null: return ""
        case .int(let v): return String(v)
        case .double(let v): return Value.format(v)
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .date(let d): return CivilDate(days: d).description
        }
    }

    /// Shortest round-tripping text of a double; integral values keep no ".0" so 2023.0
    /// written to CSV reads back as the same number.
    static func format(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        // -0.0 keeps its sign (and its point, or it would read back as the integer 0).
        if v == 0 && v.sign == .minus { return "-0.0" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }
}

extension Value {
    /// Total order used by sort, min and max: null sorts after everything (nulls last);
    /// numbers compare across int and double; otherwise values of one type compare naturally,
    /// and different types compare by type name so the order is still total.
    static func compare(_ a: Value, _ b: Value) -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.null, _): return 1
        case (_, .null): return -1
        case (.int(let x), .int(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.string(let x), .string(let y)): return ByteKey.compare(x, y)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.date(let x), .date(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        default:
            if let x = a.doubleValue, let y = b.doubleValue { return x < y ? -1 : (x > y ? 1 : 0) }
            let ta = a.type?.rawValue ?? "", tb = b.type?.rawValue ?? ""
            return ta < tb ? -1 : (ta > tb ? 1 : 0)
        }
    }
}

extension Value {
    /// Strings are equal when their bytes are (ByteKey), not by Unicode canonical
    /// equivalence; every other case is as the synthesized conformance would be.
    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y
        case (.string(let x), .string(let y)): return ByteKey.equal(x, y)
        case (.bool(let x), .bool(let y)): return x == y
        case (.date(let x), .date(let y)): return x == y
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0 as UInt8)
        case .int(let v): hasher.combine(1 as UInt8); hasher.combine(v)
        case .double(let v): hasher.combine(2 as UInt8); hasher.combine(v)
        case .string(let v): hasher.combine(3 as UInt8); hasher.combine(ByteKey(v))
        case .bool(let v): hasher.combine(4 as UInt8); hasher.combine(v)
        case .date(let v): hasher.combine(5 as UInt8); hasher.combine(v)
        }
    }
}
