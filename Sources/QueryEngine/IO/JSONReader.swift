// Reads JSON into a table: an array of objects (`[{"a": 1}, {"a": 2}]`) or JSON Lines (one
// object after another, as `to_jsonl` writes). One object is one row; a key is a column, in
// the order keys first appear; a key an object lacks, or null, is a null.
//
// Types per column, like the CSV reader: integer (widening to float when a fraction or
// exponent appears), float, boolean, date when every string is `YYYY-MM-DD`, else string. A
// column mixing kinds (numbers and strings, say) becomes a string column holding each
// value's text. `types` overrides inference; a value that does not fit is an error.
//
// Nested objects and arrays are an error naming the key: a table cell holds one value, and
// keeping them as JSON text would hide the problem until a later step fails on it.
//
// A hand-written byte-level parser (no Foundation, RFC 8259 grammar). Errors read
// `file: line L, column C (key "k"): expected …, found …`, columns counting characters.

public struct JSONOptions: Sendable {
    /// Column types that override inference, by key.
    public var types: [String: DataType]
    /// Rows read and throughput on stderr for long reads (see `ProgressReporter`).
    public var progress: ProgressReporter

    public init(types: [String: DataType] = [:], progress: ProgressReporter = .standard) {
        self.types = types
        self.progress = progress
    }
}

public enum JSONReader {
    /// Reads the file at `path`.
    public static func read(path: String, options: JSONOptions = JSONOptions()) throws(EngineError) -> Table {
        try TableTextReader.read(JSONParser.self, path: path, options: options, reporter: options.progress)
    }

    /// Reads JSON text held in memory; `name` is used in error messages.
    public static func read(string: String, name: String = "<string>", options: JSONOptions = JSONOptions()) throws(EngineError) -> Table {
        try read(bytes: ByteText.bytes(of: string), name: name, options: options)
    }

    public static func read(bytes: [UInt8], name: String, options: JSONOptions = JSONOptions()) throws(EngineError) -> Table {
        try TableTextReader.read(JSONParser.self, bytes: bytes, name: name, options: options,
                                 progress: options.progress.start(name, totalBytes: bytes.count))
    }
}

/// One column while parsing: a kind and 8 bytes of payload per row (integer, double bits,
/// boolean, or string dictionary code), typed once every row is in.
struct JSONColumn {
    static let null: UInt8 = 0, int: UInt8 = 1, double: UInt8 = 2, bool: UInt8 = 3, string: UInt8 = 4

    let name: String
    let nameBytes: [UInt8]
    let override: DataType?
    var kinds: [UInt8] = []
    var bits: [UInt64] = []
    var dictionary: ByteDictionary
    /// Bit k set when a value of kind k was seen.
    var seen: UInt8 = 0
    /// Where the key first appeared (an offset in the text): a chunk's column that is an
    /// earlier chunk's in another Unicode normalisation is reported there (JSONChunks.join).
    var firstKeyAt = 0

    init(name: String, override: DataType?, nullRows: Int, keepsStrings: Bool = true) {
        self.name = name
        dictionary = ByteDictionary(keepsStrings: keepsStrings)
        nameBytes = ByteText.bytes(of: name)
        self.override = override
        kinds = [UInt8](repeating: JSONColumn.null, count: nullRows)
        bits = [UInt64](repeating: 0, count: nullRows)
    }

    var count: Int { kinds.count }

    mutating func append(_ kind: UInt8, _ payload: UInt64) {
        kinds.append(kind)
        bits.append(payload)
        seen |= 1 << kind
    }

    var inferred: DataType {
        let kinds = seen & ~(1 << JSONColumn.null)
        switch kinds {
        case 1 << JSONColumn.int: return .integer
        case 1 << JSONColumn.double, (1 << JSONColumn.int) | (1 << JSONColumn.double): return .float
        case 1 << JSONColumn.bool: return .boolean
        case 1 << JSONColumn.string:
            return dictionary.strings.allSatisfy { CivilDate(iso: $0) != nil } ? .date : .string
        default: return .string  // all null, or mixed kinds
        }
    }

    /// The column; `file` names the input in an error.
    func finish(file: String) throws(EngineError) -> Column {
        let type = override ?? inferred
        let rows = kinds.count
        var valid = [Bool](repeating: true, count: rows)
        for r in 0..<rows where kinds[r] == JSONColumn.null { valid[r] = false }
        switch type {
        case .integer:
            return Column(.int(bits.map { Int64(bitPattern: $0) }), valid: valid)
        case .float:
            var out = [Double](repeating: 0, count: rows)
            for r in 0..<rows {
                if kinds[r] == JSONColumn.int {
                    let i = Int64(bitPattern: bits[r])
                    // Integers and floats mixed make a float column, unless an integer would
                    // change on the way (a type given by the caller says it may).
                    if override == nil && !ByteParsing.exactAsDouble(i) {
                        throw EngineError("\(file): key \"\(name)\" mixes floats with the integer \(i), which a float cannot hold exactly; "
                                          + "read it as text (types = { \(name) = \"string\" }) or as floats (types = { \(name) = \"float\" })")
                    }
                    out[r] = Double(i)
                }
                else if kinds[r] == JSONColumn.double { out[r] = Double(bitPattern: bits[r]) }
            }
            return Column(.double(out), valid: valid)
        case .boolean:
            return Column(.bool(bits.map { $0 != 0 }), valid: valid)
        case .date:
            let days = dictionary.strings.map { CivilDate(iso: $0)?.days ?? 0 }
            var out = [Int32](repeating: 0, count: rows)
            for r in 0..<rows where kinds[r] == JSONColumn.string { out[r] = days[Int(bits[r])] }
            return Column(.date(out), valid: valid)
        case .string:
            var strings = dictionary.strings
            var codes = [UInt32](repeating: 0, count: rows)
            if seen & ~((1 << JSONColumn.null) | (1 << JSONColumn.string)) == 0 {
                for r in 0..<rows { codes[r] = UInt32(truncatingIfNeeded: bits[r]) }
            } else {
                // Mixed kinds: numbers and booleans join the dictionary as text, once per
                // distinct text, so "1" and 1 share a code (grouping must see them as equal).
                var lookup: [ByteKey: UInt32] = [:]
                for (i, s) in strings.enumerated() where lookup[ByteKey(s)] == nil { lookup[ByteKey(s)] = UInt32(i) }
                for r in 0..<rows {
                    let text: String
                    switch kinds[r] {
                    case JSONColumn.string: codes[r] = UInt32(truncatingIfNeeded: bits[r]); continue
                    case JSONColumn.int: text = String(Int64(bitPattern: bits[r]))
                    case JSONColumn.double: text = Value.format(Double(bitPattern: bits[r]))
                    case JSONColumn.bool: text = bits[r] != 0 ? "true" : "false"
                    default: continue
                    }
                    if let c = lookup[ByteKey(text)] { codes[r] = c; continue }
                    let c = UInt32(strings.count)
                    strings.append(text)
                    lookup[ByteKey(text)] = c
                    codes[r] = c
                }
            }
            if strings.isEmpty && rows > 0 { strings = [""] }  // null rows point at code 0
            return Column(.string(codes: codes, dictionary: strings), valid: valid)
        }
    }
}

/// Growable byte buffer for strings with escapes; a class so its memory can be handed out
/// as a pointer while the parser (a struct) keeps mutating itself.
final class JSONScratch {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private var capacity = 256
    var count = 0

    init() { base = .allocate(capacity: 256) }
    deinit { base.deallocate() }

    func append(_ b: UInt8) {
        if count == capacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
        }
        base[count] = b
        count += 1
    }

    func append(scalar v: UInt32) {
        if v < 0x80 { append(UInt8(v)); return }
        if v < 0x800 { append(UInt8(0xC0 | (v >> 6))); append(UInt8(0x80 | (v & 0x3F))); return }
        if v < 0x10000 {
            append(UInt8(0xE0 | (v >> 12))); append(UInt8(0x80 | ((v >> 6) & 0x3F))); append(UInt8(0x80 | (v & 0x3F)))
            return
        }
        append(UInt8(0xF0 | (v >> 18))); append(UInt8(0x80 | ((v >> 12) & 0x3F)))
        append(UInt8(0x80 | ((v >> 6) & 0x3F))); append(UInt8(0x80 | (v & 0x3F)))
    }
}

struct JSONParser: TableTextParser {
    let p: UnsafePointer<UInt8>
    let end: Int
    let name: String
    let options: JSONOptions
    var pos = 0
    var columns: [JSONColumn] = []
    var index: [String: Int] = [:]
    var rows = 0
    let scratch = JSONScratch()
    /// Where the text of the current document starts (after a byte-order mark).
    var textStart = 0
    var progress: ProgressMeter
    /// A chunk's parser (JSONChunks), whose columns are merged into another's by their bytes:
    /// its dictionaries make no String per distinct value.
    var isChunk = false

    init(_ buf: UnsafeBufferPointer<UInt8>, name: String, options: JSONOptions, progress: ProgressMeter) {
        p = buf.baseAddress ?? UnsafePointer(JSONParser.emptyByte)
        end = buf.count
        self.name = name
        self.options = options
        self.progress = progress
    }

    nonisolated(unsafe) private static let emptyByte = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)

    mutating func run() throws(EngineError) -> Table {
        if end >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { pos = 3; textStart = 3 }
        skipWhitespace()
        if pos == end { progress.finish(rows: 0, bytes: end); return .empty }
        if p[pos] == UInt8(ascii: "[") {
            pos += 1
            skipWhitespace()
            if pos < end && p[pos] == UInt8(ascii: "]") {
                pos += 1
            } else {
                // Elements in chunks on the worker pool when the text is longer than one
                // (JSONChunks).
                let closed = end - pos > CSVReader.chunkBytes ? try readInChunks(array: true) : try elements(until: end)
                // Only a ',' followed by nothing more stops short of the ']'.
                if !closed { throw error(at: pos, "expected an object '{' (each element of the array is one row), found \(found(pos))") }
            }
            skipWhitespace()
            guard pos == end else {
                throw error(at: pos, "expected the end of the input after the array's closing ']', found \(found(pos))")
            }
        } else if p[pos] == UInt8(ascii: "{") {
            // JSON Lines: objects one after another; in chunks on the worker pool when the
            // text is longer than one (JSONChunks).
            _ = end - pos > CSVReader.chunkBytes ? try readInChunks(array: false) : try records(until: end)
        } else {
            throw error(at: pos, "expected '[' (an array of objects) or '{' (JSON Lines), found \(found(pos))")
        }
        for key in options.types.keys.sorted() where index[key] == nil {
            throw EngineError("\(name): a type is given for column \"\(key)\", but the file has no such key (keys: \(columns.map(\.name).joined(separator: ", ")))")
        }
        var built: [Column] = []
        for c in columns.indices {
            progress.update(rows: rows, bytes: end, detail: "typing column \(c + 1) of \(columns.count)")
            built.append(try columns[c].finish(file: name))
        }
        // `[{}]` is one row with no columns, not an empty table.
        let table = columns.isEmpty ? Table(unchecked: [], columns: [], rowCount: rows)
                                    : try Table(fields: columns.map(\.name), columns: built)
        progress.finish(rows: rows, bytes: end)
        return table
    }

    /// JSON Lines: the objects that start before `q1`, from `pos` (at an object or the end),
    /// leaving `pos` at the next object's start or the end. Returns false (nothing to close),
    /// to match `elements`.
    mutating func records(until q1: Int) throws(EngineError) -> Bool {
        while pos < q1 && pos < end {
            guard p[pos] == UInt8(ascii: "{") else {
                throw error(at: pos, "expected an object '{' starting the next line (JSON Lines), found \(found(pos))")
            }
            try object()
            skipWhitespace()
        }
        return false
    }

    /// An array's elements that start before `q1`, from `pos` (after the '[' or a ',', and
    /// whitespace), leaving `pos` at the next element's start, or after the closing ']' and
    /// returning true when that was read. Returns false at `q1` or the end of the input (after
    /// a ',': the caller reports the missing element when no more text follows).
    mutating func elements(until q1: Int) throws(EngineError) -> Bool {
        while pos < q1 {
            guard pos < end, p[pos] == UInt8(ascii: "{") else {
                throw error(at: pos, "expected an object '{' (each element of the array is one row), found \(found(pos))")
            }
            try object()
            skipWhitespace()
            if pos < end && p[pos] == UInt8(ascii: ",") { pos += 1; skipWhitespace(); continue }
            if pos < end && p[pos] == UInt8(ascii: "]") { pos += 1; return true }
            throw error(at: pos, "expected ',' or ']' after an object, found \(found(pos))")
        }
        return false
    }

    // MARK: objects and values

    /// One row: `{ "key": value, … }`, starting at the `{`.
    private mutating func object() throws(EngineError) {
        pos += 1
        skipWhitespace()
        if pos < end && p[pos] == UInt8(ascii: "}") {
            pos += 1
        } else {
            var guess = 0
            while true {
                guard pos < end, p[pos] == UInt8(ascii: "\"") else {
                    throw error(at: pos, "expected a key in double quotes, found \(found(pos))")
                }
                let keyStart = pos
                let key = try string()
                let c = try column(for: key, guess: guess, at: keyStart)
                guard columns[c].count == rows else {
                    throw error(at: keyStart, "key \"\(columns[c].name)\" appears twice in one object, expected each key once")
                }
                skipWhitespace()
                guard pos < end, p[pos] == UInt8(ascii: ":") else {
                    throw error(at: pos, "expected ':' after the key \"\(columns[c].name)\", found \(found(pos))")
                }
                pos += 1
                skipWhitespace()
                try value(into: c)
                guess = c + 1
                skipWhitespace()
                if pos < end && p[pos] == UInt8(ascii: ",") { pos += 1; skipWhitespace(); continue }
                if pos < end && p[pos] == UInt8(ascii: "}") { pos += 1; break }
                throw error(at: pos, "expected ',' or '}' after the value of \"\(columns[c].name)\", found \(found(pos))")
            }
        }
        rows += 1
        for c in columns.indices where columns[c].count < rows { columns[c].append(JSONColumn.null, 0) }
        progress.advance(rows: rows, bytes: pos)
        try Cancellation.check(every: rows)
    }

    /// The column for a key: objects usually repeat the previous object's key order, so the
    /// column after the last one matched is tried before the hash lookup. The index is keyed
    /// by text, so a key that is a column's name in another Unicode normalisation (é composed
    /// and decomposed) is refused rather than merged into that column (ColumnNames).
    private mutating func column(for key: StringSpan, guess: Int, at keyStart: Int) throws(EngineError) -> Int {
        let bytes = self.bytes(key)
        if guess < columns.count, columns[guess].nameBytes.elementsEqual(bytes) { return guess }
        let text = ByteText.string(from: bytes)
        if let c = index[text] {
            guard columns[c].nameBytes.elementsEqual(bytes) else {
                throw error(at: keyStart, ColumnNames.clash(columns[c].name, text))
            }
            return c
        }
        columns.append(JSONColumn(name: text, override: options.types[text], nullRows: rows, keepsStrings: !isChunk))
        columns[columns.count - 1].firstKeyAt = keyStart
        index[text] = columns.count - 1
        return columns.count - 1
    }

    private mutating func value(into c: Int) throws(EngineError) {
        guard pos < end else { throw error(at: pos, key: c, "expected a value, found \(found(pos))") }
        let start = pos
        let override = columns[c].override
        switch p[pos] {
        case UInt8(ascii: "\""):
            let s = try string()
            let bytes = self.bytes(s)
            if override == .date, ByteParsing.date(bytes.baseAddress ?? p, bytes.count) == nil {
                throw mismatch(at: start, key: c, .date)
            }
            if override != nil && override != .string && override != .date { throw mismatch(at: start, key: c, override!) }
            let code = columns[c].dictionary.code(bytes.baseAddress ?? p, bytes.count)
            columns[c].append(JSONColumn.string, UInt64(code))
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            let truth = p[pos] == UInt8(ascii: "t")
            try literal(truth ? "true" : "false", key: c)
            if override == .string { return appendSourceText(start, into: c) }
            if override != nil && override != .boolean { throw mismatch(at: start, key: c, override!) }
            columns[c].append(JSONColumn.bool, truth ? 1 : 0)
        case UInt8(ascii: "n"):
            try literal("null", key: c)
            columns[c].append(JSONColumn.null, 0)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let integral = try number(key: c)
            let n = pos - start
            if override == .string { return appendSourceText(start, into: c) }
            if integral, let v = ByteParsing.int(p + start, n) {
                if override != nil && override != .integer && override != .float { throw mismatch(at: start, key: c, override!) }
                columns[c].append(JSONColumn.int, UInt64(bitPattern: v))
            } else {
                // Fractions, exponents and integers beyond 64 bits are floats.
                if override != nil && override != .float { throw mismatch(at: start, key: c, override!) }
                guard let v = ByteParsing.double(p + start, n) else {
                    throw error(at: start, key: c, "the number \(String(decoding: UnsafeBufferPointer(start: p + start, count: n), as: UTF8.self)) is beyond the range of a 64-bit float (about ±1.8e308)")
                }
                columns[c].append(JSONColumn.double, v.bitPattern)
            }
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let what = p[pos] == UInt8(ascii: "{") ? "a nested object" : "a nested array"
            throw error(at: pos, key: c, "\(what) is not supported (a cell holds one value), expected a string, number, true, false or null")
        default:
            throw error(at: pos, key: c, "expected a value (a string, number, true, false or null), found \(found(pos))")
        }
    }

    /// For a column set to string: a number or boolean is kept as written ("1.50" stays).
    private mutating func appendSourceText(_ start: Int, into c: Int) {
        let code = columns[c].dictionary.code(p + start, pos - start)
        columns[c].append(JSONColumn.string, UInt64(code))
    }

    private mutating func literal(_ word: StaticString, key c: Int) throws(EngineError) {
        let n = word.utf8CodeUnitCount
        let w = word.utf8Start
        var i = 0
        while i < n, pos + i < end, p[pos + i] == w[i] { i += 1 }
        guard i == n else { throw error(at: pos, key: c, "expected a value (a string, number, true, false or null), found \(found(pos))") }
        pos += n
    }

    /// Scans a number per RFC 8259 and reports whether it has neither fraction nor exponent.
    private mutating func number(key c: Int) throws(EngineError) -> Bool {
        let start = pos
        func digits() -> Int {
            let from = pos
            while pos < end, p[pos] &- 48 < 10 { pos += 1 }
            return pos - from
        }
        if p[pos] == UInt8(ascii: "-") { pos += 1 }
        if pos < end && p[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < end && p[pos] &- 48 < 10 {
                throw error(at: start, key: c, "expected a number without a leading zero (write 1, or \"01\" in quotes for a code), found \(found(start, length: 2))")
            }
        } else if digits() == 0 {
            throw error(at: start, key: c, "expected a digit after '-', found \(found(pos))")
        }
        var integral = true
        if pos < end && p[pos] == UInt8(ascii: ".") {
            pos += 1
            integral = false
            guard digits() > 0 else { throw error(at: pos, key: c, "expected a digit after the decimal point, found \(found(pos))") }
        }
        if pos < end && (p[pos] == UInt8(ascii: "e") || p[pos] == UInt8(ascii: "E")) {
            pos += 1
            integral = false
            if pos < end && (p[pos] == UInt8(ascii: "+") || p[pos] == UInt8(ascii: "-")) { pos += 1 }
            guard digits() > 0 else { throw error(at: pos, key: c, "expected a digit in the exponent, found \(found(pos))") }
        }
        return integral
    }

    // MARK: strings

    /// Where a decoded string's bytes are: in the input, or (when it had escapes) in scratch.
    struct StringSpan {
        var start: Int
        var count: Int
        var inScratch: Bool
    }

    func bytes(_ s: StringSpan) -> UnsafeBufferPointer<UInt8> {
        s.inScratch ? UnsafeBufferPointer(start: scratch.base, count: s.count) : UnsafeBufferPointer(start: p + s.start, count: s.count)
    }

    /// A string starting at its opening quote, escapes decoded.
    private mutating func string() throws(EngineError) -> StringSpan {
        let open = pos
        pos += 1
        let start = pos
        while pos < end {
            let b = p[pos]
            if b == UInt8(ascii: "\"") { pos += 1; return StringSpan(start: start, count: pos - 1 - start, inScratch: false) }
            if b == UInt8(ascii: "\\") || b < 0x20 { break }
            pos += 1
        }
        scratch.count = 0
        for i in start..<pos { scratch.append(p[i]) }
        while pos < end {
            let b = p[pos]
            if b == UInt8(ascii: "\"") { pos += 1; return StringSpan(start: 0, count: scratch.count, inScratch: true) }
            if b < 0x20 {
                throw error(at: pos, "expected an escape such as \\n for a control character inside a string, found \(found(pos))")
            }
            if b != UInt8(ascii: "\\") { scratch.append(b); pos += 1; continue }
            guard pos + 1 < end else { break }
            let e = p[pos + 1]
            pos += 2
            if let simple = JSONEscape.simple(e) { scratch.append(simple); continue }
            switch e {
            case UInt8(ascii: "u"):
                var v = try hex4()
                if v >= 0xD800 && v < 0xDC00, pos + 1 < end, p[pos] == UInt8(ascii: "\\"), p[pos + 1] == UInt8(ascii: "u") {
                    let save = pos
                    pos += 2
                    let low = try hex4()
                    if low >= 0xDC00 && low < 0xE000 {
                        v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        pos = save
                    }
                }
                // A surrogate without its partner is not a character: the replacement one.
                if v >= 0xD800 && v < 0xE000 { v = 0xFFFD }
                scratch.append(scalar: v)
            default:
                throw error(at: pos - 2, "expected an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX), found \(found(pos - 2, length: 2))")
            }
        }
        throw error(at: open, "string is never closed (the closing \" is missing)")
    }

    private mutating func hex4() throws(EngineError) -> UInt32 {
        var v: UInt32 = 0
        for i in 0..<4 {
            guard pos + i < end else { throw error(at: pos - 2, "expected 4 hex digits after \\u, found the end of the input") }
            let b = p[pos + i]
            let d: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - 55
            default: throw error(at: pos - 2, "expected 4 hex digits after \\u, found \(found(pos - 2, length: 6))")
            }
            v = v << 4 | UInt32(d)
        }
        pos += 4
        return v
    }

    private mutating func skipWhitespace() {
        while pos < end {
            let b = p[pos]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            pos += 1
        }
    }

    // MARK: errors

    /// What is at `offset`, for "found …": the end, a line break, a character, or a few.
    func found(_ offset: Int, length: Int = 1) -> String {
        guard offset < end else { return "the end of the input" }
        let b = p[offset]
        if length == 1 {
            if b == 0x0A || b == 0x0D { return "a line break" }
            if b < 0x20 || b == 0x7F { return "byte 0x" + (b < 16 ? "0" : "") + String(b, radix: 16) }
            // A bare word (tru, NaN, undefined) is shown whole.
            func isWord(_ c: UInt8) -> Bool { (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") }
            if isWord(b) {
                var stop = offset
                while stop < end, stop - offset < 20, isWord(p[stop]) || p[stop] &- 48 < 10 { stop += 1 }
                return "'" + String(decoding: UnsafeBufferPointer(start: p + offset, count: stop - offset), as: UTF8.self) + "'"
            }
        }
        // Whole UTF-8 characters, so "é" is shown as itself rather than as half a byte pair.
        var stop = offset, chars = 0
        while stop < end, chars < length {
            stop += 1
            while stop < end, p[stop] & 0xC0 == 0x80 { stop += 1 }
            chars += 1
        }
        return "'" + String(decoding: UnsafeBufferPointer(start: p + offset, count: stop - offset), as: UTF8.self) + "'"
    }

    func error(at offset: Int, key c: Int? = nil, _ message: String) -> EngineError {
        // Line and column are only worked out when needed: counting as we go would cost
        // every byte a check.
        var line = 1, lineStart = textStart
        var i = textStart
        let stop = min(offset, end)
        while i < stop {
            if p[i] == 0x0A { line += 1; lineStart = i + 1 }
            i += 1
        }
        var column = 1
        for j in lineStart..<stop where p[j] & 0xC0 != 0x80 { column += 1 }
        var place = "\(name): line \(line), column \(column)"
        if let c { place += " (key \"\(columns[c].name)\")" }
        return EngineError(place + ": " + message)
    }

    func mismatch(at start: Int, key c: Int, _ type: DataType) -> EngineError {
        let article = type == .integer ? "an" : "a"
        // The value as written in the file ("20x3" with its quotes, 2.5 without).
        let n = min(pos - start, 60)
        let token = String(decoding: UnsafeBufferPointer(start: p + start, count: n), as: UTF8.self) + (pos - start > n ? "…" : "")
        return error(at: start, key: c, "expected \(article) \(type) (the column's type is set to \(type)), found \(token)")
    }
}
