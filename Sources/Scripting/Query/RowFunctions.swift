// q:filter(function(row) ... end): the function is called once per row by a loop in C
// (LuaState.filterRows), over the result's columns read in place, and the rows it keeps are
// gathered into a new table with the same columns and types. Only the columns the function
// reads are put into its row table; the table is reused from row to row (a function that
// keeps rows must copy them).

import LuaBridge
import QueryEngine

enum RowFunctions {
    /// q:filter(function): the rows of the query's result the function at stack index
    /// `function` keeps, as a new query. What the function raised goes on as it was
    /// (error({code = 1}) reaches pcall as that table, as in lua5.4): `LuaRaised`.
    static func filter(_ box: QueryBox, function: Int32, in lua: LuaState) throws -> QueryBox {
        let t = try box.result()
        let kept: Table
        do throws(LuaError) { kept = try filter(t, function: function, in: lua) } catch { throw LuaRaised() }
        return box.derived(Query(kept, name: "rows kept by a Lua function", resolver: box.query.resolver))
    }

    /// The rows of `table` the Lua function at stack index `function` keeps.
    static func filter(_ table: Table, function: Int32, in lua: LuaState) throws(LuaError) -> Table {
        let prepared = table.columns.map(PreparedColumn.init)
        let kept = try withRowColumns(prepared[...], names: table.columnNames[...], acc: []) { (columns) throws(LuaError) in
            try lua.filterRows(function: function, columns: columns, rowCount: table.rowCount)
        }
        return kept.count == table.rowCount ? table : table.gather(kept)
    }

    /// A column in the shape C reads: strings (and dates, as their ISO text, the way rows
    /// give them) as dictionary codes plus one buffer of the dictionary's bytes.
    struct PreparedColumn {
        enum Data {
            case integer([Int64]), number([Double]), boolean([Bool])
            case string(codes: [UInt32], bytes: [UInt8], offsets: [Int])
        }
        let data: Data
        let valid: [Bool]?

        init(_ c: Column) {
            valid = c.valid
            switch c.storage {
            case .int(let a): data = .integer(a)
            case .double(let a): data = .number(a)
            case .bool(let a): data = .boolean(a)
            case .string(let codes, let dictionary):
                data = Self.strings(codes: codes, dictionary: dictionary)
            case .date(let days):
                // Few distinct days in practice: a small dictionary of their ISO text.
                var index: [Int32: UInt32] = [:]
                var dictionary: [String] = []
                let codes = days.map { d -> UInt32 in
                    if let c = index[d] { return c }
                    let c = UInt32(dictionary.count)
                    index[d] = c
                    dictionary.append(CivilDate(days: d).description)
                    return c
                }
                data = Self.strings(codes: codes, dictionary: dictionary)
            }
        }

        static func strings(codes: [UInt32], dictionary: [String]) -> Data {
            var bytes: [UInt8] = []
            var offsets: [Int] = [0]
            offsets.reserveCapacity(dictionary.count + 1)
            for s in dictionary { ByteText.withBytes(of: s) { bytes.append(contentsOf: $0) }; offsets.append(bytes.count) }
            if bytes.isEmpty { bytes = [0] }   // a real pointer even when every string is empty
            return .string(codes: codes, bytes: bytes, offsets: offsets)
        }
    }

    /// Nests the arrays' buffer accesses, one column at a time, so every pointer handed to C
    /// stays valid for the whole call.
    private static func withRowColumns<R>(_ rest: ArraySlice<PreparedColumn>, names: ArraySlice<String>, acc: [LuaRowColumn],
                                          _ body: ([LuaRowColumn]) throws(LuaError) -> R) throws(LuaError) -> R {
        guard let c = rest.first, let name = names.first else { return try body(acc) }
        let next = rest.dropFirst(), nextNames = names.dropFirst()
        func more(_ data: LuaRowColumn.Data, _ valid: UnsafePointer<Bool>?) throws(LuaError) -> R {
            try withRowColumns(next, names: nextNames, acc: acc + [LuaRowColumn(nameBytes: ByteText.bytes(of: name), data: data, valid: valid)], body)
        }
        return try withOptionalPointer(c.valid) { (valid) throws(LuaError) -> R in
            switch c.data {
            case .integer(let a):
                return try a.withUnsafeBufferPointer { (p) throws(LuaError) -> R in try more(.integer(p.baseAddress ?? dangling()), valid) }
            case .number(let a):
                return try a.withUnsafeBufferPointer { (p) throws(LuaError) -> R in try more(.number(p.baseAddress ?? dangling()), valid) }
            case .boolean(let a):
                return try a.withUnsafeBufferPointer { (p) throws(LuaError) -> R in try more(.boolean(p.baseAddress ?? dangling()), valid) }
            case .string(let codes, let bytes, let offsets):
                return try codes.withUnsafeBufferPointer { (cp) throws(LuaError) -> R in
                    try bytes.withUnsafeBufferPointer { (bp) throws(LuaError) -> R in
                        try offsets.withUnsafeBufferPointer { (op) throws(LuaError) -> R in
                            try more(.string(codes: cp.baseAddress ?? dangling(), bytes: bp.baseAddress!, offsets: op.baseAddress!), valid)
                        }
                    }
                }
            }
        }
    }

    private static func withOptionalPointer<R>(_ a: [Bool]?, _ body: (UnsafePointer<Bool>?) throws(LuaError) -> R) throws(LuaError) -> R {
        guard let a else { return try body(nil) }
        return try a.withUnsafeBufferPointer { (p) throws(LuaError) -> R in try body(p.baseAddress) }
    }

    /// A non-null pointer for an empty array (C reads nothing through it).
    private static func dangling<T>() -> UnsafePointer<T> { UnsafePointer(bitPattern: MemoryLayout<T>.alignment)! }
}
