// What Hemi knows of a name, as text: the answer to Shift-Tab in a notebook (the kernel's
// inspect request) and the same words `.help NAME`, `hemi.help(NAME)` and `hemi.describe(NAME)`
// give: a metric, plugin, plugin command or parameter (the plugins' help), a dataset table
// (its description, columns, source and gaps), or a column of the dataset (its tables, type,
// unit and meaning).

import LuaBridge
import QueryEngine
import PolicyData

public enum SessionHelp {
    public static func text(for name: String, in lua: LuaState) -> String? {
        guard !name.isEmpty, let ctx = HemiContext.of(lua) else { return nil }
        if let text = ctx.plugins?.help(name) { return text }
        guard let ds = try? ctx.dataset() else { return nil }
        if ds.info(name) != nil, let text = try? DatasetLua.describe(name, ds) { return text }
        var lines: [String] = []
        for t in ds.catalog.tables {
            for c in t.columns where c.name == name {
                lines.append("\(t.name).\(c.name)  \(c.type)\(c.unit.map { ", " + $0 } ?? "") — \(c.description)")
            }
        }
        return lines.isEmpty ? nil : "column \(name):\n  " + lines.joined(separator: "\n  ")
    }
}
