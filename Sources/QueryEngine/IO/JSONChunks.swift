// JSON Lines and JSON arrays in parallel: the text is cut into chunks of about
// `CSVReader.chunkBytes`, each parsed on the worker pool by a parser of its own over the whole
// buffer (so an error names the same line and column as a front-to-back read), reading the
// objects that start inside its range. A chunk other than the first guesses where its first
// object starts with a cheap scan that cannot know whether it is inside a string:
//  - JSON Lines: the first `{` that begins a line at or after its range;
//  - an array: the first `{` at or after its range that follows `}` `,` (whitespace between
//    allowed) and is followed by `"` or `}` — the shape of the gap between two elements.
// The guesses are checked in file order against where the previous chunk really ended (the
// next element's first byte), and a chunk that guessed wrong (a string holding `},{"`,
// several objects on a line, an object spread over lines) is parsed again from the true
// start, so a wrong guess costs time, never a different table. The chunks' columns are then
// joined in order of first appearance, their rows one after another and their string
// dictionaries merged in that order: the table, and the first error, of a front-to-back read.
//
// Ctrl-C: a chunk not begun when the flag goes up reads nothing, a chunk under way stops
// within `Cancellation.stride` objects (the check in `object()`).

extension JSONParser {
    private struct Chunk {
        var start: Int
        var end: Int
        /// An array's closing `]` was read (the end of `end`'s element list).
        var closed: Bool
        var parser: JSONParser
        var error: EngineError?
    }

    /// Reads, from `pos` (at the first object), the objects of JSON Lines or, when `array`,
    /// the elements of an array up to and including its closing `]`; leaves `pos` after them.
    /// Returns whether the array was closed (always false for JSON Lines).
    mutating func readInChunks(array: Bool) throws(EngineError) -> Bool {
        let first = pos, size = CSVReader.chunkBytes
        let count = (end - first + size - 1) / size
        let bounds = (0...count).map { Swift.min(end, first + $0 * size) }
        let buffer = UnsafeBufferPointer(start: p, count: end)
        let (name, options, textStart) = (self.name, self.options, self.textStart)
        func parse(from start: Int, until q1: Int) -> Chunk {
            var parser = JSONParser(buffer, name: name, options: options, progress: ProgressReporter.disabled.start(name))
            parser.textStart = textStart
            parser.pos = start
            parser.isChunk = true
            do throws(EngineError) {
                // After Ctrl-C the chunks not begun read nothing.
                try Cancellation.check()
                let closed = array ? try parser.elements(until: q1) : try parser.records(until: q1)
                return Chunk(start: start, end: parser.pos, closed: closed, parser: parser, error: nil)
            } catch {
                return Chunk(start: start, end: parser.pos, closed: false, parser: parser, error: error)
            }
        }
        let (text, length) = (p, end)
        var chunks = Parallelism.map(count) { i in
            if i == 0 { return parse(from: first, until: bounds[1]) }
            let guess = array ? JSONParser.guessedElement(bounds[i], text, length, from: first)
                              : JSONParser.guessedLine(bounds[i], text, length)
            return parse(from: guess, until: bounds[i + 1])
        }
        try Cancellation.check()
        // In file order: check each guess, and report the first error of the file. The chunks
        // after the one that read an array's `]` are not part of the array (only whitespace may
        // follow it, which the caller checks).
        var expected = first
        var used = count, closed = false
        for i in 0..<count {
            if chunks[i].start != expected { chunks[i] = parse(from: expected, until: bounds[i + 1]) }
            if let e = chunks[i].error { throw e }
            expected = chunks[i].end
            progress.update(rows: rows + chunks[...i].reduce(0) { $0 + $1.parser.rows }, bytes: expected)
            if chunks[i].closed { used = i + 1; closed = true; break }
        }
        try Cancellation.check()
        try join(chunks[..<used].map(\.parser))
        pos = expected
        return closed
    }

    /// The first `{` at or after `q` that starts a line (spaces, tabs and CR before it on its
    /// line); the end when there is none.
    private static func guessedLine(_ q: Int, _ p: UnsafePointer<UInt8>, _ end: Int) -> Int {
        var i = q
        // Back to the start of the line q is on: q itself when the byte before it is a break.
        var atLineStart = q > 0 && p[q - 1] == 0x0A
        while i < end {
            let b = p[i]
            if b == 0x0A { atLineStart = true; i += 1; continue }
            if atLineStart {
                if b == 0x20 || b == 0x09 || b == 0x0D { i += 1; continue }
                if b == UInt8(ascii: "{") { return i }
            }
            atLineStart = false
            i += 1
        }
        return end
    }

    /// The first `{` at or after `q` preceded by `}` `,` and followed by `"` or `}` (JSON
    /// whitespace allowed between them), looking no further back than `first`; the end when
    /// there is none.
    private static func guessedElement(_ q: Int, _ p: UnsafePointer<UInt8>, _ end: Int, from first: Int) -> Int {
        @inline(__always) func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
        var i = q
        while i < end {
            defer { i += 1 }
            guard p[i] == UInt8(ascii: "{") else { continue }
            var j = i - 1
            while j >= first, isSpace(p[j]) { j -= 1 }
            guard j >= first, p[j] == UInt8(ascii: ",") else { continue }
            j -= 1
            while j >= first, isSpace(p[j]) { j -= 1 }
            guard j >= first, p[j] == UInt8(ascii: "}") else { continue }
            var k = i + 1
            while k < end, isSpace(p[k]) { k += 1 }
            guard k < end, p[k] == UInt8(ascii: "\"") || p[k] == UInt8(ascii: "}") else { continue }
            return i
        }
        return end
    }

    /// The columns of the chunks' parsers (in chunk order) as this parser's: in order of first
    /// appearance, a chunk's rows after the previous chunk's, null where a chunk lacks a key.
    /// Chunks find their keys apart, so a key in one chunk that is another chunk's in a
    /// different Unicode normalisation is refused here, as a front-to-back read refuses it.
    private mutating func join(_ parts: [JSONParser]) throws(EngineError) {
        var merged: [JSONColumn] = []
        var at: [String: Int] = [:]
        for part in parts {
            for c in part.columns {
                if let g = at[c.name] {
                    guard merged[g].nameBytes == c.nameBytes else { throw error(at: c.firstKeyAt, ColumnNames.clash(merged[g].name, c.name)) }
                    continue
                }
                at[c.name] = merged.count
                merged.append(JSONColumn(name: c.name, override: c.override, nullRows: 0))
            }
        }
        let total = parts.reduce(0) { $0 + $1.rows }
        for g in merged.indices {
            var column = merged[g]
            column.kinds.reserveCapacity(total)
            column.bits.reserveCapacity(total)
            for part in parts {
                guard let k = part.index[column.name] else {
                    column.kinds.append(contentsOf: repeatElement(JSONColumn.null, count: part.rows))
                    column.bits.append(contentsOf: repeatElement(0, count: part.rows))
                    continue
                }
                let c = part.columns[k]
                // The chunk's string codes → codes of the joined dictionary, by the bytes.
                var remap: [UInt64] = []
                remap.reserveCapacity(c.dictionary.count)
                c.dictionary.forEachKey { p, n in remap.append(UInt64(column.dictionary.code(p, n))) }
                column.kinds.append(contentsOf: c.kinds)
                if remap.isEmpty {
                    column.bits.append(contentsOf: c.bits)
                } else {
                    for (kind, bits) in zip(c.kinds, c.bits) { column.bits.append(kind == JSONColumn.string ? remap[Int(bits)] : bits) }
                }
                column.seen |= c.seen
            }
            merged[g] = column
        }
        columns = merged
        index = at
        rows = total
    }
}
