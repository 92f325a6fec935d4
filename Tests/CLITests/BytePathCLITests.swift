import Testing
import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Issue #12, "strings are bytes in Lua": a file name is a Lua string, so a name that is not
/// UTF-8 names the file with those very bytes, for the readers, every writer, charts, reports,
/// the REPL's `.read`/`.output`/`.cd`, and a script named on the command line. Before the fix
/// the engine handed the kernel the UTF-8 of ByteText's escapes (U+10FF80…), so `read_csv`
/// said "no such file" and the writers made another name. Names are checked as the bytes
/// `readdir` gives, never through a String.
@Suite struct BytePathCLITests {
    /// File names (without extension) as bytes: a byte that is never UTF-8, a valid non-ASCII
    /// name, ByteText's own reserved block (U+10FFFF in UTF-8, escaped byte by byte), a lone
    /// continuation byte and a cut sequence.
    static let names: [[UInt8]] = [
        Array("in".utf8) + [0xFF],
        Array("caf".utf8) + [0xC3, 0xA9],
        [0xF4, 0x8F, 0xBF, 0xBF],
        [0x80] + Array("x".utf8) + [0xE2, 0x82],
    ]

    /// A fresh directory (mkdtemp), removed by `remove`.
    static func scratch() -> String {
        var template = Array("/tmp/hemi-bytepath-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    static func remove(_ dir: String) { try? FileManager.default.removeItem(atPath: dir) }

    /// The names in `dir` as readdir gives them (bytes), sorted; "." and ".." left out.
    static func entries(_ dir: String) -> [[UInt8]] { DirectoryEntries.of(dir) }

    /// Calls `body` with `dir/name` as a C path made of bytes.
    static func withPath<R>(_ dir: String, _ name: [UInt8], _ body: (UnsafePointer<CChar>) -> R) -> R {
        let bytes = Array(dir.utf8) + [0x2F] + name + [0]
        return bytes.withUnsafeBufferPointer { $0.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) { body($0) } }
    }

    /// The contents of the file named by the bytes `name` in `dir`; nil when it cannot be opened.
    static func read(_ dir: String, _ name: [UInt8]) -> [UInt8]? {
        let fd = withPath(dir, name) { open($0, O_RDONLY) }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = [], buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buf.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return out }
            out += buf[0..<n]
        }
    }

    static func write(_ dir: String, _ name: [UInt8], _ text: String) {
        let fd = withPath(dir, name) { open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        precondition(fd >= 0, "cannot create a test file")
        _ = Array(text.utf8).withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    /// `bytes` as a Lua string literal, every byte outside plain ASCII letters and digits as
    /// `\xNN` (the test's own source stays ASCII).
    static func lua(_ bytes: [UInt8]) -> String {
        "\"" + bytes.map { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2E
                ? String(UnicodeScalar(b)) : "\\x" + String(format: "%02X", b)
        }.joined() + "\""
    }

    /// `bytes` as a shell word made by printf (octal escapes), for argv that is not UTF-8.
    static func shellWord(_ bytes: [UInt8]) -> String {
        "\"$(printf '" + bytes.map { "\\" + String($0, radix: 8) }.joined() + "')\""
    }

    static let environment = ["NO_COLOR": "1", "HEMI_PLUGIN_PATH": "/nonexistent", "PATH": "/usr/bin:/bin",
                              "HOME": "/nonexistent", "XDG_CONFIG_HOME": "/nonexistent"]

    static func hemi(_ args: [String], stdin: [UInt8] = [], in dir: String,
                     sourceLocation: SourceLocation = #_sourceLocation) throws -> ChildProcess.Result {
        try ChildProcess.run(HemiBinary.path, args, stdin: stdin, environment: environment, cwd: dir, timeout: 60,
                             sourceLocation: sourceLocation)
    }

    static func shell(_ command: String, in dir: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ChildProcess.Result {
        try ChildProcess.run("/bin/sh", ["-c", command], environment: environment.merging(["HEMI": HemiBinary.path]) { $1 },
                             cwd: dir, timeout: 60, sourceLocation: sourceLocation)
    }

    @Test(arguments: names)
    func readersOpenTheFileTheBytesName(_ name: [UInt8]) throws {
        let dir = Self.scratch()
        defer { Self.remove(dir) }
        Self.write(dir, name + Array(".csv".utf8), "a,b\n1,x\n2,y\n")
        Self.write(dir, name + Array(".json".utf8), "[{\"a\": 1, \"b\": \"x\"}]")
        Self.write(dir, name + Array(".tsv".utf8), "a\tb\n1\tx\n")
        let n = Self.lua(name)
        let r = try Self.hemi(["-e", "print(hemi.read_csv(\(n) .. '.csv'):count(), hemi.read_json(\(n) .. '.json'):count(), hemi.read_csv(\(n) .. '.tsv'):value('b'))"],
                              in: dir)
        #expect(r.status == 0 && r.stdout == "2\t1\tx\n", "\(name): \(r.stdout.debugDescription) \(r.stderr)")
    }

    @Test(arguments: names)
    func everyWriterWritesTheNameByteForByte(_ name: [UInt8]) throws {
        let dir = Self.scratch()
        defer { Self.remove(dir) }
        let n = Self.lua(name)
        let script = """
            local q = hemi.from_rows{ { a = 1, b = "x" } }
            for _, f in ipairs{ "csv", "tsv", "json", "jsonl", "markdown" } do q["to_" .. f](q, \(n) .. "." .. f) end
            hemi.from_rows{ { a = "x", v = 1 } }:bar("v", { label = "a", svg = \(n) .. ".q.svg" })
            hemi.bar{ labels = { "a" }, values = { 1 }, svg = \(n) .. ".bar.svg" }
            hemi.line{ x = { 1, 2 }, series = { { name = "a", values = { 1, 2 } } }, svg = \(n) .. ".line.svg" }
            """
        let r = try Self.hemi(["-e", script], in: dir)
        #expect(r.status == 0, "\(name): \(r.stderr)")
        let suffixes = ["bar.svg", "csv", "json", "jsonl", "line.svg", "markdown", "q.svg", "tsv"]
        let expected = suffixes.map { name + Array(".\($0)".utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
        #expect(Self.entries(dir) == expected, "\(name): \(Self.entries(dir))")
        #expect(Self.read(dir, name + Array(".csv".utf8)) == Array("a,b\n1,x\n".utf8))
        #expect(Self.read(dir, name + Array(".jsonl".utf8)).map { String(decoding: $0, as: UTF8.self) }?.contains("\"b\"") == true)
    }

    /// The safe writer's rules hold for such a name: an existing file is replaced (its
    /// mode kept), no temporary file is left, a link to such a name stays a link.
    @Test func anExistingFileWithSuchANameIsReplacedAtomically() throws {
        let dir = Self.scratch()
        defer { Self.remove(dir) }
        let name = Array("old".utf8) + [0xFF, 0xFE] + Array(".csv".utf8)
        Self.write(dir, name, "old contents\n")
        #expect(Self.withPath(dir, name) { chmod($0, 0o600) } == 0)
        let link = Array("link".utf8) + [0xFD] + Array(".csv".utf8)
        #expect(Self.withPath(dir, link) { l in Self.withPath("", name) { target in symlink(target + 1, l) } } == 0)   // relative target
        let r = try Self.hemi(["-e", "local q = hemi.from_rows{ { a = 1 } } q:to_csv(\(Self.lua(name))) hemi.from_rows{ { a = 2 } }:to_csv(\(Self.lua(link)))"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.entries(dir) == [link, name].sorted { $0.lexicographicallyPrecedes($1) }, "no temporary file: \(Self.entries(dir))")
        #expect(Self.read(dir, name) == Array("a\n2\n".utf8), "the link's target was replaced last")
        var st = stat()
        #expect(Self.withPath(dir, name) { stat($0, &st) } == 0 && st.st_mode & 0o777 == 0o600, "the mode is kept")
        #expect(Self.withPath(dir, link) { lstat($0, &st) } == 0 && st.st_mode & S_IFMT == S_IFLNK, "the link stays a link")
    }

    /// A missing file of such a name: the message names it with \xFF, as the box shows bytes.
    @Test func aMissingFileIsNamedWithHexEscapes() throws {
        let dir = Self.scratch()
        defer { Self.remove(dir) }
        let r = try Self.hemi(["-e", "print(select(2, pcall(hemi.read_csv, 'no\\xFF\\xC3.csv')))",
                               "-e", "print(select(2, pcall(hemi.read_json, 'no\\xFF.json')))",
                               "-e", "print(select(2, pcall(function() hemi.from_rows{{a=1}}:to_csv('d\\xFF/x.csv') end)))",
                               "-e", "print(select(2, pcall(hemi.bar, { labels = { 'a' }, values = { 1 }, svg = 'd\\xFF/x.svg' })))"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(r.stdout)")
        #expect(lines.first?.contains("no\\xFF\\xC3.csv: cannot open (No such file or directory)") == true, "\(lines)")
        #expect(lines.dropFirst().first?.contains("no\\xFF.json: cannot open (No such file or directory)") == true, "\(lines)")
        #expect(lines.dropFirst(2).first?.contains("d\\xFF/x.csv: cannot create a temporary file in d\\xFF (") == true, "\(lines)")
        #expect(lines.last?.contains("cannot write chart to 'd\\xFF/x.svg': cannot create a temporary file in d\\xFF (") == true, "\(lines)")
    }

    /// `.read` and `.output` of such a name in the REPL, piped (`hemi -i` reads bytes) and
    /// through `-c`; `.cd` to such a folder; `.read` of a missing one shows \xFF.
    @Test func theREPLsFileCommandsUseTheBytes() throws {
        let dir = Self.scratch()
        defer { Self.remove(dir) }
        let script = Array("s".utf8) + [0xFF] + Array(".lua".utf8)
        Self.write(dir, script, "print('read ' .. #'\u{00E9}')\n")
        let folder = Array("d".utf8) + [0xFE]
        #expect(Self.withPath(dir, folder) { mkdir($0, 0o755) } == 0)
        let out = Array("o".utf8) + [0xFB] + Array(".txt".utf8)
        let input = Array(".read ".utf8) + script + [0x0A]
            + Array(".output ".utf8) + out + [0x0A]
            + Array("print(#'".utf8) + [0xFF] + Array("')\n".utf8)
            + Array(".output\n".utf8)
            + Array(".read no".utf8) + [0xFF] + Array(".lua\n".utf8)
            + Array(".cd ".utf8) + folder + [0x0A]
            + Array("hemi.from_rows{{a=1}}:to_csv('in.csv')\n".utf8)
        let r = try Self.hemi(["-i"], stdin: input, in: dir)
        #expect(r.stdout.contains("read 2\n"), "\(r.stdout.debugDescription)")
        #expect(Self.read(dir, out) == Array("1\n".utf8), "the .output file holds what was printed")
        #expect(r.stderr.contains("cannot read no\\xFF.lua: No such file or directory"), "\(r.stderr.debugDescription)")
        #expect(Self.read(dir, folder + Array("/in.csv".utf8)) == Array("a\n1\n".utf8), ".cd went into the folder")
        let c = try Self.shell("\"$HEMI\" -c \(Self.shellWord(Array(".read ".utf8) + script))", in: dir)
        #expect(c.status == 0 && c.stdout == "read 2\n", "\(c.stdout.debugDescription) \(c.stderr)")
    }

    /// argv is bytes too: `hemi <script>`, its `arg`, and `hemi report <script> -o <name>`.
    @Test func argvNamesAreKeptByteForByte() throws {
        let dir = Self.scratch()
        defer { Self.remove(dir) }
        let script = Array("s".utf8) + [0xFF] + Array(".lua".utf8)
        Self.write(dir, script, "print(#arg[0], #arg[1], #(...)) hemi.from_rows{{a=1}}:to_csv(arg[1])\n")
        let target = Array("t".utf8) + [0xFA] + Array(".csv".utf8)
        let r = try Self.shell("\"$HEMI\" \(Self.shellWord(script)) \(Self.shellWord(target))", in: dir)
        #expect(r.status == 0 && r.stdout == "6\t6\t6\n", "\(r.stdout.debugDescription) \(r.stderr)")
        #expect(Self.read(dir, target) == Array("a\n1\n".utf8))
        let report = Array("r".utf8) + [0xF9] + Array(".md".utf8)
        Self.write(dir, script, "print('# title') hemi.bar{ labels = { 'a' }, values = { 1 } }\n")
        let rep = try Self.shell("\"$HEMI\" report \(Self.shellWord(script)) -o \(Self.shellWord(report))", in: dir)
        #expect(rep.status == 0, "\(rep.stderr)")
        #expect(Self.read(dir, report).map { String(decoding: $0, as: UTF8.self) }?.contains("# title") == true,
                "\(Self.entries(dir))")
        #expect(Self.read(dir, Array("r".utf8) + [0xF9] + Array("-fig1.svg".utf8)) != nil, "the figure beside it: \(Self.entries(dir))")
        let link = Array("(r".utf8) + [0xF9] + Array("-fig1.svg)".utf8)
        #expect(Self.read(dir, report).map { $0.firstRange(of: link) != nil } == true, "the report links the figure by its bytes")
    }
}
