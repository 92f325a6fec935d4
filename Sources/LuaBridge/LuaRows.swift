import CLua
#if canImport(Glibc)
import Glibc
#endif

/// One column for `LuaState.filterRows`, read in place from the caller's arrays: the pointers
/// must stay valid for the whole call (take them inside `withUnsafeBufferPointer`).
public struct LuaRowColumn {
    public enum Data {
        case integer(UnsafePointer<Int64>)
        case number(UnsafePointer<Double>)
        case boolean(UnsafePointer<Bool>)
        /// Dictionary codes per row; the dictionary's UTF-8 bytes, and for code c the range
        /// offsets[c] ..< offsets[c + 1] (so offsets has one more entry than the dictionary).
        case string(codes: UnsafePointer<UInt32>, bytes: UnsafePointer<UInt8>, offsets: UnsafePointer<Int>)
    }
    /// The key of the column in the row table, as bytes (a Lua string may hold any).
    var nameBytes: [UInt8]
    public var data: Data
    /// One entry per row, false = null; nil when the column has no nulls.
    public var valid: UnsafePointer<Bool>?

    public init(nameBytes: [UInt8], data: Data, valid: UnsafePointer<Bool>?) {
        self.nameBytes = nameBytes; self.data = data; self.valid = valid
    }
}

extension LuaState {
    /// [-0, +(0|1)] Calls the Lua function at stack index `function` (of the calling thread)
    /// once per row, with a row table holding the columns it reads, and returns the numbers
    /// (from 0) of the rows it kept (a true result), in order. The loop runs in C inside one
    /// protected call (clua_filter_rows); the row table is reused from row to row. When the
    /// function raises, the value it raised is left on the stack (+1) and the error thrown
    /// carries its text, so the caller can raise the value again unchanged (LuaReturn.raise).
    public func filterRows(function: Int32, columns: [LuaRowColumn], rowCount: Int) throws(LuaError) -> [Int] {
        // Names as byte buffers that live through the call (with a NUL after, though C
        // reads name_len bytes: a name may hold any byte).
        let names = columns.map { c -> UnsafeMutablePointer<CChar> in
            let p = UnsafeMutablePointer<CChar>.allocate(capacity: c.nameBytes.count + 1)
            for (i, b) in c.nameBytes.enumerated() { p[i] = CChar(bitPattern: b) }
            p[c.nameBytes.count] = 0
            return p
        }
        defer { for n in names { n.deallocate() } }
        let described: [clua_RowColumn] = columns.enumerated().map { k, c in
            var d = clua_RowColumn()
            d.name = UnsafePointer(names[k])
            d.name_len = c.nameBytes.count
            d.valid = c.valid.map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) }
            switch c.data {
            case .integer(let p): d.kind = Int32(CLUA_COLUMN_INTEGER); d.data = UnsafeRawPointer(p)
            case .number(let p): d.kind = Int32(CLUA_COLUMN_NUMBER); d.data = UnsafeRawPointer(p)
            case .boolean(let p): d.kind = Int32(CLUA_COLUMN_BOOLEAN); d.data = UnsafeRawPointer(p)
            case .string(let codes, let bytes, let offsets):
                d.kind = Int32(CLUA_COLUMN_STRING); d.data = UnsafeRawPointer(codes)
                d.bytes = bytes; d.offsets = offsets
            }
            return d
        }
        var status = LUA_OK
        // Uninitialised room for every row (Int needs no initialisation): only the pages
        // the kept rows reach are touched.
        let kept = [Int](unsafeUninitializedCapacity: rowCount) { buffer, count in
            var nkept = 0
            status = described.withUnsafeBufferPointer { cols in
                clua_filter_rows(L, function, cols.baseAddress, Int32(cols.count), rowCount, buffer.baseAddress, &nkept)
            }
            count = nkept
        }
        if status != LUA_OK {
            // The value the function raised stays on the stack, for the caller to raise again
            // unchanged (LuaReturn.raise); the error carries its text.
            var length = 0
            let text = lua_type(L, -1) == LUA_TSTRING ? clua_tostring(L, -1, &length).map { String(cString: $0) } : nil
            throw LuaError.from(status: status, message: text ?? "(error object is a \(String(cString: clua_typename(L, -1))) value)")
        }
        return kept
    }
}
