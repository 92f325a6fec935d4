// The serial CSV reader main had before the chunked, parallel one (CSVReader): it tokenizes
// the whole buffer front to back, then types and converts each column. Kept here as the
// oracle the parallel reader is compared with (CSVParallelTests): the rules it enforces —
// blank lines (records in a one-column file), TSV escapes, exact integers, null markers,
// errors and their places — are the ones the parallel reader must give, byte for byte.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import QueryEngine

enum SerialCSVReference {
    static func read(string: String, name: String, options: CSVOptions) throws(EngineError) -> Table {
        let bytes = ByteText.bytes(of: string)
        return try TableTextReader.read(SerialCSVParser.self, bytes: bytes, name: name, options: options,
                                        progress: ProgressReporter.disabled.start(name, totalBytes: bytes.count))
    }
}

struct SerialCSVParser: TableTextParser {
    let p: UnsafePointer<UInt8>
    let end: Int
    let name: String
    let options: CSVOptions
    var names: [String] = []
    var fields: [UInt64] = []
    /// Physical line on which each data record starts (records may span lines in quotes).
    var recordLines: [Int32] = []
    var columnCount = -1
    var scratch: [UInt8] = []
    var progress: ProgressMeter
    /// The null markers as bytes, and what rules a field out cheaply: a bit per marker length
    /// (below 64) and a bit per marker's first byte. isNull runs for every field; most fields
    /// fail these two tests without touching the markers.
    private let markers: [[UInt8]]
    private let emptyIsNull: Bool
    private let markerLengths: UInt64
    private let markerFirstBytes: (UInt64, UInt64, UInt64, UInt64)

    init(_ buf: UnsafeBufferPointer<UInt8>, name: String, options: CSVOptions, progress: ProgressMeter) {
        // An empty buffer has no base address; point at a static byte instead.
        p = buf.baseAddress ?? UnsafePointer(SerialCSVParser.emptyByte)
        end = buf.count
        self.name = name
        self.options = options
        self.progress = progress
        markers = options.nullMarkers.map { ByteText.bytes(of: $0) }.filter { !$0.isEmpty }
        emptyIsNull = options.nullMarkers.contains("")
        var lengths: UInt64 = 0
        var first: [UInt64] = [0, 0, 0, 0]
        for m in markers {
            lengths |= m.count < 64 ? 1 << UInt64(m.count) : 1 << 63
            first[Int(m[0]) >> 6] |= 1 << UInt64(m[0] & 63)
        }
        markerLengths = lengths
        markerFirstBytes = (first[0], first[1], first[2], first[3])
    }

    nonisolated(unsafe) private static let emptyByte = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)

    mutating func run() throws(EngineError) -> Table {
        guard end <= ((1 << 39) - 1) else { throw EngineError("\(name): file larger than 512 GB") }
        try tokenize()
        if columnCount < 0 { progress.finish(rows: 0, bytes: end); return .empty }
        let rows = recordLines.count
        var columns: [Column] = []
        columns.reserveCapacity(columnCount)
        for c in 0..<columnCount {
            progress.update(rows: rows, bytes: end, detail: "typing column \(c + 1) of \(columnCount)")
            if let type = options.types[names[c]] {
                columns.append(try convert(c, rows: rows, to: type))
            } else if let numbers = numericColumn(c, rows: rows) {
                columns.append(numbers)
            } else {
                columns.append(try convert(c, rows: rows, to: infer(c, rows: rows)))
            }
        }
        let table = try Table(fields: names, columns: columns)
        progress.finish(rows: rows, bytes: end)
        return table
    }

    // MARK: pass 1

    private mutating func tokenize() throws(EngineError) {
        let delim = options.delimiter
        let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var pos = 0
        if end >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { pos = 3 }
        var line = 1
        var record: [UInt64] = []
        var isHeader = options.header
        while pos < end {
            // Blank lines separate nothing in data files; skip them like DuckDB and sqlite do.
            // In a one-column file a blank line is a record of one empty field (RFC 4180):
            // a null, the only way to write one there.
            if p[pos] == lf || p[pos] == cr {
                if columnCount != 1 || isHeader {
                    if p[pos] == lf { pos += 1 } else { pos += (pos + 1 < end && p[pos + 1] == lf) ? 2 : 1 }
                    line += 1
                    continue
                }
            }
            let recordLine = line
            record.removeAll(keepingCapacity: true)
            while true {
                let column = record.count + 1
                if pos < end && p[pos] == quote {
                    let openLine = line
                    pos += 1
                    let start = pos
                    var escaped = false
                    while true {
                        guard pos < end else {
                            throw error(line: openLine, column: column, "quoted field is never closed (the closing \" is missing)")
                        }
                        let c = p[pos]
                        if c == quote {
                            if pos + 1 < end && p[pos + 1] == quote { escaped = true; pos += 2; continue }
                            break
                        }
                        if c == lf || (c == cr && !(pos + 1 < end && p[pos + 1] == lf)) { line += 1 }
                        pos += 1
                    }
                    let length = pos - start
                    pos += 1  // closing quote
                    guard length <= PackedField.maxLength else { throw error(line: line, column: column, "field longer than 8 MB") }
                    record.append(PackedField.pack(start, length, quoted: true, escaped: escaped))
                    if pos < end, p[pos] != delim, p[pos] != lf, p[pos] != cr {
                        throw error(line: line, column: column, "unexpected \(describe(p[pos])) after a closing quote, expected a delimiter or the end of the line")
                    }
                } else {
                    let start = pos
                    while pos < end {
                        let c = p[pos]
                        if c == delim || c == lf || c == cr { break }
                        pos += 1
                    }
                    let length = pos - start
                    guard length <= PackedField.maxLength else { throw error(line: line, column: column, "field longer than 8 MB") }
                    record.append(PackedField.pack(start, length, quoted: false, escaped: false))
                }
                if pos < end && p[pos] == delim { pos += 1; continue }
                break
            }
            if pos < end {
                pos += (p[pos] == cr && pos + 1 < end && p[pos + 1] == lf) ? 2 : 1
            }
            line += 1
            if columnCount < 0 {
                columnCount = record.count
                names = isHeader ? headerNames(record) : (1...record.count).map { "column_\($0)" }
                for (n, _) in options.types where !names.contains(n) {
                    throw EngineError("\(name): a type is given for column \"\(n)\", but the file has no such column (columns: \(names.joined(separator: ", ")))")
                }
                if isHeader { isHeader = false; continue }
            } else if record.count != columnCount {
                throw error(line: recordLine, column: nil, "expected \(columnCount) fields, found \(record.count)")
            }
            guard recordLines.count < Int32.max else { throw EngineError("\(name): more than 2^31 rows") }
            fields.append(contentsOf: record)
            recordLines.append(Int32(truncatingIfNeeded: recordLine))
            progress.advance(rows: recordLines.count, bytes: pos)
            try Cancellation.check(every: recordLines.count)
        }
    }

    private func headerNames(_ record: [UInt64]) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for (i, f) in record.enumerated() {
            var n = text(f)
            if n.isEmpty { n = "column_\(i + 1)" }
            // Repeated names would make the columns unreachable by name: number the repeats.
            var candidate = n, k = 2
            while seen.contains(candidate) { candidate = "\(n)_\(k)"; k += 1 }
            seen.insert(candidate)
            out.append(candidate)
        }
        return out
    }

    private func describe(_ c: UInt8) -> String {
        c >= 0x20 && c < 0x7F ? "character '\(Character(Unicode.Scalar(c)))'" : "byte 0x\(String(c, radix: 16))"
    }

    func error(line: Int, column: Int?, _ message: String) -> EngineError {
        var place = "\(name): line \(line)"
        if let column {
            place += ", column \(column)"
            if column - 1 < names.count { place += " (\(names[column - 1]))" }
        }
        return EngineError(place + ": " + message)
    }

    // MARK: pass 2

    /// The field's content as a String (quotes removed, doubled quotes undone).
    func text(_ f: UInt64) -> String {
        let start = PackedField.start(f), n = PackedField.length(f)
        if f & PackedField.escapedBit == 0 {
            return ByteText.string(p + start, count: n)
        }
        var out: [UInt8] = []
        out.reserveCapacity(n)
        var i = start
        while i < start + n {
            out.append(p[i])
            i += p[i] == UInt8(ascii: "\"") ? 2 : 1
        }
        return out.withUnsafeBufferPointer { ByteText.string(from: $0) }
    }

    /// Calls `body` with the field's content bytes, unescaped into scratch space if needed.
    @inline(__always)
    mutating func withContent<R>(_ f: UInt64, _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
        let start = PackedField.start(f), n = PackedField.length(f)
        if f & PackedField.escapedBit == 0 { return body(p + start, n) }
        scratch.removeAll(keepingCapacity: true)
        var i = start
        while i < start + n {
            scratch.append(p[i])
            i += p[i] == UInt8(ascii: "\"") ? 2 : 1
        }
        return scratch.withUnsafeBufferPointer { body($0.baseAddress ?? p, $0.count) }
    }

    @inline(__always)
    func isNull(_ f: UInt64) -> Bool {
        if f & PackedField.quotedBit != 0 { return false }
        let n = PackedField.length(f)
        if n == 0 { return emptyIsNull }
        if markerLengths & (1 << UInt64(min(n, 63))) == 0 { return false }
        let s = p + PackedField.start(f)
        let b = s[0]
        let word: UInt64
        switch b >> 6 {
        case 0: word = markerFirstBytes.0
        case 1: word = markerFirstBytes.1
        case 2: word = markerFirstBytes.2
        default: word = markerFirstBytes.3
        }
        if word & (1 << UInt64(b & 63)) == 0 { return false }
        for m in markers where m.count == n {
            var same = true
            for j in 0..<n where m[j] != s[j] { same = false; break }
            if same { return true }
        }
        return false
    }

    /// The narrowest type every non-null field of column `c` fits. Integers widen to float;
    /// any other disagreement makes the column a string column. All-null columns are strings.
    /// Column `c` when every non-null field is a number: integers, or floats once one field
    /// is not an integer (the integers read so far become doubles, as parsing their text as
    /// floats would give). Typing and converting in one pass parses each field once; nil as
    /// soon as a field is neither (infer and convert then take the column).
    mutating func numericColumn(_ c: Int, rows: Int) -> Column? {
        var valid = [Bool](repeating: true, count: rows)
        var anyNull = false, anyValue = false
        var ints: [Int64]? = [Int64](repeating: 0, count: rows)
        var doubles: [Double] = []
        for r in 0..<rows {
            let f = fields[r * columnCount + c]
            if isNull(f) { valid[r] = false; anyNull = true; continue }
            anyValue = true
            if ints != nil {
                if let v = withContent(f, ByteParsing.int) { ints![r] = v; continue }
                // The first non-integer: widen what was read so far, unless an integer would
                // change as a double (9223372036854775807 → …808): then the column stays text.
                guard ints!.allSatisfy(ByteParsing.exactAsDouble) else { return nil }
                doubles = ints!.map { Double($0) }
                ints = nil
            }
            guard let d = withContent(f, ByteParsing.double) else { return nil }
            if Swift.abs(d) >= 9007199254740992, let i = withContent(f, ByteParsing.int), !ByteParsing.exactAsDouble(i) { return nil }
            doubles[r] = d
        }
        guard anyValue else { return nil }   // all null: a string column, as infer says
        let storage: Column.Storage = ints.map { .int($0) } ?? .double(doubles)
        return Column(storage, valid: anyNull ? valid : nil)
    }

    mutating func infer(_ c: Int, rows: Int) -> DataType {
        var type: DataType? = nil
        var lossy = false
        for r in 0..<rows {
            let f = fields[r * columnCount + c]
            if isNull(f) { continue }
            let fits: DataType? = withContent(f) { s, n -> DataType? in
                switch type {
                case nil:
                    if let i = ByteParsing.int(s, n) { if !ByteParsing.exactAsDouble(i) { lossy = true }; return .integer }
                    if ByteParsing.double(s, n) != nil { return .float }
                    if ByteParsing.bool(s, n) != nil { return .boolean }
                    if ByteParsing.date(s, n) != nil { return .date }
                    return .string
                case .integer?:
                    if let i = ByteParsing.int(s, n) { if !ByteParsing.exactAsDouble(i) { lossy = true }; return .integer }
                    return ByteParsing.double(s, n) != nil ? .float : .string
                case .float?:
                    if let i = ByteParsing.int(s, n), !ByteParsing.exactAsDouble(i) { lossy = true }
                    return ByteParsing.double(s, n) != nil ? .float : .string
                case .boolean?: return ByteParsing.bool(s, n) != nil ? .boolean : .string
                case .date?: return ByteParsing.date(s, n) != nil ? .date : .string
                case .string?: return .string
                }
            }
            type = fits
            if type == .string { return .string }
        }
        // Integers and floats mixed make floats, unless an integer would change as a float
        // (9223372036854775807 → …808): then the column stays text, every digit kept.
        if type == .float && lossy { return .string }
        return type ?? .string
    }

    mutating func convert(_ c: Int, rows: Int, to type: DataType) throws(EngineError) -> Column {
        var valid = [Bool](repeating: true, count: rows)
        var anyNull = false
        var failure: Int? = nil
        func markNull(_ r: Int) { valid[r] = false; anyNull = true }
        let storage: Column.Storage
        switch type {
        case .integer:
            var out = [Int64](repeating: 0, count: rows)
            for r in 0..<rows {
                let f = fields[r * columnCount + c]
                if isNull(f) { markNull(r); continue }
                if let v = withContent(f, ByteParsing.int) { out[r] = v } else { failure = r; break }
            }
            storage = .int(out)
        case .float:
            var out = [Double](repeating: 0, count: rows)
            for r in 0..<rows {
                let f = fields[r * columnCount + c]
                if isNull(f) { markNull(r); continue }
                if let v = withContent(f, ByteParsing.double) { out[r] = v } else { failure = r; break }
            }
            storage = .double(out)
        case .boolean:
            var out = [Bool](repeating: false, count: rows)
            for r in 0..<rows {
                let f = fields[r * columnCount + c]
                if isNull(f) { markNull(r); continue }
                if let v = withContent(f, ByteParsing.bool) { out[r] = v } else { failure = r; break }
            }
            storage = .bool(out)
        case .date:
            var out = [Int32](repeating: 0, count: rows)
            for r in 0..<rows {
                let f = fields[r * columnCount + c]
                if isNull(f) { markNull(r); continue }
                if let v = withContent(f, ByteParsing.date) { out[r] = v } else { failure = r; break }
            }
            storage = .date(out)
        case .string:
            var dict = ByteDictionary()
            var codes = [UInt32](repeating: 0, count: rows)
            let escapes = options.backslashEscapes ?? (options.delimiter == UInt8(ascii: "\t"))
            var unescaped: [UInt8] = []
            for r in 0..<rows {
                let f = fields[r * columnCount + c]
                if isNull(f) { markNull(r); continue }
                codes[r] = withContent(f) { s, n in
                    guard escapes, memchr(s, Int32(UInt8(ascii: "\\")), n) != nil else { return dict.code(s, n) }
                    SerialCSVParser.unescape(s, n, into: &unescaped)
                    return unescaped.withUnsafeBufferPointer { dict.code($0.baseAddress!, $0.count) }
                }
            }
            var strings = dict.strings
            if strings.isEmpty && rows > 0 { strings = [""] }  // null rows point at code 0
            storage = .string(codes: codes, dictionary: strings)
        }
        if let r = failure {
            let f = fields[r * columnCount + c]
            throw error(line: Int(recordLines[r]), column: c + 1,
                        "expected \(article(type)) \(type) (the column's type is set to \(type)), found \"\(text(f))\"")
        }
        return Column(storage, valid: anyNull ? valid : nil)
    }

    private func article(_ t: DataType) -> String { t == .integer ? "an" : "a" }

    /// TSV's backslash escapes (`\t \n \r \\`) decoded into `out`; any other backslash is kept
    /// with the byte after it.
    static func unescape(_ s: UnsafePointer<UInt8>, _ n: Int, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var i = 0
        while i < n {
            let b = s[i]
            if b == UInt8(ascii: "\\"), i + 1 < n {
                switch s[i + 1] {
                case UInt8(ascii: "t"): out.append(9); i += 2; continue
                case UInt8(ascii: "n"): out.append(10); i += 2; continue
                case UInt8(ascii: "r"): out.append(13); i += 2; continue
                case UInt8(ascii: "\\"): out.append(b); i += 2; continue
                default: break
                }
            }
            out.append(b)
            i += 1
        }
    }
}
