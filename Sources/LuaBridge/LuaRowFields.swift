import CLua

/// One field of a row read by `LuaState.readRowFields`: string bytes point into the Lua
/// string and are valid only during the callback.
public enum LuaField {
    case none
    case integer(Int64)
    case number(Double)
    case boolean(Bool)
    case string(UnsafePointer<UInt8>, Int)
    /// A value a table cell cannot hold: its type name ("table", "function", a class name).
    case other(String)
}

extension LuaState {
    /// [-0, +0] The number of rows of the array at `index`: entries 1, 2, … up to the first
    /// nil (raw reads: no metamethods).
    public func arrayLength(at index: Int32) -> Int {
        let t = lua_absindex(L, index)
        var n = 0
        while true {
            let type = lua_rawgeti(L, t, lua_Integer(n + 1))   // [-0, +1]
            clua_pop(L, 1)
            if type == LUA_TNIL { return n }
            n += 1
        }
    }

    /// [-0, +0] The string keys of the rows 1...rows of the array at `index`, in order of first
    /// appearance, each row's new keys sorted (Lua tables have no order); and the first row
    /// that is not a table, with its type name.
    /// With `collect` false only the rows are checked.
    public func rowKeys(at index: Int32, rows: Int, collect: Bool = true) -> (keys: [String], badRow: (row: Int, type: String)?) {
        let t = lua_absindex(L, index)
        var keys: [String] = []
        var known = Set<[UInt8]>()
        // Short strings are interned by Lua: a key seen before has the same address.
        var seenAddress = Set<UnsafeRawPointer>()
        var fresh: [[UInt8]] = []
        guard lua_checkstack(L, 4) != 0 else { return ([], nil) }
        for r in stride(from: 1, through: rows, by: 1) {
            let type = lua_rawgeti(L, t, lua_Integer(r))   // [-0, +1]
            if type != LUA_TTABLE {
                let name = typeName(-1)
                clua_pop(L, 1)
                return (keys, (r, name))
            }
            if !collect { clua_pop(L, 1); continue }
            let row = lua_gettop(L)
            fresh.removeAll(keepingCapacity: true)
            lua_pushnil(L)
            while lua_next(L, row) != 0 {                   // [-1, +2]
                if lua_type(L, -2) == LUA_TSTRING {
                    var len = 0
                    let p = clua_tostring(L, -2, &len)!
                    let address = UnsafeRawPointer(p)
                    if !seenAddress.contains(address) {
                        let bytes = Array(UnsafeRawBufferPointer(start: p, count: len).bindMemory(to: UInt8.self))
                        if known.insert(bytes).inserted { fresh.append(bytes) }
                        if len <= 40 { seenAddress.insert(address) }
                    }
                }
                clua_pop(L, 1)
            }
            clua_pop(L, 1)
            if !fresh.isEmpty {
                for k in fresh.map({ String(decoding: $0, as: UTF8.self) }).sorted() { keys.append(k) }
            }
        }
        return (keys, nil)
    }

    /// [-0, +0] Calls `body(row, column, field)` for rows 0..<rows (Lua rows 1...rows) of the
    /// array at `index` and each of `keys`, row by row, with raw reads (no metamethods, no
    /// Lua value copied into Swift). Rows must be tables (see `rowKeys`). `stop` is asked every
    /// 4,096 rows; true ends the loop early.
    public func readRowFields(at index: Int32, rows: Int, keys: [String], stop: () -> Bool,
                              _ body: (Int, Int, LuaField) -> Void) {
        let t = lua_absindex(L, index)
        guard lua_checkstack(L, Int32(keys.count) + 4) != 0 else { return }
        let base = lua_gettop(L)
        for k in keys { k.withCString { _ = lua_pushstring(L, $0) } }   // [-0, +keys]
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
                    field = .other(typeName(-1))
                }
                body(r, c, field)
                clua_pop(L, 1)
            }
            clua_pop(L, 1)
        }
    }

    /// The type name of the value at `index` as `value(at:)` shows it: a userdata's class name.
    private func typeName(_ index: Int32) -> String {
        if lua_type(L, index) == LUA_TUSERDATA { return clua_objectname(L, index).map { String(cString: $0) } ?? "userdata" }
        return String(cString: clua_typename(L, index))
    }
}
