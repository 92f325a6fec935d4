// One column of one chunk of a CSV file while it is parsed: the values of the chunk's rows in
// the narrowest type that has fitted every field so far (nothing yet, integer → float,
// boolean, date, or string), converted straight from the bytes. A field that fits neither
// the current type nor a widening of it asks for the chunk to be parsed again with the
// column as text (`Fit.needsText`); that happens at most once per column and chunk.

struct CSVChunkColumn {
    enum Kind: UInt8 { case empty, int, double, bool, date, string }
    enum Fit { case ok, needsText, failed }

    private(set) var kind: Kind
    /// The type the caller fixed, if any: fields that do not fit are failures, not widenings.
    let forced: DataType?
    private(set) var count = 0
    var ints: [Int64] = []
    var doubles: [Double] = []
    var bools: [Bool] = []
    var dates: [Int32] = []
    var codes: [UInt32] = []
    var dictionary = ByteDictionary(keepsStrings: false)
    /// nil until the first null.
    var valid: [Bool]? = nil
    /// Whether a field read as an integer would change as a double (9223372036854775807 →
    /// …808): if the column turns out to be float, it is read as text instead, every digit kept.
    private(set) var lossy = false

    /// Rows the chunk is expected to hold: arrays are reserved at that size when their type
    /// is known (growing by doubling would leave up to half of each array unused, and the
    /// chunks of a whole file are all alive until the table is built).
    let capacity: Int

    init(forced: DataType?, text: Bool, capacity: Int) {
        self.forced = forced
        self.capacity = capacity
        switch forced {
        case .integer?: kind = .int
        case .float?: kind = .double
        case .boolean?: kind = .bool
        case .date?: kind = .date
        case .string?: kind = .string
        case nil: kind = text ? .string : .empty
        }
        reserve()
    }

    private mutating func reserve() {
        switch kind {
        case .empty: break
        case .int: ints.reserveCapacity(capacity)
        case .double: doubles.reserveCapacity(capacity)
        case .bool: bools.reserveCapacity(capacity)
        case .date: dates.reserveCapacity(capacity)
        case .string: codes.reserveCapacity(capacity)
        }
    }

    var hasNull: Bool { valid != nil }

    @inline(__always)
    mutating func appendNull() {
        if valid == nil {
            var v = [Bool]()
            v.reserveCapacity(Swift.max(capacity, count + 1))
            v.append(contentsOf: repeatElement(true, count: count))
            valid = v
        }
        valid!.append(false)
        switch kind {
        case .empty: break
        case .int: ints.append(0)
        case .double: doubles.append(0)
        case .bool: bools.append(false)
        case .date: dates.append(0)
        case .string: codes.append(0)
        }
        count += 1
    }

    /// Appends the field's value; `.needsText` when the column must be read as text,
    /// `.failed` when a forced type does not fit (nothing appended then).
    @inline(__always)
    mutating func append(_ p: UnsafePointer<UInt8>, _ n: Int) -> Fit {
        switch kind {
        case .string:
            codes.append(dictionary.code(p, n))
        case .int:
            if let v = ByteParsing.int(p, n) { noteInteger(v); ints.append(v) }
            else if forced == nil, let d = ByteParsing.double(p, n) {
                // The first non-integer: the integers so far become doubles (as parsing their
                // text as floats gives).
                doubles.reserveCapacity(Swift.max(capacity, ints.count + 1))
                doubles.append(contentsOf: ints.lazy.map { Double($0) })
                ints = []
                doubles.append(d)
                kind = .double
            } else { return forced == nil ? .needsText : .failed }
        case .double:
            guard let v = ByteParsing.double(p, n) else { return forced == nil ? .needsText : .failed }
            if Swift.abs(v) >= 9007199254740992, let i = ByteParsing.int(p, n) { noteInteger(i) }
            doubles.append(v)
        case .bool:
            guard let v = ByteParsing.bool(p, n) else { return forced == nil ? .needsText : .failed }
            bools.append(v)
        case .date:
            guard let v = ByteParsing.date(p, n) else { return forced == nil ? .needsText : .failed }
            dates.append(v)
        case .empty:
            // The first value decides, in the order inference tries types.
            if let v = ByteParsing.int(p, n) { noteInteger(v); kind = .int; reserve(); ints.append(contentsOf: repeatElement(0, count: count)); ints.append(v) }
            else if let v = ByteParsing.double(p, n) { kind = .double; reserve(); doubles.append(contentsOf: repeatElement(0, count: count)); doubles.append(v) }
            else if let v = ByteParsing.bool(p, n) { kind = .bool; reserve(); bools.append(contentsOf: repeatElement(false, count: count)); bools.append(v) }
            else if let v = ByteParsing.date(p, n) { kind = .date; reserve(); dates.append(contentsOf: repeatElement(0, count: count)); dates.append(v) }
            else { return .needsText }
        }
        valid?.append(true)
        count += 1
        return .ok
    }

    /// Integers up to 2^53 are exact as doubles: only larger ones are looked at.
    @inline(__always)
    private mutating func noteInteger(_ v: Int64) {
        if v.magnitude > 1 << 53 && forced == nil && !ByteParsing.exactAsDouble(v) { lossy = true }
    }

    /// After a failure of a forced type: the row counts as null so that rows stay aligned
    /// (the read fails anyway).
    mutating func appendFailed() { appendNull() }

    /// Frees the values (once copied into the table's column).
    mutating func release() {
        ints = []; doubles = []; bools = []; dates = []; codes = []; valid = nil
        dictionary = ByteDictionary(keepsStrings: false)
    }
}

extension CSVChunkColumn.Kind {
    /// The type of a column whose chunks are of these kinds: the one kind they share,
    /// float for integers mixed with floats, else string (also when every row is null).
    static func join(_ kinds: [CSVChunkColumn.Kind]) -> DataType {
        var seen = Set(kinds)
        seen.remove(.empty)
        if seen.count == 1 {
            switch seen.first! {
            case .int: return .integer
            case .double: return .float
            case .bool: return .boolean
            case .date: return .date
            case .string, .empty: return .string
            }
        }
        if seen == [.int, .double] { return .float }
        return .string
    }
}
