import CLua

/// A Lua value copied into Swift. Strings keep their exact bytes; tables are copied with
/// cycle detection (a table met again on the same path becomes `.cycle`).
public enum LuaValue: Equatable, Sendable {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string([UInt8])
    case table([LuaTableEntry])
    case cycle
    /// A function, userdata or thread: only its type name crosses into Swift.
    case opaque(String)

    public static func string(_ s: String) -> LuaValue { .string(Array(s.utf8)) }

    /// The string's bytes read as UTF-8 (invalid sequences replaced): for names, options and
    /// messages. Data strings keep their bytes: Scripting turns them into engine text with
    /// QueryEngine's `ByteText` (LuaBridge knows nothing of the engine), and back.
    public var stringValue: String? {
        if case .string(let b) = self { return String(decoding: b, as: UTF8.self) }
        return nil
    }
}

public struct LuaTableEntry: Equatable, Sendable {
    public var key: LuaValue
    public var value: LuaValue
    public init(key: LuaValue, value: LuaValue) { self.key = key; self.value = value }
}

/// Swift types that cross into Lua.
public protocol LuaConvertible {
    var luaValue: LuaValue { get }
}
extension Int: LuaConvertible { public var luaValue: LuaValue { .integer(Int64(self)) } }
extension Double: LuaConvertible { public var luaValue: LuaValue { .number(self) } }
extension Bool: LuaConvertible { public var luaValue: LuaValue { .boolean(self) } }
extension String: LuaConvertible { public var luaValue: LuaValue { .string(self) } }
extension Array: LuaConvertible where Element: LuaConvertible {
    public var luaValue: LuaValue {
        .table(enumerated().map { LuaTableEntry(key: .integer(Int64($0.offset + 1)), value: $0.element.luaValue) })
    }
}

extension LuaState {
    /// [-0, +1] Pushes a value. `.cycle` and `.opaque` push nil (they cannot be rebuilt).
    public func push(_ value: LuaValue) {
        switch value {
        case .nil, .cycle, .opaque: lua_pushnil(L)
        case .boolean(let b): lua_pushboolean(L, b ? 1 : 0)
        case .integer(let i): lua_pushinteger(L, i)
        case .number(let d): lua_pushnumber(L, d)
        case .string(let bytes):
            bytes.withUnsafeBufferPointer { buf in
                _ = buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buf.count, 1)) {
                    lua_pushlstring(L, $0, buf.count)
                }
            }
        case .table(let entries):
            lua_createtable(L, 0, Int32(entries.count))
            for e in entries {
                if case .nil = e.key { continue }
                push(e.key); push(e.value); lua_rawset(L, -3)
            }
        }
    }

    /// [-0, +0] Copies the value at `index` into Swift.
    public func value(at index: Int32) -> LuaValue {
        var seen: Set<UnsafeRawPointer> = []
        return value(at: lua_absindex(L, index), seen: &seen)
    }

    private func value(at i: Int32, seen: inout Set<UnsafeRawPointer>) -> LuaValue {
        switch lua_type(L, i) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, i) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, i) != 0 { return .integer(clua_tointeger(L, i, nil)) }
            return .number(clua_tonumber(L, i, nil))
        case LUA_TSTRING:
            var len = 0
            let p = clua_tostring(L, i, &len)!
            return .string(Array(UnsafeRawBufferPointer(start: p, count: len)))
        case LUA_TTABLE:
            let ptr = lua_topointer(L, i)!
            if seen.contains(ptr) { return .cycle }
            seen.insert(ptr)
            defer { seen.remove(ptr) }
            var entries: [LuaTableEntry] = []
            lua_pushnil(L)
            while lua_next(L, i) != 0 {          // [-1, +2]
                let k = value(at: lua_gettop(L) - 1, seen: &seen)
                let v = value(at: lua_gettop(L), seen: &seen)
                entries.append(LuaTableEntry(key: k, value: v))
                clua_pop(L, 1)
            }
            return .table(entries)
        case LUA_TUSERDATA:
            // A Swift object (or any userdata with __name) shows its class name.
            if let name = clua_objectname(L, i) { return .opaque(String(cString: name)) }
            return .opaque("userdata")
        default:
            return .opaque(String(cString: clua_typename(L, i)))
        }
    }
}
