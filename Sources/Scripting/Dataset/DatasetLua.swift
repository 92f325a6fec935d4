// The dataset and the user's own data from Lua:
//   hemi.tables()  hemi.table(name)  hemi.describe(name)  hemi.source(name)  hemi.schema(name)
//   hemi.read_csv(path [, { delimiter, header, types = { col = "integer" }, null = { "NA" } }])
//   hemi.read_json(path)  hemi.from_rows(rows [, { columns = {...} }])
//   hemi.country(text)  hemi.metrics()  hemi._display(q)

import LuaBridge
import QueryEngine
import PolicyData

enum DatasetLua {
    static func install(into lua: LuaState, context: HemiContext) {
        // `upTo`: the arguments it takes; one more is an error, not ignored (as the query
        // methods: hemi.read_json(path, { types = … }) would drop its table silently).
        func fn(_ name: String, upTo last: Int32, _ body: @escaping (LuaCall, FunctionArguments) throws -> LuaReturn) {
            lua.register(name, in: "hemi", LuaCall.throwing { call in
                let a = FunctionArguments(call: call, function: name)
                try a.nothingAfter(last)
                return try body(call, a)
            })
        }
        fn("tables", upTo: 0) { call, _ in
            let names = try context.dataset().tableNames
            call.push(names.luaValue); return .results(1)
        }
        fn("table", upTo: 1) { call, a in
            let name = try a.string(1, "table name")
            let ds = try context.dataset()
            let t = try ds.table(name)
            QueryLua.push(QueryBox(Query(t, name: name, resolver: context.metrics.resolver), tables: [name]), in: call.state)
            return .results(1)
        }
        fn("schema", upTo: 1) { call, a in
            let name = try a.string(1, "table name")
            let ds = try context.dataset()
            guard let info = ds.info(name) else { _ = try ds.table(name); return .results(0) }
            call.push(.table(info.columns.enumerated().map { i, c in
                LuaTableEntry(key: .integer(Int64(i + 1)), value: .table([
                    LuaTableEntry(key: .string("name"), value: .string(c.name)),
                    LuaTableEntry(key: .string("type"), value: .string(c.type)),
                    LuaTableEntry(key: .string("unit"), value: c.unit.map { .string($0) } ?? .nil),
                    LuaTableEntry(key: .string("description"), value: .string(c.description)),
                    LuaTableEntry(key: .string("source"), value: .string(c.source)),
                    LuaTableEntry(key: .string("label"), value: c.label.map { .string($0) } ?? .nil),
                ]))
            }))
            return .results(1)
        }
        fn("describe", upTo: 2) { call, a in
            let name = try a.string(1, "table name")
            let text = try describe(name, try context.dataset())
            if case .boolean(false) = call.argument(2) { call.push(.string(text)); return .results(1) }
            print(text)
            return .results(0)
        }
        fn("source", upTo: 1) { call, a in
            let name = try a.string(1, "table name or source id")
            let ds = try context.dataset()
            let id = ds.info(name)?.source ?? name
            guard let s = ds.source(id) else {
                throw EngineError("hemi.source: no table or source \"\(name)\"; tables are: \(ds.tableNames.joined(separator: ", "))")
            }
            call.push(.table([
                LuaTableEntry(key: .string("id"), value: .string(s.id)),
                LuaTableEntry(key: .string("publisher"), value: .string(s.publisher)),
                LuaTableEntry(key: .string("title"), value: .string(s.title)),
                LuaTableEntry(key: .string("edition"), value: .string(s.edition)),
                LuaTableEntry(key: .string("license"), value: .string(s.license)),
                LuaTableEntry(key: .string("caveats"), value: .string(s.caveats)),
                LuaTableEntry(key: .string("raw_files"), value: s.rawFiles.luaValue),
                LuaTableEntry(key: .string("citation"), value: .string(ds.info(name) != nil ? ds.citation(table: name) : "\(s.publisher), \(s.title) (\(s.edition))")),
            ]))
            return .results(1)
        }
        fn("read_csv", upTo: 2) { call, a in
            let path = try a.string(1, "file name")
            var options = CSVOptions()
            options.progress = context.progress
            let opts = try a.options(2, known: ["delimiter", "header", "types", "null"])
            if let d = try opts.string("delimiter") {
                guard d.utf8.count == 1 else { throw a.fail(2, "field 'delimiter': one character expected, got \"\(d)\"") }
                options.delimiter = d.utf8.first!
            } else if path.hasSuffix(".tsv") { options.delimiter = UInt8(ascii: "\t") }
            if let h = try opts.bool("header") { options.header = h }
            if let nulls = opts.fields["null"] {
                switch nulls {
                case .string(let b): options.nullMarkers = [ByteText.string(bytes: b)]
                case .table(let e):
                    options.nullMarkers = LuaTableView(e).array().compactMap { if case .string(let b) = $0 { ByteText.string(bytes: b) } else { nil } }
                default: throw a.fail(2, "field 'null': string or list of strings expected")
                }
            }
            if case .table(let e)? = opts.fields["types"] {
                for (k, v) in LuaTableView(e).fields() {
                    guard let s = v.stringValue, let t = DataType(name: s) else {
                        throw a.fail(2, "field 'types': '\(k)' must be one of integer, float, string, boolean, date")
                    }
                    options.types[k] = t
                }
            }
            let t = try CSVReader.read(path: path, options: options)
            QueryLua.push(QueryBox(Query(t, name: baseName(path), resolver: context.metrics.resolver), tables: []), in: call.state)
            return .results(1)
        }
        fn("set_threads", upTo: 1) { call, a in
            // The engine's thread count for what runs next (HEMI_THREADS sets the default, the
            // number of cores otherwise); returns the previous count.
            let n = try a.integer(1, "thread count")
            guard n >= 1 && n <= Parallelism.maxThreads else {
                throw a.fail(1, "a thread count from 1 to \(Parallelism.maxThreads) expected, got \(n)")
            }
            let previous = Parallelism.threads
            Parallelism.threads = n
            call.push(.integer(Int64(previous))); return .results(1)
        }
        fn("threads", upTo: 0) { call, _ in
            call.push(.integer(Int64(Parallelism.threads))); return .results(1)
        }
        fn("read_json", upTo: 1) { call, a in
            let path = try a.string(1, "file name")
            let t = try JSONReader.read(path: path, options: JSONOptions(progress: context.progress))
            QueryLua.push(QueryBox(Query(t, name: baseName(path), resolver: context.metrics.resolver), tables: []), in: call.state)
            return .results(1)
        }
        fn("from_rows", upTo: 2) { call, a in
            guard call.typeName(1) == "table" else { throw a.fail(1, "table of rows expected, got \(call.typeName(1))") }
            let opts = try a.options(2, known: ["columns", "types"])
            var types: [String: DataType] = [:]
            if case .table(let te)? = opts.fields["types"] {
                for (k, v) in LuaTableView(te).fields() {
                    guard let n = v.stringValue, let t = DataType(name: n) else { throw a.fail(2, "field 'types': '\(k)' must name a type") }
                    types[k] = t
                }
            }
            // A regular list is read where it lies (no copy of 10M rows into Swift values).
            if let t = try TableFromLua.buildInPlace(state: call.state, index: 1, columns: { () throws(LuaArgumentError) in try opts.names("columns") },
                                                     types: types, argument: a) {
                QueryLua.push(QueryBox(Query(t, name: "rows", resolver: context.metrics.resolver), tables: []), in: call.state)
                return .results(1)
            }
            // Rows are a list 1…n: a hole ({nil, {a = 1}}), a sparse index ({[1] = …, [3] = …})
            // or a named field would otherwise be dropped without a word.
            guard case .table(let e) = call.argument(1) else { throw a.fail(1, "table of rows expected, got \(call.typeName(1))") }
            if let stray = LuaTableView(e).strayKey() {
                throw a.fail(1, "the rows have \(stray.hasPrefix("index") ? "an " + stray : stray); expected a list of rows {row1, row2, …}")
            }
            if let named = LuaTableView(e).fields().first {
                throw a.fail(1, "the rows have a field '\(named.0)'; expected a list of rows {row1, row2, …}")
            }
            let t = try TableFromLua.build(rows: LuaTableView(e).array(), columns: try opts.names("columns"), types: types, argument: a)
            QueryLua.push(QueryBox(Query(t, name: "rows", resolver: context.metrics.resolver), tables: []), in: call.state)
            return .results(1)
        }
        fn("country", upTo: 1) { call, a in
            let text = try a.string(1, "country name or ISO code")
            let ds = try context.dataset()
            let countries = try ds.table("countries")
            guard let row = try CountryLookup.find(text, in: countries) else {
                // nil and a message, the Lua idiom for a lookup that found nothing.
                call.push(.nil)
                call.push(.string(CountryLookup.miss(text, in: countries)))
                return .results(2)
            }
            call.push(row); return .results(1)
        }
        fn("metrics", upTo: 0) { call, _ in
            call.push(.table(context.metrics.all.enumerated().map { i, m in
                LuaTableEntry(key: .integer(Int64(i + 1)), value: .table([
                    LuaTableEntry(key: .string("name"), value: .string(m.name)),
                    LuaTableEntry(key: .string("description"), value: .string(m.description)),
                    LuaTableEntry(key: .string("unit"), value: .string(m.unit)),
                    LuaTableEntry(key: .string("expr"), value: m.expression.map { .string($0) } ?? .nil),
                    LuaTableEntry(key: .string("table"), value: m.table.map { .string($0) } ?? .nil),
                    LuaTableEntry(key: .string("inputs"), value: m.inputs.luaValue),
                    LuaTableEntry(key: .string("plugin"), value: .string(m.plugin)),
                    LuaTableEntry(key: .string("version"), value: .string(m.version)),
                ]))
            }))
            return .results(1)
        }
        fn("_display", upTo: 1) { call, _ in
            guard let box: QueryBox = call.object(1, className: QueryLua.className) else {
                call.push(.nil); return .results(1)
            }
            call.push(.string(QueryOutputs.display(try box.result(), context: context)))
            return .results(1)
        }
    }

    static func baseName(_ path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        if let dot = file.lastIndex(of: "."), dot != file.startIndex { return String(file[..<dot]) }
        return file
    }

    static func describe(_ name: String, _ ds: PolicyDataset) throws(EngineError) -> String {
        guard let info = ds.info(name) else { _ = try ds.table(name); return "" }
        var lines = ["\(info.name): \(info.description)",
                     "  grain: \(info.grain); key: \(info.key.joined(separator: ", "))"]
        if let n = info.rowCount { lines.append("  rows: \(NumberFormat.grouped(Int64(n)))") }
        lines.append("  columns:")
        let width = info.columns.map { $0.name.count }.max() ?? 0
        for c in info.columns {
            let pad = String(repeating: " ", count: max(0, width - c.name.count))
            lines.append("    \(c.name)\(pad)  \(c.type)\(c.unit.map { ", \($0)" } ?? "") — \(c.description)")
        }
        lines.append("  " + ds.citation(table: name))
        for g in info.gaps { lines.append("  gap: \(g)") }
        return lines.joined(separator: "\n")
    }
}

/// Arguments of a plain function (`hemi.read_csv(path, opts)`), counted from 1.
typealias FunctionArguments = MethodArguments
extension MethodArguments {
    init(call: LuaCall, function: String) { self.init(call: call, method: function, selfSlots: 0) }
}
