#if canImport(Glibc)
import Glibc
import QueryEngine
#endif

/// The REPL's history file. Each accepted entry is appended by one `write` on an O_APPEND
/// descriptor, so a killed terminal loses nothing and the file is never truncated (saving the
/// whole history at exit truncated it to 0 bytes on SIGHUP: DESIGN.md). Entries keep their
/// newlines, escaped as `\n` (and `\` as `\\`), one entry per line.
struct History {
    let path: String?
    let cap: Int
    private(set) var entries: [String] = []

    /// `HEMI_HISTORY`, else `$XDG_STATE_HOME/hemi/history`, else `~/.local/state/hemi/history`.
    static func defaultPath(environment: [String: String]) -> String? {
        if let p = environment["HEMI_HISTORY"], !p.isEmpty { return p }
        if let s = environment["XDG_STATE_HOME"], !s.isEmpty { return s + "/hemi/history" }
        if let h = environment["HOME"], !h.isEmpty { return h + "/.local/state/hemi/history" }
        return nil
    }

    init(path: String?, cap: Int = 1000) {
        self.path = path
        self.cap = cap
        if let path { entries = History.read(path) }
        if entries.count > cap { entries = Array(entries.suffix(cap)); compact() }
    }

    static func escape(_ s: String) -> String {
        s.replacing("\\", with: "\\\\").replacing("\n", with: "\\n")
    }
    static func unescape(_ s: Substring) -> String {
        var out = "", it = s.makeIterator()
        while let c = it.next() {
            if c == "\\", let n = it.next() { out.append(n == "n" ? "\n" : n) } else { out.append(c) }
        }
        return out
    }

    static func read(_ path: String) -> [String] {
        guard let bytes = try? FileIO.readAll(path) else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(unescape)
    }

    /// Appends one entry; returns false (and keeps it in memory) when the file is not writable.
    @discardableResult
    mutating func append(_ entry: String) -> Bool {
        entries.append(entry)
        guard let path else { return false }
        makeParentDirectory(path)
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var line = History.escape(entry) + "\n"
        let written = line.withUTF8 { write(fd, $0.baseAddress, $0.count) }
        return written > 0
    }

    /// Rewrites the capped history through a temporary file and rename, only over a regular file.
    private func compact() {
        guard let path else { return }
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return }
        let tmp = path + ".tmp\(getpid())"
        guard let f = fopen(tmp, "w") else { return }
        for e in entries { fputs(History.escape(e) + "\n", f) }
        if fclose(f) == 0 { rename(tmp, path) } else { unlink(tmp) }
    }

    private func makeParentDirectory(_ path: String) {
        var prefix = ""
        for part in path.split(separator: "/").dropLast() {
            prefix += (path.hasPrefix("/") || !prefix.isEmpty ? "/" : "") + part
            mkdir(prefix, 0o700)
        }
    }
}
