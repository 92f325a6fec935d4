// Builds a column from values whose type is not known in advance, without a `Value` per row
// (the rows of a Lua table, `hemi.from_rows`): the column takes the kind of its first value,
// integers widen to floats when a float comes (and floats take later integers), strings are
// interned from their bytes. A value of another kind is refused (`append` returns false) for
// the caller to report. Cells come a block at a time, as `hemi.from_rows` reads them: the kind
// is settled once a block, and the typed array filled in one loop.

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

    /// A string's address → its code, for block appends (see there): direct-mapped, 0 = empty.
    private var addressKeys: [UInt] = []
    private var addressCodes: [UInt32] = []
    private static let addressBits = 12

    public init(capacity: Int = 0) { self.capacity = capacity }

    /// What a cell of a block holds (`append(kinds:bits:lengths:count:)`).
    public enum Cell: UInt8, CaseIterable {
        case null = 0, integer = 1, float = 2, boolean = 3, string = 4
        /// A value no column holds: the block is refused.
        case other = 5
    }

    /// `n` nulls (the rows before a column's key was first met).
    public mutating func appendNulls(_ n: Int) {
        guard n > 0 else { return }
        if valid == nil {
            var v = [Bool]()
            v.reserveCapacity(Swift.max(capacity, count + n))
            v.append(contentsOf: repeatElement(true, count: count))
            valid = v
        }
        valid!.append(contentsOf: repeatElement(false, count: n))
        switch kind {
        case .none: break
        case .integer: ints.append(contentsOf: repeatElement(0, count: n))
        case .float: doubles.append(contentsOf: repeatElement(0, count: n))
        case .string: codes.append(contentsOf: repeatElement(0, count: n))
        case .boolean: bools.append(contentsOf: repeatElement(false, count: n))
        }
        count += n
    }

    /// The column takes kind `k`: the rows so far (nulls) get a zero each.
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

    /// The first float: the integers so far become floats.
    private mutating func widen() {
        doubles.reserveCapacity(Swift.max(capacity, ints.count + 1))
        doubles.append(contentsOf: ints.lazy.map { Double($0) })
        ints = []
        kind = .float
    }

    /// Appends `n` cells given as parallel arrays: each one's kind (`Cell` raw values), its
    /// payload in `bits` (an Int64's or a Double's bits, a boolean as 0 or 1, the address of a
    /// string's UTF-8 bytes) and a string's byte count in `lengths`; a null's payload is not
    /// read. The column takes the kind appending the cells one by one would give it, and false
    /// means one would have been refused (the column is then unusable). A string's address
    /// must hold the same bytes for the accumulator's whole life (Lua's strings, held by the
    /// list being read): a repeated address is recognised without hashing its bytes again.
    public mutating func append(kinds: UnsafePointer<UInt8>, bits: UnsafePointer<UInt64>,
                                lengths: UnsafePointer<Int>, count n: Int) -> Bool {
        guard n > 0 else { return true }
        var present: UInt32 = 0
        for i in 0..<n { present |= 1 &<< UInt32(kinds[i] & 31) }
        let integer = UInt32(1) << Cell.integer.rawValue, float = UInt32(1) << Cell.float.rawValue
        let boolean = UInt32(1) << Cell.boolean.rawValue, string = UInt32(1) << Cell.string.rawValue
        switch present & ~1 {
        case 0: break
        case integer:
            switch kind { case .none: begin(.integer); case .integer, .float: break; default: return false }
        case float, integer | float:
            switch kind { case .none: begin(.float); case .integer: widen(); case .float: break; default: return false }
        case boolean:
            switch kind { case .none: begin(.boolean); case .boolean: break; default: return false }
        case string:
            switch kind { case .none: begin(.string); case .string: break; default: return false }
        default: return false
        }
        if present & 1 != 0 {
            if valid == nil {
                var v = [Bool]()
                v.reserveCapacity(Swift.max(capacity, count + n))
                v.append(contentsOf: repeatElement(true, count: count))
                valid = v
            }
            valid!.append(contentsOf: UnsafeBufferPointer(start: kinds, count: n).lazy.map { $0 != Cell.null.rawValue })
        } else if valid != nil {
            valid!.append(contentsOf: repeatElement(true, count: n))
        }
        let start = count
        switch kind {
        case .none: break
        case .integer:
            ints.append(contentsOf: repeatElement(0, count: n))
            ints.withUnsafeMutableBufferPointer { out in
                for i in 0..<n where kinds[i] == Cell.integer.rawValue { out[start + i] = Int64(bitPattern: bits[i]) }
            }
        case .float:
            doubles.append(contentsOf: repeatElement(0, count: n))
            doubles.withUnsafeMutableBufferPointer { out in
                for i in 0..<n {
                    switch kinds[i] {
                    case Cell.float.rawValue: out[start + i] = Double(bitPattern: bits[i])
                    case Cell.integer.rawValue: out[start + i] = Double(Int64(bitPattern: bits[i]))
                    default: break
                    }
                }
            }
        case .boolean:
            bools.append(contentsOf: repeatElement(false, count: n))
            bools.withUnsafeMutableBufferPointer { out in
                for i in 0..<n where kinds[i] == Cell.boolean.rawValue { out[start + i] = bits[i] != 0 }
            }
        case .string:
            if addressKeys.isEmpty {
                addressKeys = [UInt](repeating: 0, count: 1 << ColumnAccumulator.addressBits)
                addressCodes = [UInt32](repeating: 0, count: 1 << ColumnAccumulator.addressBits)
            }
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: n) { out in
                for i in 0..<n {
                    guard kinds[i] == Cell.string.rawValue else { out[i] = 0; continue }
                    let address = UInt(truncatingIfNeeded: bits[i])
                    let slot = Int(truncatingIfNeeded: (UInt64(address) &* 0x9E37_79B9_7F4A_7C15) >> (64 - UInt64(ColumnAccumulator.addressBits)))
                    if addressKeys[slot] == address { out[i] = addressCodes[slot]; continue }
                    let code = dictionary.code(UnsafePointer(bitPattern: address)!, lengths[i])
                    addressKeys[slot] = address
                    addressCodes[slot] = code
                    out[i] = code
                }
                codes.append(contentsOf: out)
            }
        }
        count += n
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
