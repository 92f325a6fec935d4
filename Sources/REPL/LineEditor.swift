import CEditLine
import LuaBridge
import QueryEngine
#if canImport(Glibc)
import Glibc
#endif

/// Reads one line with a prompt. `nil` means end of input (or, for the libedit reader, Ctrl-C:
/// the caller tells them apart by the interrupt flag, DESIGN.md).
protocol LineReader {
    mutating func readLine(prompt: String) -> String?
    mutating func remember(_ entry: String)
}

/// The only code that touches libedit.
struct EditLineReader: LineReader {
    /// The word-break characters exclude `.` and `:` so `string.fo` and `q:fi` complete as one
    /// word; libedit keeps the pointer, so the string lives for the whole process.
    nonisolated(unsafe) private static let breaks: UnsafeMutablePointer<CChar> = strdup(" \t\n\"'`@$><=;|&{(,")!

    /// nil when libedit cannot be opened (`error` says why); the REPL then reads plain lines.
    init?(history: [String], error: inout String) {
        guard hemi_el_available() != 0 else { error = String(cString: hemi_el_error()); return nil }
        setlocale(LC_CTYPE, "")          // or non-ASCII input is dropped (DESIGN.md)
        // Under the C or POSIX locale (no LANG, as in a bare `env -i`, cron or some CI machines)
        // libedit still drops every non-ASCII key: take C.UTF-8 then, when the system has it, as
        // Python does (PEP 538), and like it not when LC_ALL asks for C outright.
        let forced = getenv("LC_ALL").map { String(cString: $0).isEmpty == false } ?? false
        if !forced, let current = setlocale(LC_CTYPE, nil), ["C", "POSIX"].contains(String(cString: current)) {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
        hemi_el_configure(editLineComplete, EditLineReader.breaks)
        // A signal that interrupts the read ends the line only when it was Ctrl-C.
        hemi_el_set_interrupt_probe { LuaInterrupt.isPending ? 1 : 0 }
        hemi_el_enable_paste()           // before rl_initialize, which hands it to libedit
        hemi_el_initialize()
        hemi_el_parse_and_bind("bind ^R em-inc-search-prev")
        hemi_el_parse_and_bind(hemi_el_paste_binding())   // redraws the line after a paste
        for h in history { hemi_el_add_history(h) }
    }

    mutating func readLine(prompt: String) -> String? {
        // Bracketed paste only while editing, so output never switches the terminal's mode.
        Self.terminal("\u{1b}[?2004h")
        defer { Self.terminal("\u{1b}[?2004l") }
        guard let p = hemi_el_readline(prompt) else { return nil }
        defer { free(p) }
        return ByteText.string(bytes: UnsafeRawBufferPointer(start: p, count: strlen(p)))   // bytes kept (PlainReader.line)
    }

    /// Only to a terminal: with stdout a pipe (`hemi | tee log`) the sequences would land in
    /// the pipe among the results, and libedit does not edit there anyway.
    private static func terminal(_ s: String) {
        fflush(nil)
        guard isatty(1) != 0 else { return }
        var s = s
        s.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
    }

    mutating func remember(_ entry: String) { hemi_el_add_history(entry) }
}

/// Standard input that is not a terminal: no prompt, no echo, no history.
struct PlainReader: LineReader {
    init() {}
    mutating func readLine(prompt: String) -> String? { PlainReader.line() }

    /// One line of standard input without its LF or CR LF, as `Swift.readLine` strips them,
    /// but its bytes kept by ByteText (Swift.readLine replaces bytes that are not UTF-8 with
    /// U+FFFD): a string literal, or a file name given to `.read` or `.output`, stays exact.
    static func line() -> String? {
        var buffer: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(buffer) }
        var n = hemi_getline_stdin(&buffer, &capacity)
        guard n > 0, let buffer else { return nil }
        if buffer[n - 1] == 0x0A {
            if n >= 2 && buffer[n - 2] == 0x0D { n -= 1 }
            n -= 1
        }
        return ByteText.string(bytes: UnsafeRawBufferPointer(start: buffer, count: n))
    }
    mutating func remember(_ entry: String) {}
}

/// What Tab completes against; set by the session. A process has one terminal and one REPL,
/// and libedit's callback carries no context pointer, hence the global.
/// `line` is the text up to the cursor; `word` its last word (after the last break character).
nonisolated(unsafe) var completionSource: ((_ line: String, _ word: String) -> [String])?

/// libedit's completion callback: returns a malloc'd, NULL-terminated array whose first
/// element replaces the word (the longest common prefix), or NULL for no match.
private func editLineComplete(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32)
    -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    hemi_el_completion_over()
    guard let text, let source = completionSource else { return nil }
    let word = String(cString: text)
    // The line up to the end of the word (the cursor), so context is what was typed before it.
    let line = Array(String(cString: hemi_el_line()).utf8)
    let upTo = String(decoding: line.prefix(max(0, min(line.count, Int(end)))), as: UTF8.self)
    let matches = source(upTo, word)
    guard !matches.isEmpty else { return nil }
    // Matches found without regard to case or accents may share less than the typed word:
    // then the word stays as typed and the choices are listed.
    let shared = Completion.commonPrefix(matches)
    let common = shared.count >= word.count ? shared : word
    let array = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: matches.count + 2)
    array[0] = strdup(matches.count == 1 ? matches[0] : common)
    for (i, m) in matches.enumerated() { array[i + 1] = matches.count == 1 ? nil : strdup(m) }
    array[matches.count == 1 ? 1 : matches.count + 1] = nil
    return array
}
