import CLua

/// The interrupt flag shared with the SIGINT handler lives in C (DESIGN.md); this is its
/// Swift face.
public enum LuaInterrupt {
    /// SIGINT sets the flag; running Lua code then stops with "interrupted!".
    public static func installSignalHandler() { clua_install_sigint_handler() }
    public static func request() { clua_request_interrupt() }
    public static func clear() { clua_clear_interrupt() }
    public static var isPending: Bool { clua_interrupt_pending() != 0 }
    /// The C function that reads the flag, for code that cannot import LuaBridge (the query
    /// engine's `Cancellation` probe): a plain load of a `volatile sig_atomic_t`.
    public static let probe: @convention(c) () -> Int32 = clua_interrupt_pending
}
