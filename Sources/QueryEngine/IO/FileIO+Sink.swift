// A file written over time rather than in one go (the REPL's `.output FILE` and `.once FILE`),
// by the same rules as FileIO.writeAtomically (FileIO+Write.swift): one of the process's own
// descriptors (/dev/stdout, /proc/self/fd/N) is written where it stands; a device, a FIFO or a
// socket is opened and written through; a directory is refused; anything else is written to a
// temporary file beside the file a chain of links ends at, and renamed over it when the sink is
// finished, keeping the old file's mode (a new one gets 0666 less the umask). So `.output
// /dev/null` as root never replaces the device node, `.output link` keeps the link, and an
// abandoned sink leaves the old file and no temporary behind.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// open(2) for writing an existing file in place (a free function: inside FileSink, `open`
/// names its own static method).
private func openForWriting(_ path: UnsafePointer<CChar>) -> Int32 { open(path, O_WRONLY | O_CLOEXEC) }

public struct FileSink {
    /// Where the bytes go: write to it until `finish()` or `abandon()`.
    public let fd: Int32
    private let path: String
    /// Set when the sink replaces a file: the temporary file, the file it will be renamed
    /// over, and that file's status when it existed.
    private let replacing: (temporary: FileIO.Temporary, target: String, existing: stat?)?

    /// Opens the sink for `path` (a name as the user gave it).
    public static func open(_ path: String) throws(EngineError) -> FileSink {
        guard !path.isEmpty else { throw EngineError("write: the path is empty") }
        try FileIO.checkNoNUL(path)
        if let own = FileIO.ownDescriptor(path) {
            fflush(nil)
            let fd = dup(own)
            guard fd >= 0 else { throw EngineError("\(FileIO.shown(path)): cannot write (\(FileIO.errorText()))") }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            return FileSink(fd: fd, path: path, replacing: nil)
        }
        var st = stat()
        if FileIO.withPath(path, { stat($0, &st) }) == 0 {
            let kind = st.st_mode & S_IFMT
            if kind == S_IFDIR { throw EngineError("\(FileIO.shown(path)): is a directory, expected a file") }
            if kind != S_IFREG {
                let fd = FileIO.withPath(path) { openForWriting($0) }
                guard fd >= 0 else { throw EngineError("\(FileIO.shown(path)): cannot open for writing (\(FileIO.errorText()))") }
                return FileSink(fd: fd, path: path, replacing: nil)
            }
        }
        let target = FileIO.resolveLinks(path)
        var existing = stat()
        let exists = FileIO.withPath(target) { stat($0, &existing) } == 0
        if exists && FileIO.withPath(target, { access($0, W_OK) }) != 0 {
            throw EngineError("\(FileIO.shown(path)): cannot write (\(FileIO.errorText()))")
        }
        let temporary = try FileIO.Temporary(beside: target, named: path)
        return FileSink(fd: temporary.fd, path: path, replacing: (temporary, target, exists ? existing : nil))
    }

    /// Puts what was written in place (renames the temporary file over the target) and closes
    /// the sink. On failure the target is as it was and no temporary file is left.
    public func finish() throws(EngineError) {
        guard let replacing else {
            if close(fd) != 0 { throw EngineError("\(FileIO.shown(path)): cannot write (\(FileIO.errorText()))") }
            return
        }
        try replacing.temporary.moveOver(replacing.target, existing: replacing.existing, named: path)
    }

    /// Closes the sink and drops what was written to a temporary file; the target is as it was.
    public func abandon() {
        if let replacing { _ = replacing.temporary.discard(EngineError("abandoned")) } else { close(fd) }
    }
}
