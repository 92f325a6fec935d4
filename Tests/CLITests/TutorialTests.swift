import Foundation
import TestSupport
import Testing

/// Runs examples/TUTORIAL.md the way a reader would, block by block, in a fresh folder where
/// `examples/` is the repository's (so the commands read as if run from the checkout):
///   - a ```lua block whose first line is `-- NAME.lua` is the reader's file: written there;
///     when its first line names a file of the repository (`-- examples/...`), that file must
///     read exactly as shown;
///   - a ```sh block runs with bash -e (PATH starting with the built hemi, COLUMNS=100,
///     NO_COLOR=1) and must succeed; a ```text block right after it is its exact output;
///   - `make` lines only check the target exists (`make -n`): `make test` has just built hemi.
@Suite(.serialized) struct TutorialTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let tutorial = root.appendingPathComponent("examples/TUTORIAL.md")

    struct Block { var language: String; var text: String; var line: Int }

    /// The fenced blocks of a Markdown text, in order.
    static func blocks(_ markdown: String) -> [Block] {
        var out: [Block] = []
        var current: (language: String, lines: [String], line: Int)?
        for (i, line) in markdown.components(separatedBy: "\n").enumerated() {
            if line.hasPrefix("```") {
                if let c = current {
                    out.append(Block(language: c.language, text: c.lines.map { $0 + "\n" }.joined(), line: c.line))
                    current = nil
                } else {
                    current = (String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces), [], i + 1)
                }
            } else if current != nil {
                current!.lines.append(line)
            }
        }
        return out
    }

    static func bash(_ script: String, in dir: URL) throws -> (stdout: String, stderr: String, status: Int32) {
        var env = ProcessInfo.processInfo.environment
        for k in ["HEMI_INIT", "HEMI_PLUGIN_PATH", "LC_ALL", "LC_CTYPE"] { env[k] = nil }
        let bin = URL(fileURLWithPath: HemiBinary.path).deletingLastPathComponent().path
        env["PATH"] = bin + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["COLUMNS"] = "100"
        env["NO_COLOR"] = "1"
        env["LANG"] = "C.UTF-8"
        env["XDG_DATA_HOME"] = dir.appendingPathComponent(".no-user-plugins").path
        let r = try ChildProcess.run("/bin/bash", ["-e", "-c", script], environment: env, cwd: dir.path)
        return (r.stdout, r.stderr, r.status)
    }

    @Test func everyCommandOfTheTutorialGivesTheOutputShown() throws {
        let markdown = try String(contentsOf: Self.tutorial, encoding: .utf8)
        let blocks = Self.blocks(markdown)
        #expect(blocks.filter { $0.language == "sh" }.count >= 8, "the tutorial's sh blocks were not found")

        let work = FileManager.default.temporaryDirectory.appendingPathComponent("hemi-tutorial-\(getpid())")
        try? FileManager.default.removeItem(at: work)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.createSymbolicLink(at: work.appendingPathComponent("examples"),
                                                   withDestinationURL: Self.root.appendingPathComponent("examples"))

        for (i, block) in blocks.enumerated() {
            let place = "TUTORIAL.md line \(block.line)"
            switch block.language {
            case "lua":
                let first = block.text.prefix { $0 != "\n" }
                guard first.hasPrefix("-- "), let name = first.dropFirst(3).split(separator: " ").first.map(String.init),
                      name.hasSuffix(".lua") || name.hasSuffix(".lua:") else { continue }
                let file = name.hasSuffix(":") ? String(name.dropLast()) : name
                if file.contains("/") {
                    let actual = try String(contentsOf: Self.root.appendingPathComponent(file), encoding: .utf8)
                    #expect(actual == block.text, "\(place): the tutorial shows \(file) differently from the file in the repository")
                } else {
                    try block.text.write(to: work.appendingPathComponent(file), atomically: false, encoding: .utf8)
                }
            case "sh":
                let lines = block.text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
                if !lines.isEmpty && lines.allSatisfy({ $0.hasPrefix("make ") }) {
                    for line in lines {
                        let r = try Self.bash("make -n " + line.dropFirst(5), in: Self.root)
                        #expect(r.status == 0, "\(place): `\(line)` is not a make target: \(r.stderr)")
                    }
                    continue
                }
                let r = try Self.bash(block.text, in: work)
                #expect(r.status == 0, "\(place): the commands failed (\(r.status)): \(r.stderr)")
                if i + 1 < blocks.count, blocks[i + 1].language == "text" {
                    let expected = blocks[i + 1].text
                    #expect(r.stdout == expected, "\(place): output differs from the text block at line \(blocks[i + 1].line)\n\(ExamplesTests.firstDifference(r.stdout, expected))")
                }
            default:
                continue
            }
        }
    }

    /// The parser finds fences and keeps text exactly (a wrong parse would make the test above vacuous).
    @Test func blocksAreReadExactly() {
        let md = "intro\n```sh\nhemi -e 'print(1)'\n```\n```text\n1\n\n```\n```lua\n-- a.lua\nprint(2)\n```\n"
        let b = Self.blocks(md)
        #expect(b.map(\.language) == ["sh", "text", "lua"])
        #expect(b.map(\.text) == ["hemi -e 'print(1)'\n", "1\n\n", "-- a.lua\nprint(2)\n"])
        #expect(b.map(\.line) == [2, 5, 9])
    }
}
