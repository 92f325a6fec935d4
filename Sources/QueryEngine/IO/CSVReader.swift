// Reads CSV into a columnar table, in parallel over chunks of the file:
//  1. the first record (header, or the first row) fixes the column count and names;
//  2. the rest is cut into chunks of about `chunkBytes`; each chunk is tokenized (RFC 4180
//     quoting, CRLF/LF/CR, BOM) and converted straight into typed chunk columns, the type of
//     each column narrowing as inference goes (integer → float, boolean, date, else string)
//     unless the caller fixed it (CSVChunkParser); in a one-column file a blank line is a
//     record (a null), elsewhere it is skipped; TSV's backslash escapes are decoded in text;
//  3. the chunks' guessed starts are checked in file order (a chunk whose guess fell inside a
//     quoted field is parsed again from the true start), then each column's type is the join
//     of its chunks' types and the chunks are copied into one array per column, dictionaries
//     merged in order of first appearance.
// The result is the same table, errors included, as reading front to back on one thread.
// A file is read a window at a time (CSVSource), so the load's peak is the table plus a
// window per thread. Errors name the file, the line (1-based, physical lines) and the column.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

public enum CSVReader {
    /// Reads the file at `path`.
    public static func read(path: String, options: CSVOptions = CSVOptions()) throws(EngineError) -> Table {
        var progress = options.progress.start(FileIO.shown(path))
        do throws(EngineError) {
            let source = try CSVSource(path: path)
            progress.totalBytes = source.size
            return try read(source, options: options, progress: &progress)
        } catch {
            progress.abandon()
            throw error
        }
    }

    /// Reads CSV text held in memory; `name` is used in error messages.
    public static func read(string: String, name: String = "<string>", options: CSVOptions = CSVOptions()) throws(EngineError) -> Table {
        try read(bytes: ByteText.bytes(of: string), name: name, options: options)
    }

    public static func read(bytes: [UInt8], name: String, options: CSVOptions = CSVOptions()) throws(EngineError) -> Table {
        var progress = options.progress.start(name, totalBytes: bytes.count)
        let result: Result<Table, EngineError> = bytes.withUnsafeBufferPointer { buf in
            do throws(EngineError) {
                return .success(try read(CSVSource(memory: buf, name: name), options: options, progress: &progress))
            } catch {
                progress.abandon()
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Bytes per chunk: morsel-sized (a morsel of rows of ~32 bytes: 2 MB by default). Tests
    /// shrink morsels below 1,024 rows to split small texts every few bytes (3 a row), so
    /// that quoted line breaks, CRLF pairs and blank lines fall across every split point.
    static var chunkBytes: Int {
        let rows = Parallelism.morselRows
        return rows < 1024 ? rows * 3 : min(rows * 32, 4 << 20)
    }

    static func read(_ source: CSVSource, options: CSVOptions, progress: inout ProgressMeter) throws(EngineError) -> Table {
        let name = source.name
        guard let head = try firstRecord(source, options: options) else {
            progress.finish(rows: 0, bytes: source.size)
            return .empty
        }
        let names = head.names
        func error(_ line: Int, _ column: Int?, _ message: String) -> EngineError {
            var place = "\(name): line \(line)"
            if let column {
                place += ", column \(column)"
                if column - 1 < names.count { place += " (\(names[column - 1]))" }
            }
            return EngineError(place + ": " + message)
        }
        for (n, _) in options.types where !names.contains(n) {
            throw EngineError("\(name): a type is given for column \"\(n)\", but the file has no such column (columns: \(names.joined(separator: ", ")))")
        }
        var parser = CSVChunkParser(source: source, delimiter: options.delimiter, nulls: CSVNullMarkers(options.nullMarkers),
                                    forced: names.map { options.types[$0] },
                                    escapes: options.backslashEscapes ?? (options.delimiter == UInt8(ascii: "\t")))
        // A chunk's rows, estimated from the lines in the first 64 KB after the header (with
        // a margin): the chunk columns reserve that much once instead of doubling.
        parser.expectedRows = try estimatedRows(source, from: head.dataStart, chunkBytes: chunkBytes)
        let columnCount = names.count
        let noText = [Bool](repeating: false, count: columnCount)

        // Chunks in parallel, each from its guessed start.
        let size = chunkBytes
        let span = source.size - head.dataStart
        let chunkCount = max(1, (span + size - 1) / size)
        let bounds = (0...chunkCount).map { min(source.size, head.dataStart + $0 * size) }
        let chunks = UnsafeMutablePointer<Result<CSVChunk, EngineError>>.allocate(capacity: chunkCount)
        var initialised = 0
        defer { chunks.deinitialize(count: initialised); chunks.deallocate() }
        let caller = pthread_self()
        let rowsDone = Atomic<Int>(0), bytesDone = Atomic<Int>(0)
        Parallelism.run(tasks: chunkCount) { i in
            var storage: [UInt8] = []
            let result: Result<CSVChunk, EngineError>
            let onCaller = pthread_equal(pthread_self(), caller) != 0
            let base = rowsDone.load(ordering: .relaxed)
            do throws(EngineError) {
                // After Ctrl-C the chunks not begun are not read at all: each would read its
                // window of the file before its parser first looks at the flag.
                try Cancellation.check()
                let start = i == 0 ? head.dataStart : nil
                if onCaller && progress.isActive {
                    result = .success(try parser.parse(q0: bounds[i], q1: bounds[i + 1], exactStart: start, text: noText, storage: &storage,
                                                       progress: { progress.advance(rows: base + $0, bytes: $1) }))
                } else {
                    result = .success(try parser.parse(q0: bounds[i], q1: bounds[i + 1], exactStart: start, text: noText, storage: &storage))
                }
            } catch {
                result = .failure(error)
            }
            (chunks + i).initialize(to: result)
            let rows = rowsDone.wrappingAdd((try? result.get())?.rows ?? 0, ordering: .relaxed).newValue
            let bytes = bytesDone.wrappingAdd(bounds[i + 1] - bounds[i], ordering: .relaxed).newValue
            if onCaller { progress.update(rows: rows, bytes: head.dataStart + bytes) }
        }
        initialised = chunkCount

        // In file order: check each guessed start, and report the first error of the file.
        var expected = head.dataStart
        var lineAt = [Int](repeating: 0, count: chunkCount)
        var line = head.dataLine
        var rows = 0
        var storage: [UInt8] = []
        for i in 0..<chunkCount {
            var chunk = try chunks[i].get()
            if chunk.start != expected {
                chunk = try parser.parse(q0: bounds[i], q1: bounds[i + 1], exactStart: expected, text: noText, storage: &storage)
                chunks[i] = .success(chunk)
            }
            if let p = chunk.problem { throw error(line + p.line, p.column, p.message) }
            lineAt[i] = line
            line += chunk.lines
            rows += chunk.rows
            expected = chunk.end
        }
        guard rows < Int(Int32.max) else { throw EngineError("\(name): more than 2^31 rows") }
        var parts = (0..<chunkCount).map { try! chunks[$0].get() }
        chunks.deinitialize(count: chunkCount)
        initialised = 0

        // Each column's type over all chunks; chunks that read as something else a column
        // that turned out to be text are parsed again with it as text.
        var types: [DataType] = []
        for c in 0..<columnCount {
            if let t = parser.forced[c] { types.append(t); continue }
            let t = CSVChunkColumn.Kind.join(parts.map { $0.columns[c].kind })
            // Integers and floats mixed make floats, unless an integer would change as a float
            // (9223372036854775807 → …808): then the column stays text, every digit kept.
            types.append(t == .float && parts.contains { $0.columns[c].lossy } ? .string : t)
        }
        let redo = (0..<chunkCount).filter { i in
            (0..<columnCount).contains { c in types[c] == .string && parts[i].columns[c].kind != .string && parts[i].columns[c].kind != .empty }
        }
        if !redo.isEmpty {
            let text = (0..<columnCount).map { types[$0] == .string }
            let again = try Parallelism.mapThrowing(redo.count) { k throws(EngineError) -> CSVChunk in
                var storage: [UInt8] = []
                let part = parts[redo[k]]
                return try parser.parse(q0: part.start, q1: part.end, exactStart: part.start, text: text, storage: &storage)
            }
            for (k, i) in redo.enumerated() { parts[i].columns = again[k].columns }
        }
        for c in 0..<columnCount {
            for i in 0..<chunkCount {
                if let f = parts[i].failures[c] {
                    let type = types[c]
                    throw error(lineAt[i] + f.line, c + 1,
                                "expected \(type == .integer ? "an" : "a") \(type) (the column's type is set to \(type)), found \"\(f.text)\"")
                }
            }
        }

        var columns: [Column] = []
        columns.reserveCapacity(columnCount)
        var starts = [Int](repeating: 0, count: chunkCount + 1)
        for i in 0..<chunkCount { starts[i + 1] = starts[i] + parts[i].rows }
        for c in 0..<columnCount {
            progress.update(rows: rows, bytes: source.size, detail: "typing column \(c + 1) of \(columnCount)")
            columns.append(CSVColumnAssembly.column(c, type: types[c], parts: parts, starts: starts))
            for i in 0..<chunkCount { parts[i].columns[c].release() }
            // The column's chunk buffers are freed: give their pages back before the next
            // column is allocated, or the load's peak would hold every chunk and the whole
            // table at once (glibc keeps freed heap pages mapped; measured 76 bytes a row at
            // 1M rows against a table of 36).
            MemoryTrim.giveBack()
        }
        parts = []
        let table = try Table(fields: names, columns: columns)
        progress.finish(rows: rows, bytes: source.size)
        return table
    }

    private static func estimatedRows(_ source: CSVSource, from start: Int, chunkBytes: Int) throws(EngineError) -> Int {
        var storage: [UInt8] = []
        let (sample, _) = try source.window(start, start + (1 << 16), storage: &storage)
        var lines = 0
        for b in sample where b == UInt8(ascii: "\n") { lines += 1 }
        guard lines > 0 else { return 1024 }
        let perLine = Swift.max(1, sample.count / lines)
        return chunkBytes / perLine + chunkBytes / perLine / 16 + 16
    }

    /// The header (or first) record: column names, where the data starts and on which line.
    private static func firstRecord(_ source: CSVSource, options: CSVOptions) throws(EngineError) -> (names: [String], dataStart: Int, dataLine: Int)? {
        var storage: [UInt8] = []
        var window = 1 << 16
        while true {
            let (buf, atEnd) = try source.window(0, window, storage: &storage)
            let w = buf.baseAddress ?? UnsafePointer(emptyByte)
            let scan = CSVRecordScanner(w: w, n: buf.count, atEnd: atEnd, delimiter: options.delimiter)
            var pos = 0, line = 1
            if buf.count >= 3, w[0] == 0xEF, w[1] == 0xBB, w[2] == 0xBF { pos = 3 }
            guard scan.skipBlankLines(&pos, &line, limit: Int.max) else { window *= 8; continue }
            if pos >= buf.count { return nil }
            let recordStart = pos, recordLine = line
            var fields: [UInt64] = []
            switch scan.record(&pos, &line, &fields) {
            case .needMore: window *= 8; continue
            case .problem(let p):
                var place = "\(source.name): line \(p.line)"
                if let c = p.column { place += ", column \(c)" }
                throw EngineError(place + ": " + p.message)
            case .record: break
            }
            if !options.header {
                return ((1...fields.count).map { "column_\($0)" }, recordStart, recordLine)
            }
            var seen = Set<String>()
            var names: [String] = []
            for (i, f) in fields.enumerated() {
                var n = scan.text(f)
                if n.isEmpty { n = "column_\(i + 1)" }
                // Repeated names would make the columns unreachable by name: number the repeats.
                // Names compare as Unicode text (ColumnNames), so "é" composed and decomposed
                // repeat too and the second becomes "é_2": a header is the file's, not the
                // caller's, and refusing it would leave no way to read the file, while the
                // rename keeps every column and matches what any repeated header gets.
                var candidate = n, k = 2
                while seen.contains(candidate) { candidate = "\(n)_\(k)"; k += 1 }
                seen.insert(candidate)
                names.append(candidate)
            }
            return (names, pos, line)
        }
    }

    nonisolated(unsafe) private static let emptyByte = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
}
