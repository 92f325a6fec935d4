// File names are bytes, as Lua strings are: a Lua string naming a file reaches the engine
// decoded by ByteText (bytes that are not UTF-8 escaped into U+10FF80...U+10FFFF), and must
// reach open(), stat(), rename() as the very bytes the user gave. Swift's own String → C
// string bridging would hand the kernel the escapes' UTF-8 instead (`"\xff.csv"` would open
// a file named F4 8F BF BF 2E 63 73 76), so every system call on a path the user can name
// goes through `withPath`; names read back from the system (readlink, argv) are decoded
// with ByteText, and messages show a path through `shown`.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FileIO {
    /// Calls `body` with the NUL-terminated bytes `path` stands for (ByteText's escapes turned
    /// back into their bytes). The one door from an engine path to a system call.
    /// A name holding a NUL byte is handed over cut at it: callers that take user names check
    /// with `checkNoNUL` first.
    public static func withPath<R, E: Error>(_ path: String, _ body: (UnsafePointer<CChar>) throws(E) -> R) throws(E) -> R {
        let bytes = ByteText.bytes(of: path)
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
        for (i, b) in bytes.enumerated() { p[i] = CChar(bitPattern: b) }
        p[bytes.count] = 0
        let result: R
        do { result = try body(UnsafePointer(p)) } catch { p.deallocate(); throw error }
        // Callers read errno after the call (errorText): kept across the free.
        let saved = errno
        p.deallocate()
        errno = saved
        return result
    }

    /// Two paths at once (rename).
    public static func withPaths<R, E: Error>(_ a: String, _ b: String,
                                              _ body: (UnsafePointer<CChar>, UnsafePointer<CChar>) throws(E) -> R) throws(E) -> R {
        try withPath(a) { (pa) throws(E) -> R in try withPath(b) { (pb) throws(E) -> R in try body(pa, pb) } }
    }

    /// A file name the system gave (readlink, readdir, argv) as engine text: its bytes kept
    /// by ByteText, so `withPath` gives them back unchanged.
    public static func pathString(cString p: UnsafePointer<CChar>) -> String {
        ByteText.string(bytes: UnsafeRawBufferPointer(start: p, count: strlen(p)))
    }

    /// `path` for a message, as the box shows cell text: each byte that is not UTF-8 as
    /// `\xNN`, and control characters (a newline or an ESC in a file name would break the
    /// message or drive the terminal) as `\xNN` too. Only for people; never opened.
    public static func shown(_ path: String) -> String {
        guard path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || ByteText.escapedByte($0) != nil })
        else { return path }
        var out = ""
        for u in path.unicodeScalars {
            if let b = ByteText.escapedByte(u) { out += hex(b) }
            else if u.value < 0x20 || u.value == 0x7F { out += hex(UInt8(u.value)) }
            else { out.unicodeScalars.append(u) }
        }
        return out
    }

    private static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "\\x" + String(digits[Int(b >> 4)]) + String(digits[Int(b & 0xF)])
    }

    /// The error for a name holding a NUL byte: the system would read the name only up to
    /// it, and open or replace another file.
    public static func checkNoNUL(_ path: String) throws(EngineError) {
        if path.utf8.contains(0) { throw EngineError("\(shown(path)): a file name cannot hold a NUL byte") }
    }

    /// Writes the bytes `text` stands for (ByteText) to standard output, unbuffered: for
    /// echoing what was read, byte for byte. The caller flushes stdio first.
    public static func writeOut(_ text: String) {
        ByteText.withBytes(of: text) { buf in
            var done = 0
            while done < buf.count {
                let n = write(1, buf.baseAddress! + done, buf.count - done)
                if n < 0 { if errno == EINTR { continue } else { return } }
                done += n
            }
        }
    }
}
