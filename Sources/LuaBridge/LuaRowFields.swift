// Reading a Lua list of rows (`{ {a = 1, b = "x"}, ... }`) in place, with raw accessors, for
// `hemi.from_rows`: no LuaValue tree of the whole list (10M rows copied into Swift values took
// 9.1 GB against 2.0 GB for the Lua tables themselves), no metamethods run. Only the regular
// shape is read here — a list 1…n of tables keyed by strings; anything else is reported as
// irregular so that the caller can take its general path, which words the error.
//
// Each row is visited once, by `lua_next`: the traversal both checks its keys (strings only)
// and reads its cells, where a `lua_rawget` per column after a checking traversal touched every
// row table twice (at 10M rows the rows are gigabytes, and each visit is a cache miss). The
// order of a table's keys is not the columns' order, so a key is mapped to its column by the
// address of its bytes: Lua interns short strings, so the same key in every row is the same
// address, and rows made by one constructor list their keys in the same order, so the column
// of the n-th key of the row before is nearly always right.

import CLua

/// What a cell read by `readRows` holds (`LuaRowBlock.kinds`). The raw values are those of
/// QueryEngine's `ColumnAccumulator.Cell`, which takes a block's cells as they are.
public enum LuaCellKind: UInt8, CaseIterable {
    /// No value: the row has no such key.
    case none = 0
    case integer = 1
    case number = 2
    case boolean = 3
    case string = 4
    /// A value a table cell cannot hold (a table, function, userdata, thread).
    case other = 5
}

/// Consecutive rows read by `readRows`, stored column by column: the cell of row `firstRow + i`
/// in column `c` is entry `c * stride + i` (i < rows) of `kinds`, `bits` and `lengths`. `bits`
/// holds an integer's or a number's bits, a boolean as 0 or 1, or the address of a string's
/// bytes — which stay at that address, unchanged, until `readRows` returns (the list holds
/// them); `lengths` holds a string's byte count. Other entries are left as they were.
public struct LuaRowBlock {
    public let firstRow: Int
    public let rows: Int
    public let stride: Int
    /// The columns' names so far (all of them when the caller gave the keys).
    public let names: [String]
    public let kinds: UnsafePointer<UInt8>
    public let bits: UnsafePointer<UInt64>
    public let lengths: UnsafePointer<Int>
}

extension LuaState {
    /// [-0, +0] The number of rows of the list at `index` — entries 1, 2, … up to the first
    /// nil — when the table holds nothing else (no holes, no other keys); nil otherwise.
    public func listLength(at index: Int32) -> Int? {
        let L = self.L
        let t = lua_absindex(L, index)
        var n = 0
        while true {
            let type = lua_rawgeti(L, t, lua_Integer(n + 1))   // [-0, +1]
            clua_pop(L, 1)
            if type == LUA_TNIL { break }
            n += 1
        }
        // Every key 1…n exists, so n keys in all means there are no others.
        var keys = 0
        lua_pushnil(L)
        while lua_next(L, t) != 0 {                            // [-1, +2]
            clua_pop(L, 1)
            keys += 1
            if keys > n { clua_pop(L, 1); return nil }
        }
        return keys == n ? n : nil
    }

    /// [-0, +0] Reads rows 1...rows of the list at `index` (whose length `listLength` gave),
    /// each a table keyed by strings, with one raw traversal per row, and hands them to `block`
    /// in blocks of consecutive rows. `keys`: the columns' keys as bytes (a row's other keys are
    /// passed over); nil to collect them: in order of first appearance, each row's new keys
    /// sorted by their names (Lua tables have no order). `name` makes a key's name from its
    /// bytes (the caller's codec). `stop` is asked every 4,096 rows.
    ///
    /// Returns the columns' names, or nil when the list is irregular — a row that is not a
    /// table, a key that is not a string, a key whose name is a given column's but whose bytes
    /// are not (text that compares equal, as é composed and decomposed: the caller's general
    /// path keys rows by text) —, when `block` returns false or `stop` true.
    public func readRows(at index: Int32, rows: Int, keys given: [[UInt8]]?,
                         name: (UnsafeRawBufferPointer) -> String, stop: () -> Bool,
                         block: (LuaRowBlock) -> Bool) -> [String]? {
        let L = self.L
        let t = lua_absindex(L, index)
        guard lua_checkstack(L, 4) != 0 else { return nil }
        let base = lua_gettop(L)
        defer { lua_settop(L, base) }
        let row = base + 1, key = base + 2, value = base + 3

        var columns = RowColumns(given: given, name: name)
        // The column of the key met in each position of a row's traversal, by the address of
        // its bytes (see the top of the file): nil address, none seen there yet.
        var predicted: [(address: UnsafeRawPointer?, column: Int)] = []
        var fresh: [(UnsafeRawPointer, Int)] = []

        var cells = CellBlock(columns: columns.count)
        defer { cells.free() }
        var blockStart = 0, i = 0

        var r = 0
        while r < rows {
            if r & 4095 == 0 && stop() { return nil }
            if i == cells.stride {
                guard block(cells.block(firstRow: blockStart, rows: i, names: columns.names)) else { return nil }
                blockStart += i; i = 0
            }
            guard lua_rawgeti(L, t, lua_Integer(r + 1)) == LUA_TTABLE else { return nil }   // [-0, +1]
            let kinds = cells.kinds, bits = cells.bits, lengths = cells.lengths, stride = cells.stride
            var cell = i
            for _ in 0..<columns.count { kinds[cell] = LuaCellKind.none.rawValue; cell += stride }
            var position = 0
            lua_pushnil(L)
            while lua_next(L, row) != 0 {                                                 // [-1, +2]
                guard lua_type(L, key) == LUA_TSTRING else { return nil }
                var length = 0
                let bytes = UnsafeRawPointer(clua_tostring(L, key, &length)!)
                let c: Int
                if position < predicted.count && predicted[position].address == bytes {
                    c = predicted[position].column
                } else {
                    let p = predicted.indices.contains(position) ? predicted[position].column : -1
                    c = columns.column(bytes, length, predicted: p, name: name)
                    if c == RowColumns.irregular { return nil }
                    if c == RowColumns.new {
                        fresh.append((bytes, length))
                    } else if position < predicted.count {
                        predicted[position] = (bytes, c)
                    } else {
                        predicted.append((bytes, c))
                    }
                }
                position += 1
                if c >= 0 {
                    let s = c * stride + i
                    switch lua_type(L, value) {
                    case LUA_TNUMBER:
                        if lua_isinteger(L, value) != 0 {
                            kinds[s] = LuaCellKind.integer.rawValue
                            bits[s] = UInt64(bitPattern: clua_tointeger(L, value, nil))
                        } else {
                            kinds[s] = LuaCellKind.number.rawValue
                            bits[s] = clua_tonumber(L, value, nil).bitPattern
                        }
                    case LUA_TSTRING:
                        var n = 0
                        let p = clua_tostring(L, value, &n)!
                        kinds[s] = LuaCellKind.string.rawValue
                        bits[s] = UInt64(UInt(bitPattern: p))
                        lengths[s] = n
                    case LUA_TBOOLEAN:
                        kinds[s] = LuaCellKind.boolean.rawValue
                        bits[s] = lua_toboolean(L, value) != 0 ? 1 : 0
                    default:
                        kinds[s] = LuaCellKind.other.rawValue
                    }
                }
                lua_settop(L, key)                                                        // [-1, +0]
            }
            lua_settop(L, base)                                                           // [-1, +0]
            if !fresh.isEmpty {
                // New keys: the rows before take the columns known so far; then the row is read
                // again with its keys added (its cells so far were written to the old layout).
                if i > 0 {
                    guard block(cells.block(firstRow: blockStart, rows: i, names: columns.names)) else { return nil }
                    blockStart += i; i = 0
                }
                columns.add(fresh, name: name)
                fresh.removeAll(keepingCapacity: true)
                cells.free()
                cells = CellBlock(columns: columns.count)
                continue
            }
            i += 1
            r += 1
        }
        if i > 0 { guard block(cells.block(firstRow: blockStart, rows: i, names: columns.names)) else { return nil } }
        return columns.names
    }
}

/// The cells of one block: `stride` rows a column, about 64K cells in all.
private struct CellBlock {
    let stride: Int
    let kinds: UnsafeMutablePointer<UInt8>
    let bits: UnsafeMutablePointer<UInt64>
    let lengths: UnsafeMutablePointer<Int>

    init(columns: Int) {
        stride = max(16, min(1024, 65_536 / max(columns, 1)))
        let n = stride * columns
        kinds = .allocate(capacity: n); bits = .allocate(capacity: n); lengths = .allocate(capacity: n)
    }

    func free() { kinds.deallocate(); bits.deallocate(); lengths.deallocate() }

    func block(firstRow: Int, rows: Int, names: [String]) -> LuaRowBlock {
        LuaRowBlock(firstRow: firstRow, rows: rows, stride: stride, names: names, kinds: kinds, bits: bits, lengths: lengths)
    }
}

/// The columns `readRows` fills: their keys' bytes and names, found by address or by bytes.
private struct RowColumns {
    static let ignored = -1, new = -2, irregular = -3

    private(set) var names: [String]
    private var keyBytes: [[UInt8]]
    private var byBytes: [[UInt8]: Int] = [:]
    private var byAddress: [UnsafeRawPointer: Int] = [:]
    /// Collecting keys (none given): an unknown key is a new column, not one to pass over.
    private let collect: Bool
    private let givenNames: Set<String>

    init(given: [[UInt8]]?, name: (UnsafeRawBufferPointer) -> String) {
        collect = given == nil
        keyBytes = given ?? []
        names = keyBytes.map { b in b.withUnsafeBytes { name($0) } }
        givenNames = Set(names)
        for (c, b) in keyBytes.enumerated() where byBytes[b] == nil { byBytes[b] = c }
    }

    var count: Int { names.count }

    /// Lua's longest interned string (LUAI_MAXSHORTLEN): a longer key is a new object in each
    /// row that spells it, so its address is not remembered (there could be one per row).
    private static let shortLength = 40

    /// The column of the key whose bytes are at `bytes`, or `ignored`, `new` (collecting) or
    /// `irregular`; `predicted` is the column the same position held in the row before;
    /// `name` makes a name from bytes.
    mutating func column(_ bytes: UnsafeRawPointer, _ length: Int, predicted: Int,
                         name: (UnsafeRawBufferPointer) -> String) -> Int {
        if let c = byAddress[bytes] { return c }
        let key = UnsafeRawBufferPointer(start: bytes, count: length)
        let c: Int
        if predicted >= 0 && keyBytes[predicted].elementsEqual(key) {
            c = predicted
        } else if let known = byBytes[Array(key)] {
            c = known
        } else if collect {
            return RowColumns.new
        } else {
            // Not a column: passed over, unless its name is one (text equal, bytes not).
            if givenNames.contains(name(key)) { return RowColumns.irregular }
            c = RowColumns.ignored
        }
        if length <= RowColumns.shortLength { byAddress[bytes] = c }
        return c
    }

    /// Adds the new keys of one row (their bytes live in the list), sorted by name.
    mutating func add(_ keys: [(UnsafeRawPointer, Int)], name: (UnsafeRawBufferPointer) -> String) {
        let named = keys.map { k -> (String, [UInt8]) in
            let b = UnsafeRawBufferPointer(start: k.0, count: k.1)
            return (name(b), Array(b))
        }
        for (n, b) in named.sorted(by: { $0.0 < $1.0 }) {
            byBytes[b] = names.count
            names.append(n)
            keyBytes.append(b)
        }
    }
}
