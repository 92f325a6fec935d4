// A column: one typed array plus an optional validity mask. Strings are dictionary-encoded
// (codes into a table of distinct values) because policy data repeats a few hundred country
// and product names millions of times: 4 bytes a row, and group-by and joins work on codes.

public struct Column: Sendable {
    public enum Storage: Sendable {
        case int([Int64])
        case double([Double])
        /// `codes[i]` indexes `dictionary`; the dictionary holds each distinct string once.
        case string(codes: [UInt32], dictionary: [String])
        case bool([Bool])
        /// Days since 1970-01-01.
        case date([Int32])
    }

    public let storage: Storage
    /// `valid[i] == false` marks a null; nil means the column has no nulls at all, which lets
    /// the inner loops skip the check.
    public let valid: [Bool]?

    init(_ storage: Storage, valid: [Bool]? = nil) {
        self.storage = storage
        // A mask without a single null costs memory and a branch per row for nothing.
        if let valid, valid.contains(false) { self.valid = valid } else { self.valid = nil }
    }

    public var type: DataType {
        switch storage {
        case .int: return .integer
        case .double: return .float
        case .string: return .string
        case .bool: return .boolean
        case .date: return .date
        }
    }

    public var count: Int {
        switch storage {
        case .int(let a): return a.count
        case .double(let a): return a.count
        case .string(let c, _): return c.count
        case .bool(let a): return a.count
        case .date(let a): return a.count
        }
    }

    @inline(__always) func isNull(_ row: Int) -> Bool {
        if let valid { return !valid[row] }
        return false
    }

    var nullCount: Int { valid.map { $0.reduce(0) { $0 + ($1 ? 0 : 1) } } ?? 0 }

    /// The value at `row` (0-based).
    public subscript(row: Int) -> Value {
        if isNull(row) { return .null }
        switch storage {
        case .int(let a): return .int(a[row])
        case .double(let a): return .double(a[row])
        case .string(let c, let d): return .string(d[Int(c[row])])
        case .bool(let a): return .bool(a[row])
        case .date(let a): return .date(a[row])
        }
    }

    /// A column of `values`, all of `type` or null; values of another type are converted
    /// where that is lossless (int → float) and otherwise become null.
    init(type: DataType, values: [Value]) {
        var b = ColumnBuilder(type: type, capacity: values.count)
        for v in values { b.append(v) }
        self = b.finish()
    }

    /// The rows at `indices`, in that order (the gather step of filter, sort and join), a
    /// morsel of indices per task. An index of -1 yields null (the unmatched side of a left join).
    public func gather(_ indices: [Int]) -> Column {
        indices.withUnsafeBufferPointer { ix in
            let n = ix.count
            let anyMissing = valid == nil && Parallelism.mapMorsels(n) { r in r.contains { ix[$0] < 0 } }.contains(true)
            let newValid: [Bool]?
            if let valid {
                newValid = valid.withUnsafeBufferPointer { v in
                    Parallelism.elementwise(n) { r, out in for i in r { let k = ix[i]; out[i] = k >= 0 && v[k] } }
                }
            } else if anyMissing {
                newValid = Parallelism.elementwise(n) { r, out in for i in r { out[i] = ix[i] >= 0 } }
            } else {
                newValid = nil
            }
            func pick<T: BitwiseCopyable>(_ a: [T], _ zero: T) -> [T] {
                a.withUnsafeBufferPointer { src in
                    Parallelism.elementwise(n) { r, out in for i in r { let k = ix[i]; out[i] = k >= 0 ? src[k] : zero } }
                }
            }
            switch storage {
            case .int(let a): return Column(.int(pick(a, 0)), valid: newValid)
            case .double(let a): return Column(.double(pick(a, 0)), valid: newValid)
            case .string(let c, let d): return Column(.string(codes: pick(c, 0), dictionary: d.isEmpty ? [""] : d), valid: newValid)
            case .bool(let a): return Column(.bool(pick(a, false)), valid: newValid)
            case .date(let a): return Column(.date(pick(a, 0)), valid: newValid)
            }
        }
    }

    /// All values, for tests and small results.
    var values: [Value] { (0..<count).map { self[$0] } }
}
