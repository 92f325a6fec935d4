// Builds an engine table from Lua rows (`hemi.from_rows{ {iso3 = "MEX", x = 1}, ... }`).
// Column order: `columns` if given, else the keys in order of first appearance sorted per
// row (Lua tables have no order). Types: given, or inferred from the values (integer
// widening to float when both appear); nil is null.
//
// The rows are read in place with raw Lua accessors, row by row into one typed accumulator
// per column (LuaState.readRowFields): no Lua value is copied into Swift and no `Value` is
// made per cell, so 10M rows cost about the table being built, not a boxed copy of the Lua
// data. Columns with a given type take the general path (ColumnBuilder), which converts.

import LuaBridge
import QueryEngine

enum TableFromLua {
    /// The rows are the table at stack index `index` of `state`.
    static func build(state: LuaState, index: Int32, columns given: [String], types givenTypes: [String: DataType],
                      argument a: MethodArguments) throws(ArgumentError) -> Table {
        let rows = state.arrayLength(at: index)
        let scan = state.rowKeys(at: index, rows: rows, collect: given.isEmpty)
        if let bad = scan.badRow { throw a.fail(1, "row \(bad.row) is a \(bad.type), expected a table") }
        let names = given.isEmpty ? scan.keys : given

        let isTyped = names.map { givenTypes[$0] != nil }
        var accumulators = names.map { givenTypes[$0] == nil ? ColumnAccumulator(capacity: rows) : ColumnAccumulator() }
        var typed = names.map { n in ColumnBuilder(type: givenTypes[n] ?? .string, capacity: givenTypes[n] == nil ? 0 : rows) }
        // Per column, the first value that cannot go in (row-ordered, as reported).
        var problems = [String?](repeating: nil, count: names.count)
        state.readRowFields(at: index, rows: rows, keys: names, stop: { Cancellation.isRequested }) { _, c, field in
            if !isTyped[c] {
                let before = accumulators[c].kind
                let fits: Bool
                switch field {
                case .none: accumulators[c].appendNull(); fits = true
                case .integer(let x): fits = accumulators[c].append(x)
                case .number(let x): fits = accumulators[c].append(x)
                case .boolean(let x): fits = accumulators[c].append(x)
                case .string(let p, let n): fits = accumulators[c].append(p, n)
                case .other(let type):
                    if problems[c] == nil { problems[c] = "column '\(names[c])': \(type) values cannot go in a table" }
                    accumulators[c].appendNull(); return
                }
                if !fits {
                    if problems[c] == nil { problems[c] = "column '\(names[c])' mixes \(name(before)) and \(name(field)) values" }
                    accumulators[c].appendNull()
                }
            } else {
                let t = givenTypes[names[c]]!
                let v: Value
                switch field {
                case .integer(let x): v = t == .float ? .double(Double(x)) : .int(x)
                case .number(let x): v = .double(x)
                case .string(let p, let n):
                    let s = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
                    v = t == .date ? (CivilDate(iso: s).map { .date($0.days) } ?? .null) : .string(s)
                case .boolean(let x): v = .bool(x)
                case .none, .other: v = .null
                }
                typed[c].append(v)
            }
        }
        do throws(EngineError) { try Cancellation.check() } catch { throw a.fail(1, error.message) }
        if let problem = problems.compactMap({ $0 }).first { throw a.fail(1, problem) }
        let columns = names.indices.map { c in isTyped[c] ? typed[c].finish() : accumulators[c].finish() }
        do throws(EngineError) {
            return try Table(fields: names, columns: columns)
        } catch {
            throw a.fail(1, error.message)
        }
    }

    private static func name(_ k: ColumnAccumulator.Kind) -> String {
        switch k {
        case .none: return "nil"
        case .integer: return "integer"
        case .float: return "float"
        case .string: return "string"
        case .boolean: return "boolean"
        }
    }

    private static func name(_ f: LuaField) -> String {
        switch f {
        case .integer: return "integer"
        case .number: return "float"
        case .string: return "string"
        case .boolean: return "boolean"
        case .none: return "nil"
        case .other(let t): return t
        }
    }
}

extension DataType {
    var isNumericType: Bool { self == .integer || self == .float }
}
