// Writing a whole file so that nothing is replaced that should not be, and nothing is left
// half-written:
//
// - A regular file (or a new one) is written to a temporary file in the same directory, then
//   renamed over it: readers see the old file or the new one, never a mix. The temporary
//   name is short (`.hemi-XXXXXX`), so a target whose name is already at the 255-byte limit
//   can still be written.
// - A symbolic link is followed: the file it points to is replaced, the link stays a link.
// - Anything else that exists — a device (/dev/null, /dev/stdout), a FIFO, a terminal, a
//   socket, /proc/self/fd/1 — is opened and written through; renaming over it would replace
//   the device node (as root) or turn the FIFO into a regular file.
// - A name of one of the process's own descriptors (/dev/stdout, /dev/stderr, /dev/fd/N,
//   /proc/self/fd/N, directly or through links) is written to that descriptor, where it
//   stands: when standard output is redirected to a file (`hemi s.lua > log`), replacing the
//   file the link ends at would lose everything printed before and after, and opening it again
//   would write from its start over what was printed.
// - An existing file keeps its permission bits (and, when allowed, its owner); a new file
//   gets 0666 less the umask, as `>` in a shell would.
// - Hard links: the rename gives the written name a new inode, so other names of the old
//   file keep the old contents (as with `sed -i` or an editor's safe save). The README says so.
// - Ctrl-C (the Cancellation flag), SIGTERM or SIGHUP while the temporary file exists: it is
//   removed, the target stays as it was, and the write fails (SIGINT) or the signal then
//   takes its course (SIGTERM, SIGHUP: the process ends as it would have, minus the litter).

import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FileIO {
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws(EngineError) {
        guard !path.isEmpty else { throw EngineError("write: the path is empty") }
        try checkNoNUL(path)
        if let fd = ownDescriptor(path) {
            fflush(nil)              // what stdio holds for stdout comes first
            return try writeAll(fd, bytes, path: path)
        }
        var st = stat()
        if withPath(path, { stat($0, &st) }) == 0 {
            let kind = st.st_mode & S_IFMT
            if kind == S_IFDIR { throw EngineError("\(shown(path)): is a directory, expected a file") }
            if kind != S_IFREG { return try writeThrough(bytes, to: path) }
        }
        let target = resolveLinks(path)
        try replace(target, with: bytes, named: path)
    }

    /// Devices, FIFOs and the like: opened (following links) and written in place.
    static func writeThrough(_ bytes: [UInt8], to path: String) throws(EngineError) {
        var fd: Int32
        repeat {
            try Cancellation.check()
            fd = withPath(path) { open($0, O_WRONLY | O_CLOEXEC) }
        } while fd < 0 && errno == EINTR
        guard fd >= 0 else { throw EngineError("\(shown(path)): cannot open for writing (\(errorText()))") }
        defer { close(fd) }
        try writeAll(fd, bytes, path: path)
    }

    /// The file a chain of symbolic links ends at (the path itself when it is not a link, or
    /// the last name when a link dangles: writing creates it there).
    static func resolveLinks(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            guard let next = linkTarget(current) else { return current }
            current = next
        }
        return current
    }

    /// Where the symbolic link `path` points, as a path usable from here; nil when `path` is
    /// not a link.
    static func linkTarget(_ path: String) -> String? {
        var st = stat()
        guard withPath(path, { lstat($0, &st) }) == 0, st.st_mode & S_IFMT == S_IFLNK, let target = readLink(path) else { return nil }
        if target.hasPrefix("/") { return target }
        if let slash = path.lastIndex(of: "/") { return String(path[...slash]) + target }
        return target
    }

    /// The descriptor `path` names when it, or a link on the way to the file, is one of the
    /// process's own: /dev/stdout (1), /dev/stderr (2), /dev/fd/N, /proc/self/fd/N; nil
    /// otherwise (and for a descriptor that is not open for writing).
    static func ownDescriptor(_ path: String) -> Int32? {
        let prefixes = ["/dev/fd/", "/proc/self/fd/", "/proc/\(getpid())/fd/"]
        var current = path
        for _ in 0..<40 {
            var fd: Int32? = current == "/dev/stdout" ? 1 : current == "/dev/stderr" ? 2 : nil
            for p in prefixes where fd == nil && current.hasPrefix(p) { fd = Int32(current.dropFirst(p.count)) }
            if let fd {
                let flags = fcntl(fd, F_GETFL)
                return flags >= 0 && flags & O_ACCMODE != O_RDONLY ? fd : nil
            }
            guard let next = linkTarget(current) else { return nil }
            current = next
        }
        return nil
    }

    /// Temporary file beside `target`, then rename.
    private static func replace(_ target: String, with bytes: [UInt8], named path: String) throws(EngineError) {
        let shown = FileIO.shown(path)
        var existing = stat()
        let exists = withPath(target) { stat($0, &existing) } == 0
        if exists && withPath(target, { access($0, W_OK) }) != 0 {
            throw EngineError("\(shown): cannot write (\(errorText()))")
        }
        return try SignalGuard.during { () throws(EngineError) in
            let temporary = try Temporary(beside: target, named: path)
            do throws(EngineError) {
                try writeAll(temporary.fd, bytes, path: path)
            } catch {
                throw temporary.discard(error)
            }
            try temporary.moveOver(target, existing: exists ? existing : nil, named: path)
        }
    }

    /// A temporary file beside the file it will replace, made by mkstemp with a short name
    /// (`.hemi-XXXXXX`). The template is built from the directory's bytes, and the name mkstemp
    /// filled in is used as those bytes: a directory whose name is not UTF-8 is written to, and
    /// the temporary file in it is removed or renamed, not another name.
    struct Temporary {
        let fd: Int32
        let name: [CChar]
        let directory: String

        init(beside target: String, named path: String) throws(EngineError) {
            if let slash = target.lastIndex(of: "/") { directory = slash == target.startIndex ? "/" : String(target[..<slash]) }
            else { directory = "." }
            var template = (ByteText.bytes(of: directory) + Array("/.hemi-XXXXXX".utf8)).map { CChar(bitPattern: $0) } + [0]
            let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else {
                throw EngineError("\(FileIO.shown(path)): cannot create a temporary file in \(FileIO.shown(directory)) (\(errorText()))")
            }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            self.fd = fd
            self.name = template
        }

        /// Closes and removes the temporary file; returns `error` to throw.
        func discard(_ error: EngineError, closed: Bool = false) -> EngineError {
            if !closed { close(fd) }
            unlink(name)
            return error
        }

        /// Gives the written file the old one's mode and owner (mkstemp makes 0600), or 0666
        /// less the umask when it is new; makes it durable, and renames it over `target`.
        /// On any failure the temporary file is removed and `target` is as it was.
        func moveOver(_ target: String, existing: stat?, named path: String) throws(EngineError) {
            let shown = FileIO.shown(path)
            if let existing {
                _ = fchown(fd, existing.st_uid, existing.st_gid)   // allowed as root, or to the same owner
                fchmod(fd, existing.st_mode & 0o7777)
            } else {
                fchmod(fd, 0o666 & ~currentUmask())
            }
            if fsync(fd) != 0 { throw discard(EngineError("\(shown): cannot write (\(errorText()))")) }
            if close(fd) != 0 { throw discard(EngineError("\(shown): cannot write (\(errorText()))"), closed: true) }
            // The last moment a Ctrl-C or a termination request can still leave the old file.
            if Cancellation.isRequested { throw discard(.interrupted, closed: true) }
            if SignalGuard.terminationPending { throw discard(EngineError("\(shown): not written (the process is being terminated)"), closed: true) }
            guard withPath(target, { rename(name, $0) }) == 0 else {
                throw discard(EngineError("\(shown): cannot replace the file (\(errorText()))"), closed: true)
            }
            // Make the rename itself durable.
            let dfd = withPath(directory) { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
            if dfd >= 0 { fsync(dfd); close(dfd) }
        }
    }

    /// Writes every byte, retrying after signals, looking at the cancellation flag and at
    /// pending termination between chunks.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(EngineError) {
        var written = 0
        let chunk = 1 << 20
        while written < bytes.count {
            try Cancellation.check()
            if SignalGuard.terminationPending { throw EngineError("\(shown(path)): not written (the process is being terminated)") }
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, min(chunk, $0.count - written)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw EngineError("\(shown(path)): cannot write (\(errorText()))")
            }
            written += n
        }
    }

    /// The process's umask (read by setting and restoring it; Linux 4.7+ also shows it in
    /// /proc/self/status, which this avoids depending on).
    static func currentUmask() -> mode_t {
        let m = umask(0o022)
        umask(m)
        return m
    }
}

/// SIGTERM and SIGHUP while a temporary file exists: caught (when not ignored) and remembered,
/// so the writer removes its temporary file first; then the previous handling is restored and
/// the signal raised again, so the process ends (or the host's handler runs) as it would have.
enum SignalGuard {
    static let signals: [Int32] = [SIGTERM, SIGHUP]
    private static let caught = Atomic<Int32>(0)   // a bit per entry of `signals`
    private static let depth = Mutex<Int>(0)

    static var terminationPending: Bool { caught.load(ordering: .relaxed) != 0 }

    static func during<T>(_ body: () throws(EngineError) -> T) throws(EngineError) -> T {
        _ = caught.load(ordering: .relaxed)   // initialised before a handler can touch it
        let nested = depth.withLock { d -> Bool in d += 1; return d > 1 }
        var saved: [(Int32, sigaction)] = []
        if !nested {
            for sig in signals {
                var old = sigaction()
                sigaction(sig, nil, &old)
                // SIG_IGN is the handler value 1: an ignored signal stays ignored.
                if let h = old.__sigaction_handler.sa_handler, unsafeBitCast(h, to: Int.self) == 1 { continue }
                var mine = sigaction()
                mine.__sigaction_handler.sa_handler = { sig in
                    let bit: Int32 = sig == SIGTERM ? 1 : 2
                    SignalGuard.caught.bitwiseOr(bit, ordering: .relaxed)
                }
                sigemptyset(&mine.sa_mask)
                mine.sa_flags = 0
                sigaction(sig, &mine, nil)
                saved.append((sig, old))
            }
        }
        defer {
            if !nested {
                for (sig, old) in saved { var o = old; sigaction(sig, &o, nil) }
                let bits = caught.exchange(0, ordering: .relaxed)
                if bits & 1 != 0 { raise(SIGTERM) }
                if bits & 2 != 0 { raise(SIGHUP) }
            }
            depth.withLock { $0 -= 1 }
        }
        return try body()
    }
}
