#if canImport(Glibc)
import Glibc
#endif

/// Results taller than the terminal go through a pager, as psql and git do: `$HEMI_PAGER`,
/// else `$PAGER`, else `less -FRX` (quits when the text fits, keeps colour, leaves the text on
/// the screen). Only when standard output is a terminal; `.pager off` turns it off.
struct Pager {
    let command: String

    /// The pager the environment names (`-E` passes an empty environment: `less -FRX`).
    init(environment: [String: String]) {
        command = [environment["HEMI_PAGER"], environment["PAGER"]].compactMap { $0 }.first { !$0.isEmpty } ?? "less -FRX"
    }

    /// Shows `text` through the pager when standard output is a terminal and the text is
    /// taller than it; returns whether it did (false: the caller prints it).
    func page(_ text: String) -> Bool {
        guard isatty(1) != 0 else { return false }
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 else { return false }
        // Rows the text takes, long lines wrapping (counted in characters: close enough to
        // decide whether it fits).
        var rows = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            rows += max(1, (line.count + Int(size.ws_col) - 1) / Int(size.ws_col))
            if rows >= Int(size.ws_row) { break }
        }
        guard rows >= Int(size.ws_row) else { return false }
        fflush(nil)
        // A pager quit before reading everything closes the pipe: that must not kill hemi.
        let savedPipe = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, savedPipe) }
        guard let pipe = popen(command, "w") else { return false }
        _ = fputs(text + "\n", pipe)
        _ = pclose(pipe)
        return true
    }
}
