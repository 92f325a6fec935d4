import CLua

/// Why a protected call into Lua failed. `message` is the text Lua produced, with the traceback
/// when the failure happened at run time.
public enum LuaError: Error, Equatable, CustomStringConvertible {
    case syntax(String)
    case runtime(String)
    case memory(String)
    case interrupted(String)
    case budget(String)
    case file(String)

    public var message: String {
        switch self {
        case .syntax(let m), .runtime(let m), .memory(let m), .interrupted(let m),
             .budget(let m), .file(let m):
            return m
        }
    }
    public var description: String { message }

    /// Classifies a non-OK status with the message Lua left.
    static func from(status: Int32, message: String) -> LuaError {
        switch status {
        case LUA_ERRSYNTAX: return .syntax(message)
        case LUA_ERRMEM: return .memory(message)
        case LUA_ERRFILE: return .file(message)
        default:
            if message.contains("interrupted!") { return .interrupted(message) }
            if message.contains("instruction budget exceeded") { return .budget(message) }
            if message.contains("not enough memory") { return .memory(message) }
            return .runtime(message)
        }
    }
}
