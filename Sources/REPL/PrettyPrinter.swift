import LuaBridge

/// Prints REPL results: scalars as Lua's `print` shows them, tables as constructors with a
/// depth limit, a size limit (`… 40 more`) and a marker where a table contains itself.
struct PrettyPrinter {
    var maxDepth = 3
    var maxItems = 50

    init() {}

    func render(_ v: LuaValue, depth: Int = 0) -> String {
        switch v {
        case .nil: return "nil"
        case .boolean(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .number(let d): return formatNumber(d)
        case .string(let b): return depth == 0 ? String(decoding: b, as: UTF8.self) : quote(b)
        case .cycle: return "<cycle>"
        case .opaque(let type): return "<\(type)>"
        case .table(let entries):
            if entries.isEmpty { return "{}" }
            if depth >= maxDepth { return "{…}" }
            let array = arrayPart(entries)
            var parts: [String] = array.map { render($0, depth: depth + 1) }
            let rest = entries.filter { e in
                if case .integer(let i) = e.key, i >= 1, i <= array.count { return false }
                return true
            }.sorted { keyText($0.key) < keyText($1.key) }
            parts += rest.map { "\(keyText($0.key)) = \(render($0.value, depth: depth + 1))" }
            let more = parts.count - maxItems
            if more > 0 { parts = Array(parts.prefix(maxItems)) + ["… \(more) more"] }
            return "{ " + parts.joined(separator: ", ") + " }"
        }
    }

    private func arrayPart(_ entries: [LuaTableEntry]) -> [LuaValue] {
        var byIndex: [Int64: LuaValue] = [:]
        for e in entries { if case .integer(let i) = e.key { byIndex[i] = e.value } }
        var out: [LuaValue] = []
        var i: Int64 = 1
        while let v = byIndex[i] { out.append(v); i += 1 }
        return out
    }

    private func keyText(_ k: LuaValue) -> String {
        if case .string(let b) = k {
            let s = String(decoding: b, as: UTF8.self)
            if let f = s.first, f.isLetter || f == "_", s.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { return s }
            return "[\(quote(b))]"
        }
        return "[\(render(k, depth: 1))]"
    }

    private func quote(_ b: [UInt8]) -> String {
        var s = "\""
        for c in String(decoding: b, as: UTF8.self) {
            switch c { case "\"": s += "\\\""; case "\\": s += "\\\\"; case "\n": s += "\\n"; default: s.append(c) }
        }
        return s + "\""
    }

    /// Lua 5.4's `%.14g`, with `.0` kept on integral floats.
    private func formatNumber(_ d: Double) -> String {
        if d.isNaN { return d.sign == .minus ? "-nan" : "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        var buf = [CChar](repeating: 0, count: 64)
        _ = withVaList([d]) { vsnprintf(&buf, 64, "%.14g", $0) }
        let s = String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return s.contains(where: { $0 == "." || $0 == "e" || $0 == "n" || $0 == "i" }) ? s : s + ".0"
    }
}

#if canImport(Glibc)
import Glibc
#endif
