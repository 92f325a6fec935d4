// One of the process's output descriptors (1 or 2) captured for the kernel: pointed at an
// unlinked temporary file opened for appending, read back from where the last read stopped.
// A file rather than a pipe, so a cell that prints more than a pipe holds never blocks while
// no one reads; everything Lua's print, io.write, Swift's print and C code write is caught.

#if canImport(Glibc)
import Glibc
#endif

struct CapturedOutput {
    /// The stream's name in the protocol: "stdout" or "stderr".
    let name: String
    private let reader: Int32
    private var offset: off_t = 0
    /// The start of a UTF-8 sequence cut by the last read, kept for the next one.
    private var pending: [UInt8] = []

    /// Points `fd` at a new temporary file; nil (with the reason) when no file can be made.
    static func capture(_ fd: Int32, name: String) -> Result<CapturedOutput, KernelError> {
        let dir = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(dir)/hemi-kernel-\(name)-XXXXXX".utf8CString)
        let reader = mkstemp(&template)
        guard reader >= 0 else { return .failure(KernelError("cannot make a file in \(dir) for \(name): \(String(cString: strerror(errno)))")) }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let writer = open(path, O_WRONLY | O_APPEND)
        unlink(path)
        guard writer >= 0 else { close(reader); return .failure(KernelError("cannot open \(path): \(String(cString: strerror(errno)))")) }
        dup2(writer, fd)
        close(writer)
        return .success(CapturedOutput(name: name, reader: reader))
    }

    private init(name: String, reader: Int32) { self.name = name; self.reader = reader }

    /// Whatever was written since the last call, as text (a cut UTF-8 sequence waits for
    /// the next call); nil when nothing complete is new.
    mutating func take() -> String? {
        var bytes = pending
        pending = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(reader, $0.baseAddress, $0.count, offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            offset += off_t(n)
            bytes += buffer[0..<n]
        }
        let cut = Self.completePrefix(bytes)
        pending = Array(bytes[cut...])
        return cut == 0 ? nil : String(decoding: bytes[..<cut], as: UTF8.self)
    }

    /// Empties the file once everything has been read and it has grown past a megabyte. Only
    /// the thread that runs the cells calls this, between its own writes.
    mutating func recycle() {
        guard offset > 1 << 20, pending.isEmpty else { return }
        if ftruncate(reader, 0) == 0 { offset = 0 }
    }

    /// The length of the longest prefix that does not end inside a UTF-8 sequence.
    static func completePrefix(_ b: [UInt8]) -> Int {
        var i = b.count
        var back = 0
        while i > 0 && back < 4 {
            let c = b[i - 1]
            if c & 0xC0 != 0x80 {          // a lead byte (or ASCII): is its sequence whole?
                let need = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1
                return back + 1 >= need ? b.count : i - 1
            }
            i -= 1; back += 1
        }
        return b.count
    }
}

struct KernelError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
