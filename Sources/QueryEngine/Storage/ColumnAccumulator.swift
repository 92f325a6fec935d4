// Builds a column from values whose type is not known in advance, one typed append at a time
// and without a `Value` per row (the rows of a Lua table, `hemi.from_rows`): the column takes
// the kind of its first value, integers widen to floats when a float comes (and floats take
// later integers), strings are interned from their bytes. A value of another kind is refused
// (`append` returns false) for the caller to report.

public struct ColumnAccumulator {
    enum Kind: Sendable { case none, integer, float, string, boolean }

    private(set) var kind: Kind = .none
    public private(set) var count = 0
    private var ints: [Int64] = []
    private var doubles: [Double] = []
    private var bools: [Bool] = []
    private var codes: [UInt32] = []
    private var dictionary = ByteDictionary()
    private var valid: [Bool]? = nil
    private let capacity: Int

    public init(capacity: Int = 0) { self.capacity = capacity }

    public mutating func appendNull() {
        if valid == nil {
            var v = [Bool]()
            v.reserveCapacity(Swift.max(capacity, count + 1))
            v.append(contentsOf: repeatElement(true, count: count))
            valid = v
        }
        valid!.append(false)
        switch kind {
        case .none: break
        case .integer: ints.append(0)
        case .float: doubles.append(0)
        case .string: codes.append(0)
        case .boolean: bools.append(false)
        }
        count += 1
    }

    private mutating func begin(_ k: Kind) {
        kind = k
        switch k {
        case .none: break
        case .integer: ints.reserveCapacity(capacity); ints.append(contentsOf: repeatElement(0, count: count))
        case .float: doubles.reserveCapacity(capacity); doubles.append(contentsOf: repeatElement(0, count: count))
        case .string: codes.reserveCapacity(capacity); codes.append(contentsOf: repeatElement(0, count: count))
        case .boolean: bools.reserveCapacity(capacity); bools.append(contentsOf: repeatElement(false, count: count))
        }
    }

    @inline(__always) private mutating func appended() {
        valid?.append(true)
        count += 1
    }

    public mutating func append(_ v: Int64) -> Bool {
        switch kind {
        case .none: begin(.integer); ints.append(v)
        case .integer: ints.append(v)
        case .float: doubles.append(Double(v))
        default: return false
        }
        appended()
        return true
    }

    public mutating func append(_ v: Double) -> Bool {
        switch kind {
        case .none: begin(.float); doubles.append(v)
        case .float: doubles.append(v)
        case .integer:
            // The first float: the integers so far become floats.
            doubles.reserveCapacity(Swift.max(capacity, ints.count + 1))
            doubles.append(contentsOf: ints.lazy.map { Double($0) })
            ints = []
            kind = .float
            doubles.append(v)
        default: return false
        }
        appended()
        return true
    }

    public mutating func append(_ v: Bool) -> Bool {
        switch kind {
        case .none: begin(.boolean); bools.append(v)
        case .boolean: bools.append(v)
        default: return false
        }
        appended()
        return true
    }

    /// A string given by its UTF-8 bytes.
    public mutating func append(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        switch kind {
        case .none: begin(.string); codes.append(dictionary.code(p, n))
        case .string: codes.append(dictionary.code(p, n))
        default: return false
        }
        appended()
        return true
    }

    /// The column; one of only nulls is a string column.
    public func finish() -> Column {
        switch kind {
        case .none:
            return Column(.string(codes: [UInt32](repeating: 0, count: count), dictionary: count > 0 ? [""] : []), valid: valid)
        case .integer: return Column(.int(ints), valid: valid)
        case .float: return Column(.double(doubles), valid: valid)
        case .boolean: return Column(.bool(bools), valid: valid)
        case .string:
            var strings = dictionary.strings
            if strings.isEmpty && count > 0 { strings = [""] }
            return Column(.string(codes: codes, dictionary: strings), valid: valid)
        }
    }
}
