// Builds an engine table from Lua rows (`hemi.from_rows{ {iso3 = "MEX", x = 1}, ... }`).
// Column order: `columns` if given, else the keys in order of first appearance sorted per
// row (Lua tables have no order). Types: given, or inferred from the values (integer
// widening to float when both appear); nil is null.

import LuaBridge
import QueryEngine

enum TableFromLua {
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
            for (k, v) in LuaTableView(e).fields() { fields[k] = v }
            if given.isEmpty { for k in fields.keys.sorted() where !names.contains(k) { names.append(k) } }
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
