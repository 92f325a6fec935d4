/// Error messages as a user of the REPL reads them: about their own code, not Hemi's. Hemi's
/// own embedded Lua (the chunks of `Sources/<Module>/Lua/`, named `scripting/…` and `repl/…`:
/// the prelude, the row-function paths, the plugin loader) runs on the user's behalf; its
/// frames in a traceback (`scripting/row_functions.lua:33: in function <…>`) say nothing to
/// the user and hide their frames among them. The notebook kernel drops the same frames
/// (KernelSession.failure). A native's error already names the user's line (clua_where_user).
enum ErrorText {
    /// How the names of Hemi's own chunks begin (LuaChunk names: the module's folder name).
    static let hostChunkPrefixes = ["scripting/", "repl/"]

    /// Whether a traceback line is a frame of Hemi's own Lua.
    static func isHostFrame(_ line: String) -> Bool {
        hostChunkPrefixes.contains { line.hasPrefix("\t" + $0) }
    }

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
            if isHostFrame(line) { continue }
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

    /// `scripting/plugin_loader.lua:419: rest` → `rest`: a position in Hemi's own Lua.
    static func stripHostPosition(_ line: String) -> String {
        for prefix in hostChunkPrefixes where line.hasPrefix(prefix) {
            guard let lua = line.firstRange(of: ".lua:") else { continue }
            let rest = line[lua.upperBound...]
            let digits = rest.prefix { $0.isNumber }
            if !digits.isEmpty, rest.dropFirst(digits.count).hasPrefix(": ") {
                return String(rest.dropFirst(digits.count + 2))
            }
        }
        return line
    }
}
