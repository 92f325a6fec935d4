// Reading a Lua list of rows (`{ {a = 1, b = "x"}, ... }`) in place, with raw accessors, for
// `hemi.from_rows`: no LuaValue tree of the whole list (10M rows copied into Swift values took
// 9.1 GB against 2.0 GB for the Lua tables themselves), no metamethods run. Only the regular
// shape is read here — a list 1…n of tables keyed by strings; anything else is reported as
// irregular so that the caller can take its general path, which words the error.

import CLua

/// One field of a row read by `LuaState.readRowFields`: string bytes point into the Lua
/// string and are valid only during the callback.
public enum LuaField {
    case none
    case integer(Int64)
    case number(Double)
    case boolean(Bool)
    case string(UnsafePointer<UInt8>, Int)
    /// A value a table cell cannot hold (a table, function, userdata, thread).
    case other
}

extension LuaState {
    /// [-0, +0] The number of rows of the list at `index` — entries 1, 2, … up to the first
    /// nil — when the table holds nothing else (no holes, no other keys); nil otherwise.
    public func listLength(at index: Int32) -> Int? {
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

    /// [-0, +0] Checks rows 1...rows of the list at `index`: each a table other than the list
    /// itself, keyed by strings only. Returns the keys as `name` makes them from their bytes
    /// (the caller's codec), in order of first appearance, each row's new keys sorted (Lua
    /// tables have no order; `collect` false: none), or nil when a row is irregular.
    public func rowKeys(at index: Int32, rows: Int, collect: Bool,
                        name: (UnsafeRawBufferPointer) -> String) -> [String]? {
        let t = lua_absindex(L, index)
        guard lua_checkstack(L, 4) != 0 else { return nil }
        var keys: [String] = []
        var known = Set<String>()
        // Short strings are interned by Lua: a key seen before has the same address, and rows
        // made by one constructor list their keys in the same order, so most rows are
        // recognised by comparing addresses with the row before.
        var previous: [UnsafeRawPointer] = [], current: [UnsafeRawPointer] = []
        var fresh: [String] = []
        for r in stride(from: 1, through: rows, by: 1) {
            guard lua_rawgeti(L, t, lua_Integer(r)) == LUA_TTABLE, lua_rawequal(L, -1, t) == 0 else {   // [-0, +1]
                clua_pop(L, 1)
                return nil
            }
            let row = lua_gettop(L)
            current.removeAll(keepingCapacity: true)
            var regular = true
            lua_pushnil(L)
            while lua_next(L, row) != 0 {                       // [-1, +2]
                guard lua_type(L, -2) == LUA_TSTRING else { regular = false; clua_pop(L, 2); break }
                if collect {
                    var len = 0
                    current.append(UnsafeRawPointer(clua_tostring(L, -2, &len)!))
                }
                clua_pop(L, 1)
            }
            clua_pop(L, 1)
            guard regular else { return nil }
            if !collect || current == previous { continue }
            // New keys: read them again as text (the row is still referenced by the list).
            lua_rawgeti(L, t, lua_Integer(r))                   // [-0, +1]
            fresh.removeAll(keepingCapacity: true)
            lua_pushnil(L)
            while lua_next(L, row) != 0 {                       // [-1, +2]
                var len = 0
                let p = clua_tostring(L, -2, &len)!
                let key = name(UnsafeRawBufferPointer(start: p, count: len))
                if known.insert(key).inserted { fresh.append(key) }
                clua_pop(L, 1)
            }
            clua_pop(L, 1)
            keys.append(contentsOf: fresh.sorted())
            swap(&previous, &current)
        }
        return keys
    }

    /// [-0, +0] Calls `body(row, column, field)` for rows 0..<rows (Lua rows 1...rows) of the
    /// list at `index` and each of `keys` (their bytes), row by row, with raw reads (no metamethods, no Lua
    /// value copied into Swift). Rows must be tables (see `rowKeys`). `stop` is asked every
    /// 4,096 rows; true ends the loop early.
    public func readRowFields(at index: Int32, rows: Int, keys: [[UInt8]], stop: () -> Bool,
                              _ body: (Int, Int, LuaField) -> Void) {
        let t = lua_absindex(L, index)
        guard lua_checkstack(L, Int32(keys.count) + 4) != 0 else { return }
        let base = lua_gettop(L)
        for k in keys { k.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { _ = lua_pushlstring(L, $0.baseAddress, $0.count) } } }   // [-0, +keys]
        defer { lua_settop(L, base) }
        for r in 0..<rows {
            if r & 4095 == 0 && stop() { return }
            guard lua_rawgeti(L, t, lua_Integer(r + 1)) == LUA_TTABLE else { clua_pop(L, 1); continue }
            let row = lua_gettop(L)
            for c in 0..<keys.count {
                lua_pushvalue(L, base + 1 + Int32(c))
                let field: LuaField
                switch lua_rawget(L, row) {                      // [-1, +1]
                case LUA_TNIL: field = .none
                case LUA_TBOOLEAN: field = .boolean(lua_toboolean(L, -1) != 0)
                case LUA_TNUMBER:
                    field = lua_isinteger(L, -1) != 0 ? .integer(clua_tointeger(L, -1, nil)) : .number(clua_tonumber(L, -1, nil))
                case LUA_TSTRING:
                    var len = 0
                    let p = clua_tostring(L, -1, &len)!
                    field = .string(UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), len)
                default:
                    field = .other
                }
                body(r, c, field)
                clua_pop(L, 1)
            }
            clua_pop(L, 1)
        }
    }
}
