// Builds a column value by value. Used for results of row-at-a-time work (Lua callbacks,
// JSON input, aggregates) where the type is known before the values are.

public struct ColumnBuilder: Sendable {
    public let type: DataType
    private var ints: [Int64] = []
    private var doubles: [Double] = []
    private var codes: [UInt32] = []
    private var dictionary: [String] = []
    private var lookup: [ByteKey: UInt32] = [:]
    private var bools: [Bool] = []
    private var dates: [Int32] = []
    private var valid: [Bool] = []
    private var hasNull = false

    public init(type: DataType, capacity: Int = 0) {
        self.type = type
        valid.reserveCapacity(capacity)
        switch type {
        case .integer: ints.reserveCapacity(capacity)
        case .float: doubles.reserveCapacity(capacity)
        case .string: codes.reserveCapacity(capacity)
        case .boolean: bools.reserveCapacity(capacity)
        case .date: dates.reserveCapacity(capacity)
        }
    }

    public var count: Int { valid.count }

    /// Appends `v`; a value that does not fit the column's type is stored as null.
    public mutating func append(_ v: Value) {
        var ok = true
        switch (type, v) {
        case (.integer, .int(let x)): ints.append(x)
        case (.integer, .double(let x)) where x == x.rounded() && abs(x) < 9.2e18: ints.append(Int64(x))
        case (.integer, _): ints.append(0); ok = false
        case (.float, let x) where x.doubleValue != nil: doubles.append(x.doubleValue!)
        case (.float, _): doubles.append(0); ok = false
        case (.string, .string(let s)): codes.append(code(for: s))
        case (.string, .null): codes.append(0); ok = false
        case (.string, let x): codes.append(code(for: x.description))
        case (.boolean, .bool(let b)): bools.append(b)
        case (.boolean, _): bools.append(false); ok = false
        case (.date, .date(let d)): dates.append(d)
        case (.date, _): dates.append(0); ok = false
        }
        valid.append(ok)
        if !ok { hasNull = true }
    }

    private mutating func code(for s: String) -> UInt32 {
        if let c = lookup[ByteKey(s)] { return c }
        let c = UInt32(dictionary.count)
        dictionary.append(s)
        lookup[ByteKey(s)] = c
        return c
    }

    public func finish() -> Column {
        let mask = hasNull ? valid : nil
        switch type {
        case .integer: return Column(.int(ints), valid: mask)
        case .float: return Column(.double(doubles), valid: mask)
        case .string:
            // Null rows point at code 0, so the dictionary must have an entry 0.
            return Column(.string(codes: codes, dictionary: dictionary.isEmpty && !codes.isEmpty ? [""] : dictionary), valid: mask)
        case .boolean: return Column(.bool(bools), valid: mask)
        case .date: return Column(.date(dates), valid: mask)
        }
    }
}
