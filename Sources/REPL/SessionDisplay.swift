#if canImport(Glibc)
import Glibc
#endif
import QueryEngine

/// Where a session's output goes. The front end chooses it: the terminal REPL, `hemi -c` and
/// piped input use `StreamDisplay`; the kernel (#18) its own, which turns each call into a
/// protocol message. Lua's own `print` and `io.write` are not routed here: they write to
/// standard output, which `.output` points at its file while an entry runs.
public protocol SessionDisplay: AnyObject {
    /// A result of an entry or the text a dot-command produces (a value, a table, a listing).
    func result(_ text: String)
    /// An entry failed: the message as the user should read it (traceback included).
    func error(_ message: String)
    /// A message about the session rather than a result: "Interrupted", notes, timings.
    func note(_ text: String)
}

/// Results to standard output, errors and notes to standard error (flushing standard output
/// first so the two stay in order on a terminal).
public final class StreamDisplay: SessionDisplay {
    /// Put before error messages: "" at the prompt (as lua.c), "hemi: " for -c and piped input.
    var errorPrefix: String

    /// The terminal REPL's pager, and whether it is on now (`.pager`); nil: never page.
    var pager: (Pager, isOn: () -> Bool)?

    /// Whether results and errors are coloured now (the terminal REPL sets these: a terminal,
    /// no NO_COLOR, `.color on`); nil: never.
    var colourResults: (() -> Bool)?
    var colourErrors: (() -> Bool)?

    public init(errorPrefix: String = "") { self.errorPrefix = errorPrefix }

    public func result(_ text: String) {
        let shown = colourResults?() == true ? Colour.result(text) : text
        if let (pager, isOn) = pager, isOn(), pager.page(shown) { return }
        print(shown)
    }
    public func error(_ message: String) {
        let text = errorPrefix + message
        FileIO.standardError((colourErrors?() == true ? Colour.error(text) : text) + "\n")
    }
    public func note(_ text: String) { FileIO.standardError(text + "\n") }
}
