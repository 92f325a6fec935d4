// Reading Lua arguments for the query API: strings, lists of names, named expressions and
// option tables, each failing with a LuaArgumentError (Lua's wording, "bad argument #2 to
// 'sort' (...)").
// Method arguments are counted as Lua counts them for `q:method(...)`: self is not counted.

import LuaBridge
import QueryEngine

struct MethodArguments {
    let call: LuaCall
    let method: String
    /// 1 for methods (self is not counted in Lua's argument numbers), 0 for functions.
    var selfSlots: Int32 = 1

    /// Lua's argument number of stack slot `index`.
    func number(_ index: Int32) -> Int32 { index - selfSlots }

    /// The error for the argument at stack slot `index`, worded by LuaArgumentError.
    func fail(_ index: Int32, _ text: String) -> LuaArgumentError {
        LuaArgumentError(number(index), to: method, text)
    }

    func value(_ index: Int32) -> LuaValue { call.argument(index) }

    func string(_ index: Int32, _ what: String = "string") throws(LuaArgumentError) -> String {
        if case .string(let b) = value(index) { return ByteText.string(bytes: b) }
        throw fail(index, "\(what) expected, got \(call.typeName(index))")
    }

    func optionalString(_ index: Int32) throws(LuaArgumentError) -> String? {
        if case .nil = value(index) { return nil }
        return try string(index)
    }

    func integer(_ index: Int32, _ what: String = "number") throws(LuaArgumentError) -> Int {
        switch value(index) {
        case .integer(let i): return Int(i)
        case .number(let d) where d == d.rounded() && Swift.abs(d) < 9e15: return Int(d)
        default: throw fail(index, "\(what) expected, got \(call.typeName(index))")
        }
    }

    /// Names given as separate string arguments from `index` on, or as one array (and nothing
    /// after it). Anything else after the names is an error, not ignored: `q:sort("x", {})` is
    /// `bad argument #2 to 'sort' (string expected, got table)`; trailing nils are absent values.
    func names(from index: Int32, what: String = "column name") throws(LuaArgumentError) -> [String] {
        if case .table(let entries) = value(index) {
            let names = try LuaTableView(entries).array().enumerated().map { (i, v) throws(LuaArgumentError) -> String in
                guard case .string(let b) = v else { throw fail(index, "\(what) expected at [\(i + 1)], got \(LuaTableView.typeName(v))") }
                return ByteText.string(bytes: b)
            }
            try nothingAfter(index)
            return names
        }
        var out: [String] = []
        var i = index
        while i <= call.argumentCount, case .string = value(i) { out.append(try string(i)); i += 1 }
        if i <= call.argumentCount, let extra = (i...call.argumentCount).first(where: { !isNil($0) }) {
            // A nil between names (select("a", nil, "b")) is the error, at its own place.
            let at = isNil(i) ? i : extra
            throw fail(at, "\(out.isEmpty && at == index ? what : "string") expected, got \(call.typeName(at))")
        }
        return out
    }

    /// Nothing after stack slot `index`: an argument past the last one a method takes is an
    /// error, not ignored (an options table in the wrong place would otherwise do nothing):
    /// `q:limit(3, 0, 5)` is `bad argument #3 to 'limit' (no value expected, got number)`. A
    /// nil there is an absent value, as for any optional argument.
    func nothingAfter(_ index: Int32) throws(LuaArgumentError) {
        var i = index + 1
        while i <= call.argumentCount {
            if !isNil(i) { throw fail(i, "no value expected, got \(call.typeName(i))") }
            i += 1
        }
    }

    func isNil(_ index: Int32) -> Bool { if case .nil = value(index) { return true } else { return false } }

    /// `{ total = "a + b", share = "..." }` (plus plain names in the array part, kept as is),
    /// ordered so that a column defined from another comes after it; otherwise by name.
    func namedExpressions(_ index: Int32, what: String) throws(LuaArgumentError) -> [NamedExpression] {
        guard case .table(let entries) = value(index) else {
            throw fail(index, "table of name = expression expected, got \(call.typeName(index))")
        }
        var plain: [NamedExpression] = [], named: [NamedExpression] = []
        let view = LuaTableView(entries)
        if let stray = view.strayKey() { throw fail(index, "\(what): \(stray); expected column names as keys (name = \"expression\") or a list of names") }
        for v in view.array() {
            guard case .string(let b) = v else { throw fail(index, "\(what): array items must be column names, got \(LuaTableView.typeName(v))") }
            let s = ByteText.string(bytes: b); plain.append(NamedExpression(s, s))
        }
        for (k, v) in view.fields() {
            guard case .string(let b) = v else { throw fail(index, "\(what): '\(k)' must be an expression string, got \(LuaTableView.typeName(v))") }
            named.append(NamedExpression(k, ByteText.string(bytes: b)))
        }
        return plain + Self.dependencyOrder(named.sorted { $0.name < $1.name })
    }

    /// Puts each definition after the definitions whose names it mentions.
    static func dependencyOrder(_ items: [NamedExpression]) -> [NamedExpression] {
        var pending = items, out: [NamedExpression] = []
        while !pending.isEmpty {
            let names = Set(pending.map(\.name))
            let ready = pending.firstIndex { item in
                ExpressionNames.identifiers(in: item.expression).allSatisfy { $0 == item.name || !names.contains($0) }
            } ?? 0
            out.append(pending.remove(at: ready))
        }
        return out
    }


    /// Values for an expression's `:name` parameters: `{ c = "MEX", y = 2015 }`, typed from
    /// the Lua value (a string, an integer, a float, a boolean; a name absent from the table
    /// is nil). Nil or absent gives nil: the expression then has no parameters.
    func parameters(_ index: Int32) throws(LuaArgumentError) -> [String: Value]? {
        switch value(index) {
        case .nil: return nil
        case .table(let entries): return try parameters(from: LuaTableView(entries), index: index, field: nil)
        default: throw fail(index, "table of parameters (e.g. { y = 2023 }) expected, got \(call.typeName(index))")
        }
    }

    func parameters(from view: LuaTableView, index: Int32, field: String?) throws(LuaArgumentError) -> [String: Value] {
        var out: [String: Value] = [:]
        let place = field.map { "field '\($0)': " } ?? ""
        if !view.array().isEmpty { throw fail(index, "\(place)parameters are named (e.g. { y = 2023 }), not a list") }
        for (k, v) in view.fields() {
            switch v {
            case .string(let b): out[k] = .string(ByteText.string(bytes: b))
            case .integer(let i): out[k] = .int(i)
            case .number(let d): out[k] = .double(d)
            case .boolean(let b): out[k] = .bool(b)
            case .nil: out[k] = .null
            default: throw fail(index, "\(place)parameter '\(k)': string, number or boolean expected, got \(LuaTableView.typeName(v))")
            }
        }
        return out
    }

    /// An options table at `index` (nil or absent gives an empty one); unknown keys are errors.
    func options(_ index: Int32, known: Set<String>) throws(LuaArgumentError) -> Options {
        switch value(index) {
        case .nil: return Options(fields: [:], args: self, index: index)
        case .table(let entries):
            var fields: [String: LuaValue] = [:]
            for (k, v) in LuaTableView(entries).fields() {
                guard known.contains(k) else {
                    throw fail(index, "unknown option '\(k)'; known: \(known.sorted().joined(separator: ", "))")
                }
                fields[k] = v
            }
            return Options(fields: fields, args: self, index: index)
        default:
            throw fail(index, "options table expected, got \(call.typeName(index))")
        }
    }

    struct Options {
        let fields: [String: LuaValue]
        let args: MethodArguments
        let index: Int32

        func string(_ key: String) throws(LuaArgumentError) -> String? {
            switch fields[key] {
            case nil, .nil?: return nil
            case .string(let b)?: return ByteText.string(bytes: b)
            case let v?: throw args.fail(index, "field '\(key)': string expected, got \(LuaTableView.typeName(v))")
            }
        }
        func integer(_ key: String) throws(LuaArgumentError) -> Int? {
            switch fields[key] {
            case nil, .nil?: return nil
            case .integer(let i)?: return Int(i)
            case .number(let d)? where d == d.rounded(): return Int(d)
            case let v?: throw args.fail(index, "field '\(key)': integer expected, got \(LuaTableView.typeName(v))")
            }
        }
        /// `params = { … }`: values for the expressions' `:name` parameters.
        func parameters(_ key: String) throws(LuaArgumentError) -> [String: Value]? {
            switch fields[key] {
            case nil, .nil?: return nil
            case .table(let e)?: return try args.parameters(from: LuaTableView(e), index: index, field: key)
            case let v?: throw args.fail(index, "field '\(key)': table of parameters expected, got \(LuaTableView.typeName(v))")
            }
        }
        func bool(_ key: String) throws(LuaArgumentError) -> Bool? {
            switch fields[key] {
            case nil, .nil?: return nil
            case .boolean(let b)?: return b
            case let v?: throw args.fail(index, "field '\(key)': boolean expected, got \(LuaTableView.typeName(v))")
            }
        }
        /// A name or a list of names.
        func names(_ key: String) throws(LuaArgumentError) -> [String] {
            switch fields[key] {
            case nil, .nil?: return []
            case .string(let b)?: return [ByteText.string(bytes: b)]
            case .table(let e)?:
                var out: [String] = []
                for v in LuaTableView(e).array() {
                    guard case .string(let b) = v else { throw args.fail(index, "field '\(key)': column names expected, got \(LuaTableView.typeName(v))") }
                    out.append(ByteText.string(bytes: b))
                }
                return out
            case let v?: throw args.fail(index, "field '\(key)': column name or list of names expected, got \(LuaTableView.typeName(v))")
            }
        }
        var raw: [String: LuaValue] { fields }
    }
}

/// Read access to a copied Lua table.
struct LuaTableView {
    let entries: [LuaTableEntry]
    init(_ entries: [LuaTableEntry]) { self.entries = entries }

    /// Values at 1, 2, … up to the first missing index.
    func array() -> [LuaValue] {
        var byIndex: [Int64: LuaValue] = [:]
        for e in entries { if case .integer(let i) = e.key { byIndex[i] = e.value } }
        var out: [LuaValue] = []
        var i: Int64 = 1
        while let v = byIndex[i] { out.append(v); i += 1 }
        return out
    }

    /// A key that is neither a string nor one of the list's indices 1…n (no index at all when
    /// `listAllowed` is false), described for an
    /// error ("key true (a boolean)", "index 3, but index 2 is missing"); nil when every key
    /// is a string or a list index without holes.
    func strayKey(listAllowed: Bool = true) -> String? {
        var indices: [Int64] = []
        for e in entries {
            switch e.key {
            case .string: continue
            case .integer(let i) where !listAllowed: return "key \(i) (a number)"
            case .integer(let i): indices.append(i)
            case .number(let d): return "key \(Value.double(d).description) (a float)"
            case .boolean(let b): return "key \(b) (a boolean)"
            default: return "a key that is a \(LuaTableView.typeName(e.key))"
            }
        }
        indices.sort()
        for (k, i) in indices.enumerated() where i != Int64(k + 1) {
            if i < 1 { return "index \(i) (a list starts at 1)" }
            return "index \(i), but index \(k + 1) is missing (nil): a list has no holes"
        }
        return nil
    }

    /// String-keyed fields.
    func fields() -> [(String, LuaValue)] {
        entries.compactMap { e in
            if case .string(let b) = e.key { return (ByteText.string(bytes: b), e.value) }
            return nil
        }
    }

    func field(_ key: String) -> LuaValue? { entries.first { $0.key == .string(key) }?.value }

    static func typeName(_ v: LuaValue) -> String {
        switch v {
        case .nil: return "nil"
        case .boolean: return "boolean"
        case .integer, .number: return "number"
        case .string: return "string"
        case .table: return "table"
        case .cycle: return "table that contains itself"
        case .opaque(let t): return t
        }
    }
}

extension Value {
    /// The Lua value of an engine value: null is nil, dates are "YYYY-MM-DD" strings.
    var luaValue: LuaValue {
        switch self {
        case .null: return .nil
        case .int(let i): return .integer(i)
        case .double(let d): return .number(d)
        case .string(let s): return .string(ByteText.bytes(of: s))
        case .bool(let b): return .boolean(b)
        case .date: return .string(description)
        }
    }
}
