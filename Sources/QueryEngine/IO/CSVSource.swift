// The bytes of a CSV input, a window at a time: text already in memory, or a file read with
// pread into the reading task's own buffer. Reading a file a window at a time keeps the load's
// peak memory at the table being built plus a window per thread, instead of the whole file
// beside it.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

final class CSVSource: @unchecked Sendable {
    let name: String
    let size: Int
    private let memory: UnsafePointer<UInt8>?
    private let fd: Int32

    init(memory: UnsafeBufferPointer<UInt8>, name: String) {
        self.name = name
        owned = nil
        size = memory.count
        self.memory = memory.baseAddress
        fd = -1
    }

    /// Opens `path` (closed when the source is released).
    init(path: String) throws(EngineError) {
        name = FileIO.shown(path)         // messages only; the file is opened by its bytes
        try FileIO.checkNoNUL(path)
        let fd = FileIO.withPath(path) { open($0, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw EngineError("\(name): cannot open (\(FileIO.errorText()))") }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let reason = FileIO.errorText()
            close(fd)
            throw EngineError("\(name): cannot read (\(reason))")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw EngineError("\(name): is a directory, expected a file")
        }
        if (st.st_mode & S_IFMT) != S_IFREG {
            // A pipe or device has no size to split: read it whole, as before.
            close(fd)
            let bytes = try FileIO.readAll(path, limit: MemoryCeiling.bytes)
            let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, bytes.count))
            bytes.withUnsafeBufferPointer { if let b = $0.baseAddress { copy.initialize(from: b, count: bytes.count) } }
            owned = copy
            memory = UnsafePointer(copy)
            size = bytes.count
            self.fd = -1
            return
        }
        owned = nil
        memory = nil
        self.fd = fd
        size = Int(st.st_size)
        // As a whole-file read would: bounded by the memory ceiling (the table is of the
        // file's order of size), charged to the work budgets.
        if size > MemoryCeiling.bytes { throw FileIO.tooLarge(path, MemoryCeiling.bytes) }
        try WorkBudget.charge(size, ceiling: false)
    }

    private let owned: UnsafeMutablePointer<UInt8>?

    deinit {
        if fd >= 0 { close(fd) }
        owned?.deallocate()
    }

    /// Bytes [from, to) of the input (`to` clamped to the size), valid while `storage` is not
    /// changed, and whether they reach the end of the input. A file that shrank since it was
    /// opened ends where it now ends.
    func window(_ from: Int, _ to: Int, storage: inout [UInt8]) throws(EngineError) -> (bytes: UnsafeBufferPointer<UInt8>, atEnd: Bool) {
        let to = min(to, size), from = min(from, to)
        if let memory { return (UnsafeBufferPointer(start: memory + from, count: to - from), to == size) }
        let want = to - from
        if storage.count < want { storage = [UInt8](repeating: 0, count: want) }
        var got = 0
        var failure: Int32 = 0
        storage.withUnsafeMutableBytes { buf in
            while got < want {
                let n = pread(fd, buf.baseAddress! + got, want - got, off_t(from + got))
                if n < 0 { if errno == EINTR { continue }; failure = errno; return }
                if n == 0 { return }
                got += n
            }
        }
        if failure != 0 { throw EngineError("\(name): cannot read (\(String(cString: strerror(failure))))") }
        let bytes = storage.withUnsafeBufferPointer { UnsafeBufferPointer(start: $0.baseAddress, count: got) }
        return (bytes, to == size || got < want)
    }
}
