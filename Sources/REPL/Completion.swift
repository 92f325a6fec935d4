import LuaBridge

/// Tab completion. The candidates are computed by Lua itself (Lua/completion.lua), because
/// Lua holds what there is to complete: globals, fields of tables, methods behind a value's
/// metatable. Only names are walked (`a.b.c`, `a:m`), raw and without calling anything, so
/// completing never runs user code.
enum Completion {
    /// The longest prefix every candidate shares.
    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first.map(Array.init) else { return "" }
        for w in words.dropFirst() {
            let a = Array(w)
            var n = 0
            while n < prefix.count, n < a.count, prefix[n] == a[n] { n += 1 }
            prefix = Array(prefix[..<n])
        }
        return String(prefix)
    }

    /// Installs the completer in the state (kept in the registry, not in a global) and returns
    /// a Swift function that asks it.
    static func install(in lua: LuaState, dotCommands: [String]) -> (String) -> [String] {
        _ = try? lua.run(EmbeddedLua.completion, keepAs: "completion")
        let commands = LuaValue.table(dotCommands.enumerated().map {
            LuaTableEntry(key: .integer(Int64($0.offset + 1)), value: .string($0.element)) })
        return { word in
            guard let r = try? lua.callKept("completion", args: [.string(word), commands]),
                  case .table(let entries)? = r.first else { return [] }
            return entries.sorted { a, b in
                if case .integer(let x) = a.key, case .integer(let y) = b.key { return x < y }
                return false
            }.compactMap { $0.value.stringValue }
        }
    }
}
