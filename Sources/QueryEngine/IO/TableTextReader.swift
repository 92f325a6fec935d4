// What every text-format reader does around its parser: read a file (the progress clock
// starts before the file is read, as that is part of what the user waits for) or take text
// or bytes, run the format's parser over the buffer, and close a progress line it may have
// started when it fails. CSVReader and JSONReader are this with their own parser.

/// One format's parser over a buffer of bytes.
protocol TableTextParser {
    associatedtype Options
    init(_ buffer: UnsafeBufferPointer<UInt8>, name: String, options: Options, progress: ProgressMeter)
    mutating func run() throws(EngineError) -> Table
    var progress: ProgressMeter { get set }
}

enum TableTextReader {
    static func read<P: TableTextParser>(_ parser: P.Type, path: String, options: P.Options,
                                         reporter: ProgressReporter) throws(EngineError) -> Table {
        var progress = reporter.start(FileIO.shown(path))
        let bytes = try FileIO.readAll(path, limit: MemoryCeiling.bytes)
        progress.totalBytes = bytes.count
        return try read(parser, bytes: bytes, name: FileIO.shown(path), options: options, progress: progress)
    }

    static func read<P: TableTextParser>(_ parser: P.Type, bytes: [UInt8], name: String, options: P.Options,
                                         progress: ProgressMeter) throws(EngineError) -> Table {
        let result: Result<Table, EngineError> = bytes.withUnsafeBufferPointer { buf in
            var parser = P(buf, name: name, options: options, progress: progress)
            do throws(EngineError) {
                return .success(try parser.run())
            } catch {
                parser.progress.abandon()
                return .failure(error)
            }
        }
        return try result.get()
    }
}
