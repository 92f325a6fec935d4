// The methods of `hemi.Query` that run it and hand results out: to the terminal (show, the
// REPL's display), to Lua (rows, column, collect, count), to files or strings (to_csv …),
// to charts (bar, sparklines, line), and the plan itself (explain, schema).

import LuaBridge
import QueryEngine
import PolicyData

enum QueryOutputs {
    static var all: [String: LuaSwiftFunction] {
        var m: [String: LuaSwiftFunction] = [
            "show": QueryLua.method("show", upTo: 1) { box, a in
                let ctx = HemiContext.of(a.call.state)
                let n = a.isNil(2) ? (ctx?.maxRows ?? 20) : try a.integer(2, "row count")
                guard n >= 0 else { throw a.fail(2, "row count must be 0 or more, got \(n)") }
                let t = try box.result()
                if let report = ReportSession.active(in: a.call.state) {
                    report.appendTable(markdown: TableWriter.string(t, format: .markdown), sources: sources(box, a.call.state))
                } else if let sink = ctx?.displaySink {
                    let note = ReportDocument.sourceNote(sources(box, a.call.state))
                    sink.show(DisplayForms.table(t, maxRows: n, note: note, format: ctx?.displayFormat))
                } else {
                    // `.mode` and `--format` apply here too; the front end's display gets it.
                    let text = QueryOutputs.display(t, context: ctx, maxRows: n)
                    if let sink = ctx?.showSink { sink(text) } else { print(text) }
                }
                return .results(0)
            },
            "explain": QueryLua.method("explain", upTo: 0) { box, a in a.call.push(.string(box.query.explain())); return .results(1) },
            "schema": QueryLua.method("schema", upTo: 0) { box, a in
                let fields = box.query.fields
                a.call.push(.table(fields.enumerated().map { i, f in
                    LuaTableEntry(key: .integer(Int64(i + 1)), value: .table([
                        LuaTableEntry(key: .string("name"), value: .string(ByteText.bytes(of: f.name))),
                        LuaTableEntry(key: .string("type"), value: .string(f.type.rawValue)),
                    ]))
                }))
                return .results(1)
            },
            "columns": QueryLua.method("columns", upTo: 0) { box, a in
                a.call.push(.table(box.query.fields.enumerated().map { LuaTableEntry(key: .integer(Int64($0.offset + 1)), value: .string(ByteText.bytes(of: $0.element.name))) }))
                return .results(1)
            },
            "count": QueryLua.method("count", upTo: 0) { box, a in a.call.pushInteger(Int64(try box.result().rowCount)); return .results(1) },
            "collect": QueryLua.method("collect", upTo: 0) { box, a in a.call.push(rowsTable(try box.result())); return .results(1) },
            "first": QueryLua.method("first", upTo: 0) { box, a in
                let t = try box.result()
                a.call.push(t.rowCount == 0 ? .nil : rowTable(t, 0)); return .results(1)
            },
            "column": QueryLua.method("column", upTo: 1) { box, a in
                let name = try a.string(2, "column name")
                let t = try QueryLua.beforeVerb(box, a).result()
                let col: Column
                if let c = t.column(name) { col = c } else { col = try t.evaluate(name, resolver: box.query.resolver) }
                var entries = (0..<col.count).compactMap { i -> LuaTableEntry? in
                    let v = col[i].luaValue
                    if case .nil = v { return nil }
                    return LuaTableEntry(key: .integer(Int64(i + 1)), value: v)
                }
                // Nulls leave holes; `n` gives the length, as table.pack does.
                entries.append(LuaTableEntry(key: .string("n"), value: .integer(Int64(col.count))))
                a.call.push(.table(entries)); return .results(1)
            },
            "value": QueryLua.method("value", upTo: 1) { box, a in
                // The single value of a one-row result (e.g. a total): q:value("total").
                let t = try box.result()
                guard t.rowCount == 1 else { throw EngineError("value: the query has \(t.rowCount) rows, expected exactly 1") }
                let name = a.isNil(2) ? t.columnNames.first ?? "" : try a.string(2, "column name")
                guard let c = t.column(name) else { throw EngineError("value: no column \"\(name)\"; columns are: \(t.columnNames.joined(separator: ", "))") }
                a.call.push(c[0].luaValue); return .results(1)
            },
        ]
        for f in OutputFormat.allCases {
            m["to_\(f.rawValue)"] = QueryLua.method("to_\(f.rawValue)", upTo: 1) { box, a in
                let t = try box.result()
                if let path = try a.optionalString(2) {
                    try TableWriter.write(t, format: f, to: path)
                    return .results(0)
                }
                a.call.push(.string(try TableWriter.render(t, format: f)))
                return .results(1)
            }
        }
        for chart in ["bar", "sparklines", "line"] {
            m[chart] = QueryLua.method(chart, upTo: 2) { box, a in
                let t = try box.result()
                let state = a.call.state
                let ds = box.tables.isEmpty ? nil : try? HemiContext.of(state)?.dataset()
                var units: [String: String] = [:], labels: [String: String] = [:]
                for name in box.tables {
                    for c in ds?.info(name)?.columns ?? [] {
                        if let u = c.unit { units[c.name] = u }
                        if let l = c.label { labels[c.name] = l }
                    }
                }
                // Charts print "Source: " themselves: the citations go in without that word.
                let source = box.tables.isEmpty ? nil : box.tables.compactMap { ds?.citation(table: $0) }
                    .map { $0.hasPrefix("Source: ") ? String($0.dropFirst(8)) : $0 }.joined(separator: " ")
                return try ChartsLua.queryChart(chart, table: t, call: a.call, source: source, units: units, labels: labels)
            }
        }
        m["_rows"] = QueryLua.method("_rows", upTo: 0) { box, a in a.call.push(rowsTable(try box.result())); return .results(1) }
        return m
    }

    static func box(_ t: Table, maxRows: Int, context: HemiContext? = nil) -> String {
        BoxRenderer.render(t, options: BoxOptions(maxWidth: context?.maxWidth ?? ChartsLua.terminalColumns(),
                                                  maxRows: maxRows,
                                                  maxColumnWidth: context?.maxColumnWidth ?? 40))
    }

    /// How a result is displayed in the REPL, by `hemi -c` and by `q:show()`: a box, lines
    /// (`.mode line`), or a `.mode`/`--format` format.
    static func display(_ t: Table, context: HemiContext?, maxRows: Int? = nil) -> String {
        let rows = maxRows ?? context?.maxRows ?? 20
        if context?.lineMode == true { return lines(t, maxRows: rows) }
        if let f = context?.displayFormat {
            let s = TableWriter.string(t, format: f)
            return s.hasSuffix("\n") ? String(s.dropLast()) : s
        }
        return box(t, maxRows: rows, context: context)
    }

    /// sqlite3's `.mode line`: each row as `column = value` lines, names right-aligned, rows
    /// apart by a blank line; a missing value shows as `null`.
    static func lines(_ t: Table, maxRows: Int) -> String {
        let names = t.fields.map(\.name)
        let width = names.map(\.count).max() ?? 0
        let shown = min(t.rowCount, max(1, maxRows))
        var out: [String] = []
        for r in 0..<shown {
            if r > 0 { out.append("") }
            for (c, name) in names.enumerated() {
                out.append(String(repeating: " ", count: width - name.count) + name + " = " + cellText(t.columns[c][r].luaValue))
            }
        }
        if shown < t.rowCount { out.append(""); out.append("(\(t.rowCount) rows, \(shown) shown; .maxrows 0 shows all)") }
        return out.joined(separator: "\n")
    }

    static func cellText(_ v: LuaValue) -> String {
        switch v {
        case .nil: return "null"
        case .boolean(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) + ".0" : String(d)
        // Display only: bytes that are not UTF-8 show as U+FFFD.
        case .string(let b): return String(decoding: b, as: UTF8.self)
        default: return "\(v)"
        }
    }

    static func rowTable(_ t: Table, _ i: Int) -> LuaValue {
        .table(t.fields.indices.compactMap { c in
            let v = t.columns[c][i].luaValue
            if case .nil = v { return nil }
            return LuaTableEntry(key: .string(ByteText.bytes(of: t.fields[c].name)), value: v)
        })
    }

    static func rowsTable(_ t: Table) -> LuaValue {
        .table((0..<t.rowCount).map { LuaTableEntry(key: .integer(Int64($0 + 1)), value: rowTable(t, $0)) })
    }

    /// The report's source note for a query: one entry per dataset table it reads.
    static func sources(_ box: QueryBox, _ lua: LuaState) -> [ReportDocument.Source] {
        guard let ds = try? HemiContext.of(lua)?.dataset() else { return [] }
        return box.tables.compactMap { name in
            guard let info = ds.info(name), let s = ds.source(info.source) else { return nil }
            let units = Set(info.columns.compactMap(\.unit)).sorted()
            return ReportDocument.Source(publisher: s.publisher, dataset: s.title, edition: s.edition,
                                         unit: units.isEmpty ? nil : units.joined(separator: ", "))
        }
    }
}
