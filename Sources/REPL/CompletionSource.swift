import LuaBridge
import Scripting

extension Completion {
    /// Characters that end a word for completion (libedit's word breaks and the kernel's):
    /// `.` and `:` are not among them, so `string.fo` and `q:fi` complete as one word.
    public static let wordBreaks: Set<Character> = [" ", "\t", "\n", "\"", "'", "`", "@", "$", ">", "<", "=", ";", "|", "&", "{", "(", ","]

    /// The completer every front end uses (the terminal's Tab, the kernel's complete
    /// request): `line` is the text of the current line up to the cursor, `word` its last
    /// word. Inside a string literal: table, column, metric and country names; after a call
    /// (`):fi`): a query's methods; otherwise Lua names and dot-commands.
    public static func source(in lua: LuaState, dotCommands: [String]) -> (_ line: String, _ word: String) -> [String] {
        let complete = install(in: lua, dotCommands: dotCommands)
        return { [lua] line, word in
            // Inside a string literal (an odd number of quotes before the word)?
            let beforeWord = String(line.dropLast(word.count))
            let quotes = beforeWord.filter { $0 == "\"" || $0 == "'" }.count
            if quotes % 2 == 1, let open = beforeWord.lastIndex(where: { $0 == "\"" || $0 == "'" }) {
                return CompletionCandidates.inString(lua, before: String(beforeWord[..<open]), word: word)
            }
            if word.hasPrefix("):") { return CompletionCandidates.afterCall(word) }
            return complete(word)
        }
    }

    /// The word that ends `line` (after its last break character).
    public static func lastWord(of line: String) -> String {
        String(line.reversed().prefix { !wordBreaks.contains($0) }.reversed())
    }
}
