/// Error messages as a user of the REPL reads them: about their own code, not the plugin
/// host's. The host wraps query methods and runs plugin commands in Lua of its own (chunk
/// `(plugin host)`); its frames in a traceback (`(plugin host):557: in method 'group'`) say
/// nothing to the user and hide their frames among them.
enum ErrorText {
    static let hostChunks = ["(plugin host)", "(plugin command)"]

    /// The message with the host's frames taken out of its traceback(s), and a traceback left
    /// with nothing but C frames dropped.
    static func forUser(_ message: String) -> String {
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.first else { return message }
        var out = [stripHostPosition(first)]
        var block: [String] = []
        func flush() {
            // A traceback block worth showing has a frame of the user's (not only [C] ones).
            if block.count > 1, block.dropFirst().contains(where: { !$0.hasPrefix("\t[C]:") && !$0.hasPrefix("\t(...tail calls...)") }) {
                out += block
            }
            block = []
        }
        for line in lines.dropFirst() {
            if line == "stack traceback:" { flush(); block = [line]; continue }
            if hostChunks.contains(where: { line.contains($0) }) { continue }
            if block.isEmpty { out.append(line) } else { block.append(line) }
        }
        flush()
        return out.joined(separator: "\n")
    }

    /// A plugin command's error: its first line, without the host's position (a usage error is
    /// one line, not two tracebacks).
    static func commandMessage(_ message: String) -> String {
        stripHostPosition(String(message.prefix { $0 != "\n" }))
    }

    /// `(plugin host):419: rest` → `rest`.
    static func stripHostPosition(_ line: String) -> String {
        for chunk in hostChunks where line.hasPrefix(chunk + ":") {
            let rest = line.dropFirst(chunk.count + 1)
            let digits = rest.prefix { $0.isNumber }
            if !digits.isEmpty, rest.dropFirst(digits.count).hasPrefix(": ") {
                return String(rest.dropFirst(digits.count + 2))
            }
        }
        return line
    }
}
