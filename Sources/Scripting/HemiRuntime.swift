import LuaBridge

/// Installs the global `hemi` table. For now it carries the version; the query engine, the
/// dataset and the plugin host add to it as they land.
public enum HemiRuntime {
    public static let version = "0.1.0"

    /// [-0, +0]
    public static func install(into lua: LuaState) {
        lua.setGlobal("hemi", .table([LuaTableEntry(key: .string("version"), value: .string(version))]))
    }
}
