// Builds an engine table from Lua rows (`hemi.from_rows{ {iso3 = "MEX", x = 1}, ... }`).
// Column order: `columns` if given, else the keys in order of first appearance sorted per
// row (Lua tables have no order). Types: given, or inferred from the values (integer
// widening to float when both appear); nil is null.
//
// Two paths, one answer. `buildInPlace` reads a regular list (rows 1…n, each a table keyed
// by strings, cells of one kind per column) where it lies on the Lua stack, with raw accessors:
// one traversal of each row (LuaState.readRows) fills blocks of cells column by column, and
// each block goes into one typed accumulator per column at a time. No Lua value is copied into
// Swift and no `Value` is made per cell (except for columns of a given type), so 10M rows cost
// about the table being built, not a boxed copy of the Lua data. Anything else (a hole, a
// stray key, a row that is not a table, a cell of the wrong kind) makes it give up, and `build`
// — the general path over a copy of the list — finds the same thing and words the error.

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
        // Names that compare equal as text (é composed and decomposed) are left to the general
        // path, which keys rows by text.
        guard Set(given).count == given.count else { return nil }
        // One of the two per column, by index: an accumulator, or a builder for a given type.
        var accumulators: [ColumnAccumulator] = []
        var typed: [ColumnBuilder?] = []
        func add(_ name: String, nulls: Int) {
            if let t = givenTypes[name] {
                var b = ColumnBuilder(type: t, capacity: rows)
                for _ in 0..<nulls { b.append(.null) }
                typed.append(b)
                accumulators.append(ColumnAccumulator())
            } else {
                var c = ColumnAccumulator(capacity: rows)
                c.appendNulls(nulls)
                accumulators.append(c)
                typed.append(nil)
            }
        }
        let keys = state.readRows(at: index, rows: rows, keys: given.isEmpty ? nil : given.map { ByteText.bytes(of: $0) },
                                  name: { ByteText.string(from: $0) }, stop: { Cancellation.isRequested }) { block in
            // Columns met for the first time in this block were missing from the rows before.
            while accumulators.count < block.names.count { add(block.names[accumulators.count], nulls: block.firstRow) }
            for c in accumulators.indices {
                let o = c * block.stride
                if typed[c] != nil {
                    appendTyped(&typed[c]!, type: givenTypes[block.names[c]]!, block: block, offset: o)
                } else if !accumulators[c].append(kinds: block.kinds + o, bits: block.bits + o, lengths: block.lengths + o, count: block.rows) {
                    return false
                }
            }
            return true
        }
        try Cancellation.check()
        guard let names = keys, Set(names).count == names.count else { return nil }
        // Columns no row holds (given ones, or every column of an empty list).
        while accumulators.count < names.count { add(names[accumulators.count], nulls: rows) }
        let built = names.indices.map { c in typed[c]?.finish() ?? accumulators[c].finish() }
        do throws(EngineError) {
            return try Table(fields: names, columns: built)
        } catch {
            throw a.fail(1, error.message)
        }
    }

    /// The general path's conversion, cell by cell (a given type converts).
    private static func appendTyped(_ b: inout ColumnBuilder, type t: DataType, block: LuaRowBlock, offset o: Int) {
        for i in o..<(o + block.rows) {
            let x = block.bits[i]
            let v: Value
            switch LuaCellKind(rawValue: block.kinds[i]) {
            case .integer?: v = t == .float ? .double(Double(Int64(bitPattern: x))) : .int(Int64(bitPattern: x))
            case .number?: v = .double(Double(bitPattern: x))
            case .string?:
                let s = ByteText.string(UnsafePointer<UInt8>(bitPattern: UInt(x))!, count: block.lengths[i])
                v = t == .date ? (CivilDate(iso: s).map { .date($0.days) } ?? .null) : .string(s)
            case .boolean?: v = .bool(x != 0)
            case .none?, .other?, nil: v = .null
            }
            b.append(v)
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
