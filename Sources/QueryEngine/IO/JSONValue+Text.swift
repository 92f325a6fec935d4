// JSONValue written back as compact JSON text on one line (the kernel's JSON-lines protocol
// and notebook files). Strings are escaped as the table writers escape them; integral
// numbers within 2^53 are written without a fraction, so counts and positions read as
// integers; NaN and infinities, which JSON cannot hold, are written as null.

extension JSONValue {
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public var bytes: [UInt8] {
        var out: [UInt8] = []
        write(into: &out)
        return out
    }

    private func write(into out: inout [UInt8]) {
        switch self {
        case .null: out += "null".utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .number(let d):
            if !d.isFinite { out += "null".utf8 }
            else if d == d.rounded(), abs(d) <= 9_007_199_254_740_992 { out += String(Int64(d)).utf8 }
            else { out += String(d).utf8 }
        case .string(let s): out += JSONStyle.quoted(s)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, v) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                v.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            out.append(UInt8(ascii: "{"))
            for (i, (k, v)) in fields.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out += JSONStyle.quoted(k)
                out.append(UInt8(ascii: ":"))
                v.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    // Readers for the protocol's fields.
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var intValue: Int? {
        if case .number(let d) = self, d == d.rounded(), abs(d) < 1e15 { return Int(d) }
        return nil
    }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
}
