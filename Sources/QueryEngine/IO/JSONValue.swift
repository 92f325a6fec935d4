// A JSON document as a value, for small documents such as the dataset's catalog.json, so
// nothing needs Foundation (JSONDecoder would pull the whole of it into the `hemi` binary and
// cost every start-up its page faults). Tables are read by JSONReader, which goes straight to
// columns. Strict RFC 8259: objects, arrays, strings with escapes (surrogate pairs joined),
// numbers, true/false/null. Errors name the byte offset and what was expected.

public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Keys in document order (duplicates: the last wins on lookup, as in most readers).
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public subscript(key: String) -> JSONValue? {
        guard case .object(let fields) = self else { return nil }
        return fields.last { $0.0 == key }?.1
    }

    /// Parses a whole document; anything but whitespace after the value is an error.
    public static func parse(_ bytes: [UInt8]) throws(EngineError) -> JSONValue {
        var reader = JSONTextReader(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.pos = 3 }
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.pos == bytes.count else { throw reader.error("the end of the document") }
        return value
    }
}

private struct JSONTextReader {
    let bytes: [UInt8]
    var pos = 0
    static let maxDepth = 512

    init(bytes: [UInt8]) { self.bytes = bytes }

    func error(_ expected: String) -> EngineError {
        let found = pos < bytes.count ? "'\(Character(Unicode.Scalar(bytes[pos])))'" : "the end of the input"
        return EngineError("at byte \(pos): expected \(expected), found \(found)")
    }

    mutating func skipWhitespace() {
        while pos < bytes.count, bytes[pos] == 0x20 || bytes[pos] == 0x0A || bytes[pos] == 0x0D || bytes[pos] == 0x09 { pos += 1 }
    }

    mutating func literal(_ word: String, _ value: JSONValue) throws(EngineError) -> JSONValue {
        let w = Array(word.utf8)
        guard bytes.count - pos >= w.count, Array(bytes[pos..<pos + w.count]) == w else { throw error("a JSON value") }
        pos += w.count
        return value
    }

    mutating func value(depth: Int) throws(EngineError) -> JSONValue {
        guard depth < Self.maxDepth else { throw error("less nesting (at most \(Self.maxDepth) levels)") }
        skipWhitespace()
        guard pos < bytes.count else { throw error("a JSON value") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("a JSON value")
        }
    }

    mutating func object(depth: Int) throws(EngineError) -> JSONValue {
        pos += 1
        var fields: [(String, JSONValue)] = []
        skipWhitespace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(fields) }
        while true {
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw error("a key in double quotes") }
            let key = try string()
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw error("':' after the key \"\(key)\"") }
            pos += 1
            fields.append((key, try value(depth: depth + 1)))
            skipWhitespace()
            guard pos < bytes.count else { throw error("',' or '}'") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(fields) }
            throw error("',' or '}'")
        }
    }

    mutating func array(depth: Int) throws(EngineError) -> JSONValue {
        pos += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
        while true {
            items.append(try value(depth: depth + 1))
            skipWhitespace()
            guard pos < bytes.count else { throw error("',' or ']'") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
            throw error("',' or ']'")
        }
    }

    mutating func number() throws(EngineError) -> Double {
        let start = pos
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        func digits(_ r: inout JSONTextReader) -> Int {
            let s = r.pos
            while r.pos < r.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(r.bytes[r.pos]) { r.pos += 1 }
            return r.pos - s
        }
        let intStart = pos
        let n = digits(&self)
        guard n > 0 else { throw error("a digit") }
        if n > 1 && bytes[intStart] == UInt8(ascii: "0") { pos = intStart + 1; throw error("no leading zero") }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            guard digits(&self) > 0 else { throw error("a digit after '.'") }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            pos += 1
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            guard digits(&self) > 0 else { throw error("a digit in the exponent") }
        }
        guard let d = Double(String(decoding: bytes[start..<pos], as: UTF8.self)) else {
            pos = start
            throw error("a number")
        }
        return d
    }

    mutating func hex4() throws(EngineError) -> UInt32 {
        guard bytes.count - pos >= 4 else { throw error("four hex digits after \\u") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[pos]
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default: throw error("a hex digit")
            }
            v = v << 4 | UInt32(d)
            pos += 1
        }
        return v
    }

    mutating func string() throws(EngineError) -> String {
        pos += 1   // the opening quote
        var out: [UInt8] = []
        while true {
            guard pos < bytes.count else { throw error("a closing '\"'") }
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") { pos += 1; break }
            if c < 0x20 { throw error("no control character inside a string (escape it)") }
            if c != UInt8(ascii: "\\") { out.append(c); pos += 1; continue }
            pos += 1
            guard pos < bytes.count else { throw error("an escape after '\\'") }
            let e = bytes[pos]
            pos += 1
            if let simple = JSONEscape.simple(e) { out.append(simple); continue }
            switch e {
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), bytes.count - pos >= 6,
                   bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") {
                    pos += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) { scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00) }
                    else { scalar = 0xFFFD }
                }
                let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                pos -= 1
                throw error("one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u")
            }
        }
        return ByteText.string(bytes: out)
    }
}

/// The one-byte escapes of JSON strings, shared by both readers: the byte `\\e` stands for, or
/// nil (for `u` and anything invalid).
enum JSONEscape {
    @inline(__always) static func simple(_ e: UInt8) -> UInt8? {
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return e
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        default: return nil
        }
    }
}
