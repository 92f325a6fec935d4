// Whole-file reads with the C library: the engine stays free of Foundation (start-up time of
// the binary matters). Writes are in FileIO+Write.swift.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum FileIO {
    /// The whole file. `limit` bounds what is read (an endless input such as /dev/zero or
    /// a FIFO that never closes ends with an error naming the file and the limit, instead of
    /// growing until the machine kills the process); reading also stops on Ctrl-C
    /// (`Cancellation`) and charges what it holds to the active work budgets.
    public static func readAll(_ path: String, limit: Int? = nil) throws(EngineError) -> [UInt8] {
        try checkNoNUL(path)
        let name = shown(path)
        let fd = withPath(path) { open($0, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw EngineError("\(name): cannot open (\(errorText()))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw EngineError("\(name): cannot read (\(errorText()))") }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw EngineError("\(name): is a directory, expected a file") }
        let limit = limit ?? Int.max
        let declared = (st.st_mode & S_IFMT) == S_IFREG ? Int(st.st_size) : 0
        if declared > limit { throw tooLarge(path, limit) }
        var out: [UInt8] = []
        out.reserveCapacity(declared)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            try Cancellation.check()
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }   // a signal: the loop looks at the flag first
                throw EngineError("\(name): cannot read (\(errorText()))")
            }
            if n == 0 { break }
            if out.count + n > limit { throw tooLarge(path, limit) }
            try WorkBudget.charge(n, ceiling: false)
            // Grow by half, never past the limit: doubling would briefly hold twice the limit
            // (and fail under an address-space cap that the limit was chosen to respect).
            if out.count + n > out.capacity { out.reserveCapacity(min(limit, max(out.count + n, out.capacity + out.capacity / 2))) }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }

    static func tooLarge(_ path: String, _ limit: Int) -> EngineError {
        if limit == MemoryCeiling.bytes { return MemoryCeiling.exceeded("\(shown(path)): reading the input") }
        return EngineError("\(shown(path)): the input is larger than the limit of \(ByteCount.text(limit))")
    }

    /// The target of a symbolic link (`/proc/self/exe`: the running binary), or nil; its
    /// bytes kept by ByteText, so a target that is not UTF-8 can be opened.
    public static func readLink(_ path: String) -> String? {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = withPath(path) { readlink($0, &buf, buf.count - 1) }
        guard n > 0 else { return nil }
        return ByteText.string(bytes: buf[0..<n].map { UInt8(bitPattern: $0) })
    }

    /// Writes `text` to standard error, first flushing what stdio holds for standard output so
    /// messages and output stay in the order they were produced.
    public static func standardError(_ text: String) {
        fflush(nil)
        var text = text
        text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}
