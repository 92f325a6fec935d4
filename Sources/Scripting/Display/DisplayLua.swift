// `hemi.display(value [, { rows = N }])`: shows a query result (or any value) the way the
// session's front end shows results — in a notebook as an HTML table with a source note, in
// a terminal as the box — with N rows instead of the `.maxrows` setting (0: every row). The
// kernel also calls `DisplayLua.data` for each value a cell returns.

import LuaBridge
import QueryEngine
import PolicyData

public enum DisplayLua {
    /// [-0, +0] Adds hemi.display.
    static func install(into lua: LuaState) {
        lua.register("display", in: "hemi", LuaCall.throwing { call in
            let rows = try rowsOption(FunctionArguments(call: call, function: "display"))
            if let data = try data(at: 1, call: call, rows: rows) {
                if let sink = HemiContext.of(call.state)?.displaySink { sink.show(data) }
                else { print(data["text/plain"] ?? "") }
                return .results(0)
            }
            let text = call.state.tostring(at: 1) ?? call.typeName(1)
            if let sink = HemiContext.of(call.state)?.displaySink { sink.show(.plain(text)) } else { print(text) }
            return .results(0)
        })
    }

    /// `{ rows = N }` at argument 2: N rows (0: all), or nil for the session's `.maxrows`.
    static func rowsOption(_ a: FunctionArguments) throws(LuaArgumentError) -> Int? {
        guard case .table(let entries) = a.value(2) else {
            if a.isNil(2) { return nil }
            throw a.fail(2, "table expected, got \(a.call.typeName(2))")
        }
        var rows: Int?
        for e in entries {
            guard e.key.stringValue == "rows" else {
                throw a.fail(2, "unknown option \(e.key.stringValue.map { "'\($0)'" } ?? "key"); known: rows")
            }
            switch e.value {
            case .integer(let n) where n >= 0: rows = Int(n)
            case .number(let d) where d >= 0 && d == d.rounded() && d < 1e9: rows = Int(d)
            default: throw a.fail(2, "field 'rows': non-negative integer expected, got \(LuaTableView.typeName(e.value))")
            }
        }
        return rows
    }

    /// [-0, +0] The display data of the value at `index` when it is a query (run now if it
    /// has not run; its errors are thrown), nil for any other value. `rows`: rows shown (0 or
    /// nil: see above). Under a `.mode` other than box the table is given in that format.
    public static func data(at index: Int32, call: LuaCall, rows: Int? = nil) throws(EngineError) -> DisplayData? {
        guard let box: QueryBox = call.object(index, className: QueryLua.className) else { return nil }
        let table = try box.result()
        let ctx = HemiContext.of(call.state)
        let shown = rows.map { $0 == 0 ? Int.max / 4 : $0 } ?? ctx?.maxRows ?? 20
        let note = ReportDocument.sourceNote(QueryOutputs.sources(box, call.state))
        return DisplayForms.table(table, maxRows: shown, note: note, format: ctx?.displayFormat)
    }
}
