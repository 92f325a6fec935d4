// Parses one chunk of a CSV file: the records that start in a byte range [q0, q1), straight
// into typed chunk columns (no table of field positions for the whole file).
//
// A chunk other than the first does not know whether q0 falls inside a quoted field, so it
// guesses: its records start at the first line start at or after q0. The reader checks each
// guess against where the previous chunk's last record really ended and parses a chunk again
// from the true start when they differ (a quoted field with a line break across q0), so the
// result is always that of reading the file front to back.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Something wrong at a place in a chunk: `line` counts from the chunk's first line (0).
struct CSVProblem: Error {
    var line: Int
    var column: Int?
    var message: String
}

struct CSVChunk {
    /// Byte range of the chunk's records (end: after the last record's line break).
    var start = 0, end = 0
    var rows = 0
    /// Line breaks in [start, end): the next chunk's first line is this chunk's plus these.
    var lines = 0
    var columns: [CSVChunkColumn] = []
    /// Where the chunk could not be tokenized (its end is then unknown).
    var problem: CSVProblem?
    /// Per column, the first field that did not fit the forced type: its line and text.
    var failures: [Int: (line: Int, text: String)] = [:]
    /// Columns parsed as text in this chunk because a field fitted no other type.
    var text: [Bool] = []
}

/// Field location within a window, packed in 8 bytes: start (39 bits), length (23 bits),
/// "quoted" and "has doubled quotes" flags.
struct PackedField {
    static let quotedBit: UInt64 = 1 << 63
    static let escapedBit: UInt64 = 1 << 62
    static let maxLength = (1 << 23) - 1

    @inline(__always) static func pack(_ start: Int, _ length: Int, quoted: Bool, escaped: Bool) -> UInt64 {
        UInt64(start) | (UInt64(length) << 39) | (quoted ? quotedBit : 0) | (escaped ? escapedBit : 0)
    }
    @inline(__always) static func start(_ f: UInt64) -> Int { Int(f & 0x7F_FFFF_FFFF) }
    @inline(__always) static func length(_ f: UInt64) -> Int { Int((f >> 39) & 0x7F_FFFF) }
}

/// Splits records into fields in a window of bytes (RFC 4180 quoting, CRLF/LF/CR).
struct CSVRecordScanner {
    enum Outcome { case record, needMore, problem(CSVProblem) }

    let w: UnsafePointer<UInt8>
    let n: Int
    /// Whether the window ends where the input ends (otherwise running off its end means the
    /// window was too small).
    let atEnd: Bool
    let delimiter: UInt8

    /// Tokenizes the record at `pos` into `fields`, leaving `pos` after its line break and
    /// `line` counting the breaks inside quoted fields and the record's own.
    func record(_ pos: inout Int, _ line: inout Int, _ fields: inout [UInt64]) -> Outcome {
        let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let delim = delimiter
        fields.removeAll(keepingCapacity: true)
        while true {
            let column = fields.count + 1
            if pos < n && w[pos] == quote {
                let openLine = line
                pos += 1
                let start = pos
                var escaped = false
                while true {
                    guard pos < n else {
                        if !atEnd { return .needMore }
                        return .problem(CSVProblem(line: openLine, column: column, message: "quoted field is never closed (the closing \" is missing)"))
                    }
                    let c = w[pos]
                    if c == quote {
                        if pos + 1 < n && w[pos + 1] == quote { escaped = true; pos += 2; continue }
                        if pos + 1 == n && !atEnd { return .needMore }
                        break
                    }
                    if c == lf { line += 1 }
                    else if c == cr {
                        if pos + 1 == n && !atEnd { return .needMore }
                        if !(pos + 1 < n && w[pos + 1] == lf) { line += 1 }
                    }
                    pos += 1
                }
                let length = pos - start
                pos += 1  // closing quote
                guard length <= PackedField.maxLength else {
                    return .problem(CSVProblem(line: line, column: column, message: "field longer than 8 MB"))
                }
                fields.append(PackedField.pack(start, length, quoted: true, escaped: escaped))
                if pos < n, w[pos] != delim, w[pos] != lf, w[pos] != cr {
                    return .problem(CSVProblem(line: line, column: column,
                                               message: "unexpected \(CSVRecordScanner.describe(w[pos])) after a closing quote, expected a delimiter or the end of the line"))
                }
            } else {
                let start = pos
                while pos < n {
                    let c = w[pos]
                    if c == delim || c == lf || c == cr { break }
                    pos += 1
                }
                if pos == n && !atEnd { return .needMore }
                let length = pos - start
                guard length <= PackedField.maxLength else {
                    return .problem(CSVProblem(line: line, column: column, message: "field longer than 8 MB"))
                }
                fields.append(PackedField.pack(start, length, quoted: false, escaped: false))
            }
            if pos < n && w[pos] == delim { pos += 1; continue }
            break
        }
        if pos < n {
            if w[pos] == cr {
                if pos + 1 == n && !atEnd { return .needMore }
                pos += (pos + 1 < n && w[pos + 1] == lf) ? 2 : 1
            } else {
                pos += 1
            }
        }
        line += 1
        return .record
    }

    /// Skips blank lines at `pos` (not past `limit`); false when the window ends first.
    func skipBlankLines(_ pos: inout Int, _ line: inout Int, limit: Int) -> Bool {
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        while pos < limit && pos < n {
            let b = w[pos]
            if b == lf { pos += 1; line += 1; continue }
            if b == cr {
                if pos + 1 < n { pos += w[pos + 1] == lf ? 2 : 1 }
                else if atEnd { pos += 1 }
                else { return false }
                line += 1
                continue
            }
            break
        }
        return true
    }

    /// The field's content as a String (quotes removed, doubled quotes undone).
    func text(_ f: UInt64) -> String {
        let start = PackedField.start(f), count = PackedField.length(f)
        if f & PackedField.escapedBit == 0 {
            return ByteText.string(w + start, count: count)
        }
        var out: [UInt8] = []
        out.reserveCapacity(count)
        var i = start
        while i < start + count {
            out.append(w[i])
            i += w[i] == UInt8(ascii: "\"") ? 2 : 1
        }
        return out.withUnsafeBufferPointer { ByteText.string(from: $0) }
    }

    static func describe(_ c: UInt8) -> String {
        c >= 0x20 && c < 0x7F ? "character '\(Character(Unicode.Scalar(c)))'" : "byte 0x\(String(c, radix: 16))"
    }
}

struct CSVChunkParser {
    let source: CSVSource
    let delimiter: UInt8
    let nulls: CSVNullMarkers
    let forced: [DataType?]
    /// TSV's backslash escapes are decoded in text fields (CSVOptions.backslashEscapes).
    let escapes: Bool
    /// Records a chunk is expected to hold (from the first lines' length), for reserving.
    var expectedRows = 0
    var columnCount: Int { forced.count }

    /// The chunk of records starting in [q0, q1); from `exactStart` when it is known (the
    /// first chunk, or one whose guessed start proved wrong), else from the first line start
    /// at or after q0. `text` marks columns to read as text from the start.
    /// `progress` is told after each record the chunk's rows so far and the
    /// input position (the caller's thread reports; the others only count).
    func parse(q0: Int, q1: Int, exactStart: Int?, text: [Bool], storage: inout [UInt8],
               progress: (Int, Int) -> Void = { _, _ in }) throws(EngineError) -> CSVChunk {
        var overlap = 1 << 16
        var text = text
        var fields: [UInt64] = []
        fields.reserveCapacity(columnCount)
        var scratch: [UInt8] = [], unescaped: [UInt8] = []
        // In a one-column file a blank line is a record of one empty field (RFC 4180): a
        // null, the only way to write one there. Elsewhere blank lines are skipped.
        let blankIsRecord = columnCount == 1
        while true {
            let from = exactStart ?? max(0, q0 - 1)
            let (buf, atEnd) = try source.window(from, max(q1, from) + overlap, storage: &storage)
            // A window that is not the end of the input has a base address (it is not empty).
            let w = buf.baseAddress ?? UnsafePointer(CSVChunkParser.emptyByte)
            let n = buf.count
            let scan = CSVRecordScanner(w: w, n: n, atEnd: atEnd, delimiter: delimiter)
            var pos = 0
            if exactStart == nil {
                guard let first = firstLineStart(w, n, atEnd: atEnd) else { overlap *= 8; continue }
                pos = first
            }
            var chunk = CSVChunk()
            chunk.start = from + pos
            chunk.text = text
            let capacity = exactStart == nil ? expectedRows : Swift.min(expectedRows, (q1 - from) / 2 + 1)
            chunk.columns = (0..<columnCount).map { CSVChunkColumn(forced: forced[$0], text: text[$0], capacity: capacity) }
            let limit = q1 - from
            var line = 0
            var outcome = Outcome.done
            rows: while true {
                if !blankIsRecord {
                    guard scan.skipBlankLines(&pos, &line, limit: limit) else { outcome = .needMore; break }
                }
                if pos >= limit || pos >= n { break }
                let recordLine = line
                switch scan.record(&pos, &line, &fields) {
                case .record: break
                case .needMore: outcome = .needMore; break rows
                case .problem(let p): chunk.problem = p; return chunk
                }
                guard fields.count == columnCount else {
                    chunk.problem = CSVProblem(line: recordLine, column: nil, message: "expected \(columnCount) fields, found \(fields.count)")
                    return chunk
                }
                for c in 0..<columnCount {
                    let f = fields[c]
                    let start = PackedField.start(f), length = PackedField.length(f)
                    if f & PackedField.quotedBit == 0 && nulls.matches(w + start, length) {
                        chunk.columns[c].appendNull()
                        continue
                    }
                    let fit = content(f, w, &scratch) { p, count -> CSVChunkColumn.Fit in
                        // Backslash escapes are text only: a number, boolean or date has none,
                        // and a field with one makes the column text first (needsText).
                        if escapes && chunk.columns[c].kind == .string && count > 0
                            && memchr(p, Int32(UInt8(ascii: "\\")), count) != nil {
                            CSVBackslashEscapes.decode(p, count, into: &unescaped)
                            return unescaped.withUnsafeBufferPointer { chunk.columns[c].append($0.baseAddress ?? p, $0.count) }
                        }
                        return chunk.columns[c].append(p, count)
                    }
                    switch fit {
                    case .ok: break
                    case .needsText:
                        text[c] = true
                        outcome = .again
                        break rows
                    case .failed:
                        if chunk.failures[c] == nil { chunk.failures[c] = (recordLine, scan.text(f)) }
                        chunk.columns[c].appendFailed()
                    }
                }
                chunk.rows += 1
                progress(chunk.rows, from + pos)
                try Cancellation.check(every: chunk.rows)
            }
            switch outcome {
            case .done:
                chunk.end = from + pos
                chunk.lines = line
                return chunk
            case .needMore: overlap *= 8
            case .again: break
            }
        }
    }

    private enum Outcome { case done, needMore, again }

    /// Calls `body` with the content of field `f` of window `w`: quotes removed, doubled
    /// quotes undone (into `scratch` when there are any).
    @inline(__always)
    private func content<R>(_ f: UInt64, _ w: UnsafePointer<UInt8>, _ scratch: inout [UInt8],
                            _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
        let start = PackedField.start(f), length = PackedField.length(f)
        if f & PackedField.escapedBit == 0 { return body(w + start, length) }
        scratch.removeAll(keepingCapacity: true)
        var i = start
        while i < start + length { scratch.append(w[i]); i += w[i] == UInt8(ascii: "\"") ? 2 : 1 }
        return scratch.withUnsafeBufferPointer { body($0.baseAddress ?? w, $0.count) }
    }

    /// Index of the first line start in the window after its first byte (the byte before
    /// q0), or nil when the window ends first. At the end of the input with no line break
    /// left, the end: the chunk is empty.
    private func firstLineStart(_ w: UnsafePointer<UInt8>, _ n: Int, atEnd: Bool) -> Int? {
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var k = 0
        while k < n {
            let b = w[k]
            if b == lf { return k + 1 }
            if b == cr {
                if k + 1 < n { return w[k + 1] == lf ? k + 2 : k + 1 }
                return atEnd ? k + 1 : nil
            }
            k += 1
        }
        return atEnd ? n : nil
    }

    nonisolated(unsafe) private static let emptyByte = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
}
