// What a column holds in memory, roughly: what the engine charges to a work budget
// (WorkBudget) for a column it has just made.

extension Column {
    /// Bytes of the values, the validity mask and, for strings, the dictionary's text.
    var estimatedBytes: Int {
        let mask = valid == nil ? 0 : count
        switch storage {
        case .int, .double: return 8 * count + mask
        case .date: return 4 * count + mask
        case .bool: return count + mask
        case .string(let codes, let dictionary):
            var text = 0
            for s in dictionary { text += s.utf8.count + 16 }
            return 4 * codes.count + mask + text
        }
    }
}

extension Table {
    /// Bytes of all its columns, roughly (`Column.estimatedBytes`): what a Lua object holding
    /// the table tells Lua's collector (LuaState.collectorOwes).
    public var estimatedBytes: Int { columns.reduce(0) { $0 + $1.estimatedBytes } }
}
