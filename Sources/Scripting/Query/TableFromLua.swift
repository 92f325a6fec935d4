// Builds an engine table from Lua rows (`hemi.from_rows{ {iso3 = "MEX", x = 1}, ... }`).
// Column order: `columns` if given, else the keys in order of first appearance sorted per
// row (Lua tables have no order). Types: given, or inferred from the values (integer
// widening to float when both appear); nil is null.
//
// Two paths, one answer. `buildInPlace` reads a regular list (rows 1…n, each a table keyed
// by strings, cells of one kind per column) where it lies on the Lua stack, with raw accessors,
// row by row into one typed accumulator per column: no Lua value is copied into Swift and no
// `Value` is made per cell, so 10M rows cost about the table being built, not a boxed copy of
// the Lua data. Anything else (a hole, a stray key, a row that is not a table, a cell of the
// wrong kind) makes it give up, and `build` — the general path over a copy of the list —
// finds the same thing and words the error.

import LuaBridge
import QueryEngine

enum TableFromLua {
    /// The table of the regular list at stack index `index` of `state`, or nil when the list
    /// is not regular (then `build` over a copy gives the table or the error). `columns` is
    /// read once the list's shape is known, as `build`'s caller reads it after those checks.
    static func buildInPlace(state: LuaState, index: Int32, columns: () throws(LuaArgumentError) -> [String],
                             types givenTypes: [String: DataType], argument a: MethodArguments) throws -> Table? {
        guard let rows = state.listLength(at: index) else { return nil }
        let given = try columns()
        // rowKeys keeps one key per text, so a key that is another's in a different Unicode
        // normalisation (é composed and decomposed) is noticed as it is named, and the list left
        // to the general path, which refuses it with the row (ColumnNames). Only rows whose
        // keys differ from the row before are named: this costs nothing on a regular list.
        var spelling: [String: String] = [:], renormalised = false
        guard let keys = state.rowKeys(at: index, rows: rows, collect: given.isEmpty, name: { bytes in
            let key = ByteText.string(from: bytes)
            if let first = spelling.updateValue(key, forKey: key), ColumnNames.differOnlyInNormalisation(first, key) { renormalised = true }
            return key
        }), !renormalised else { return nil }
        let names = given.isEmpty ? keys : given
        // Keys are read by their bytes; names that compare equal as text (é composed and
        // decomposed) are left to the general path, which keys rows by text.
        guard Set(names).count == names.count else { return nil }

        let isTyped = names.map { givenTypes[$0] != nil }
        var accumulators = names.map { givenTypes[$0] == nil ? ColumnAccumulator(capacity: rows) : ColumnAccumulator() }
        var typed = names.map { n in ColumnBuilder(type: givenTypes[n] ?? .string, capacity: givenTypes[n] == nil ? 0 : rows) }
        var irregular = false
        state.readRowFields(at: index, rows: rows, keys: names.map { ByteText.bytes(of: $0) }, stop: { irregular || Cancellation.isRequested }) { _, c, field in
            if !isTyped[c] {
                let fits: Bool
                switch field {
                case .none: accumulators[c].appendNull(); fits = true
                case .integer(let x): fits = accumulators[c].append(x)
                case .number(let x): fits = accumulators[c].append(x)
                case .boolean(let x): fits = accumulators[c].append(x)
                case .string(let p, let n): fits = accumulators[c].append(p, n)
                case .other: fits = false
                }
                if !fits { irregular = true }
            } else {
                // The general path's conversion, value by value (a given type converts).
                let t = givenTypes[names[c]]!
                let v: Value
                switch field {
                case .integer(let x): v = t == .float ? .double(Double(x)) : .int(x)
                case .number(let x): v = .double(x)
                case .string(let p, let n):
                    let s = ByteText.string(p, count: n)
                    v = t == .date ? (CivilDate(iso: s).map { .date($0.days) } ?? .null) : .string(s)
                case .boolean(let x): v = .bool(x)
                case .none, .other: v = .null
                }
                typed[c].append(v)
            }
        }
        if irregular { return nil }
        try Cancellation.check()
        let built = names.indices.map { c in isTyped[c] ? typed[c].finish() : accumulators[c].finish() }
        do throws(EngineError) {
            return try Table(fields: names, columns: built)
        } catch {
            throw a.fail(1, error.message)
        }
    }

    static func build(rows: [LuaValue], columns given: [String], types givenTypes: [String: DataType],
                      argument a: MethodArguments) throws(LuaArgumentError) -> Table {
        var names = given
        var rowFields: [[String: LuaValue]] = []
        for (i, r) in rows.enumerated() {
            guard case .table(let e) = r else { throw a.fail(1, "row \(i + 1) is a \(LuaTableView.typeName(r)), expected a table of column = value") }
            if let stray = LuaTableView(e).strayKey(listAllowed: false) {
                throw a.fail(1, "row \(i + 1) has \(stray.hasPrefix("index") ? "an " + stray : stray); expected column names (strings) as keys")
            }
            var fields: [String: LuaValue] = [:]
            for (k, v) in LuaTableView(e).fields() {
                // Two keys of one Lua table are never the same bytes, so a key met twice here is
                // one name in two Unicode normalisations: refused, not merged (ColumnNames).
                if let j = fields.index(forKey: k) { throw a.fail(1, "row \(i + 1): " + ColumnNames.clash(fields.keys[j], k)) }
                fields[k] = v
            }
            if given.isEmpty {
                for k in fields.keys.sorted() {
                    guard let j = names.firstIndex(of: k) else { names.append(k); continue }
                    // A key of an earlier row in another normalisation would fill its column.
                    if ColumnNames.differOnlyInNormalisation(names[j], k) { throw a.fail(1, "row \(i + 1): " + ColumnNames.clash(names[j], k)) }
                }
            }
            rowFields.append(fields)
        }
        var types: [DataType] = []
        for n in names {
            if let t = givenTypes[n] { types.append(t); continue }
            var t: DataType? = nil
            for f in rowFields {
                let vt: DataType?
                switch f[n] {
                case .integer?: vt = .integer
                case .number?: vt = .float
                case .string?: vt = .string
                case .boolean?: vt = .boolean
                case nil, .nil?: vt = nil
                case let v?: throw a.fail(1, "column '\(n)': a \(LuaTableView.typeName(v)) cannot be a cell (cells hold numbers, strings, booleans or nil)")
                }
                guard let vt else { continue }
                if t == nil { t = vt }
                else if t != vt {
                    if t!.isNumericType && vt.isNumericType { t = .float }
                    else { throw a.fail(1, "column '\(n)' mixes \(t!) and \(vt) values") }
                }
            }
            types.append(t ?? .string)
        }
        var builders = types.map { ColumnBuilder(type: $0, capacity: rowFields.count) }
        for f in rowFields {
            for (i, n) in names.enumerated() {
                let v: Value
                switch f[n] {
                case .integer(let x)?: v = types[i] == .float ? .double(Double(x)) : .int(x)
                case .number(let x)?: v = .double(x)
                case .string(let b)?:
                    let s = ByteText.string(bytes: b)
                    v = types[i] == .date ? (CivilDate(iso: s).map { .date($0.days) } ?? .null) : .string(s)
                case .boolean(let x)?: v = .bool(x)
                default: v = .null
                }
                builders[i].append(v)
            }
        }
        do throws(EngineError) {
            return try Table(fields: names, columns: builders.map { $0.finish() })
        } catch {
            throw a.fail(1, error.message)
        }
    }
}

extension DataType {
    var isNumericType: Bool { self == .integer || self == .float }
}
