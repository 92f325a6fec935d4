// Text that comes from a plugin (its folder name, manifest fields, error messages) is shown
// on the user's terminal by `.plugins`, start-up warnings and `hemi.help`. Control bytes in it
// would let a plugin move the cursor, recolour or clear the screen, or forge lines that look
// like Hemi's own ("hemi: plugin trade failed"), so they are shown escaped, as Lua's %q
// writes them (`\27`), and a one-line field keeps to one line.

enum PluginText {
    /// `text` with C0 controls (but tab, and newline when `multiline`), DEL and the C1
    /// controls (U+0080–U+009F) escaped as `\ddd`.
    static func clean(_ text: String, multiline: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if (v < 0x20 && v != 0x09 && !(multiline && v == 0x0A)) || (v >= 0x7F && v <= 0x9F) {
                out += "\\\(v)"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `text` cut to at most `limit` bytes (a character split at the cut shows as U+FFFD), saying so: a plugin's
    /// error of 20 MB would otherwise be printed whole.
    static func cut(_ text: String, at limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        return String(decoding: text.utf8.prefix(limit), as: UTF8.self) + "… (message cut at \(limit) bytes)"
    }
}
