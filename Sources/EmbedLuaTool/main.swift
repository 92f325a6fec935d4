// Writes the Swift file that carries a module's Lua (run by EmbedLuaPlugin at build time,
// never shipped). Usage: EmbedLuaTool OUTPUT MODULE FILE.lua...
// Each file under `<Module>/Lua/` becomes `static let <name> = LuaChunk(name:source:)`, the
// chunk name being `<module>/<path below Lua/>` (so a traceback reads `scripting/prelude.lua:42`)
// and the Swift name the same path with `/` and `.` as `_` and the extension dropped
// (`claims/trade.lua` → `claims_trade`). Plain Glibc, no Foundation: it builds in seconds.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func fail(_ message: String) -> Never {
    let text = Array("EmbedLuaTool: \(message)\n".utf8)
    _ = write(2, text, text.count)
    exit(1)
}

func readFile(_ path: String) -> [UInt8] {
    guard let f = fopen(path, "rb") else { fail("cannot open \(path)") }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buffer, 1, buffer.count, f)
        if n == 0 { break }
        bytes += buffer[0..<n]
    }
    if ferror(f) != 0 { fail("cannot read \(path)") }
    return bytes
}

/// `a/b/Lua/claims/trade.lua` → `claims/trade.lua`
func pathBelowLua(_ path: String) -> String {
    let parts = path.split(separator: "/", omittingEmptySubsequences: false)
    guard let i = parts.lastIndex(of: "Lua") else {
        fail("\(path): embedded Lua belongs in the module's Lua/ folder")
    }
    return parts[(i + 1)...].joined(separator: "/")
}

func swiftName(_ relative: String) -> String {
    let stem = relative.hasSuffix(".lua") ? String(relative.dropLast(4)) : relative
    var name = String(stem.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    if name.first?.isNumber ?? true { name = "_" + name }
    return name
}

/// A raw string delimiter longer than any run of `#` that follows a quote or a backslash in
/// the text (which would close the literal or start an interpolation), so the text needs no
/// escaping at all.
func delimiter(for text: [UInt8]) -> String {
    var longest = 0, i = 0
    while i < text.count {
        if text[i] == UInt8(ascii: "\"") || text[i] == UInt8(ascii: "\\") {
            var j = i + 1
            while j < text.count, text[j] == UInt8(ascii: "#") { j += 1 }
            longest = max(longest, j - i - 1)
        }
        i += 1
    }
    return String(repeating: "#", count: longest + 1)
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else { fail("usage: EmbedLuaTool OUTPUT MODULE FILE.lua...") }
let output = arguments[1], module = arguments[2]
var out = """
// Generated at build time by EmbedLuaPlugin from Sources/*/Lua/*.lua. Do not edit: edit the
// .lua file (see Sources/Scripting/README.md, "Lua in .lua files").
import LuaBridge

enum EmbeddedLua {

"""
var names: [String] = []
for path in arguments.dropFirst(3) {
    let relative = pathBelowLua(path)
    let name = swiftName(relative)
    if names.contains(name) { fail("\(path): two Lua files map to the Swift name \(name)") }
    names.append(name)
    let text = readFile(path)
    guard let source = String(validating: text, as: UTF8.self) else { fail("\(path): not UTF-8") }
    let hashes = delimiter(for: text)
    out += "    /// \(module)/\(relative)\n"
    out += "    static let \(name) = LuaChunk(name: \"\(module)/\(relative)\", source: \(hashes)\"\"\"\n"
    // The newline before the closing delimiter is not part of the literal: the text is exact.
    out += source
    out += "\n\"\"\"\(hashes))\n\n"
}
out += "    /// Every chunk above, in path order (the tests compile and compare each).\n"
out += "    static let all: [LuaChunk] = [\(names.joined(separator: ", "))]\n}\n"

guard let f = fopen(output, "wb") else { fail("cannot write \(output)") }
let bytes = Array(out.utf8)
if fwrite(bytes, 1, bytes.count, f) != bytes.count || fclose(f) != 0 { fail("cannot write \(output)") }
