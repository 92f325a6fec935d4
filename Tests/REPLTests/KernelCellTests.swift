import Testing
@testable import REPL

@Suite struct KernelCellTests {
    let open = { (text: String) -> Bool in text.hasSuffix("{") || text.hasSuffix("[[") }

    @Test func dotCommandsAtColumnZeroOutsideOpenChunks() {
        let cell = "x = 1\n.schema us_trade\nprint(x)\n  .not_a_command\ns = [[\n.inside\n]]"
        let isOpen = { (t: String) -> Bool in t.contains("[[") && !t.contains("]]") }
        #expect(KernelCell.segments(cell, isOpen: isOpen) == [
            .lua("x = 1", line: 1), .command(".schema us_trade", line: 2),
            .lua("print(x)\n  .not_a_command\ns = [[\n.inside\n]]", line: 3),
        ])
        #expect(KernelCell.segments("\n\n.tables\n\n", isOpen: isOpen) == [.command(".tables", line: 3)])
    }

    @Test func theLastExpressionOfAChunkIsItsValue() {
        // A stand-in compiler: `return` must be followed by an expression, not an assignment.
        let compiles = { (s: String) -> Bool in
            for line in s.split(separator: "\n") where line.hasPrefix("return ") {
                if line.contains(" = ") || line == "return end" { return false }
            }
            return !s.contains("return for")
        }
        #expect(KernelSession.chunkShowingLastValue("x = 1\nx + 1", compiles: compiles) == "x = 1\nreturn x + 1")
        #expect(KernelSession.chunkShowingLastValue("x = 1", compiles: compiles) == "x = 1")
        #expect(KernelSession.chunkShowingLastValue("x = 1\n-- done", compiles: compiles) == "x = 1\n-- done")
        #expect(KernelSession.chunkShowingLastValue("for i = 1, 2 do\nend", compiles: compiles) == "for i = 1, 2 do\nend")
        #expect(KernelSession.chunkShowingLastValue("x", compiles: { _ in false }) == nil)
    }

    @Test func theNameUnderTheCursor() {
        #expect(KernelSession.name(in: "x = hemi.table('a')", at: 8) == "hemi.table")
        #expect(KernelSession.name(in: "hemi.table(", at: 11) == "hemi.table")
        #expect(KernelSession.name(in: ".schema us_trade", at: 3) == ".schema")
        #expect(KernelSession.name(in: "q:filter('trade_surplus > 0')", at: 15) == "trade_surplus")
        #expect(KernelSession.name(in: "a = b.c", at: 6) == "b.c")
        #expect(KernelSession.name(in: "x .y", at: 3) == "y")
    }

    @Test func aSyntaxErrorShowsItsLineWithACaret() {
        #expect(KernelSession.sourceLine("In[2]:2: unexpected symbol near '='", source: "a = 1\nb = = 2")
                == ["  2 | b = = 2", "    |     ^"])
        #expect(KernelSession.sourceLine("In[2]:1: 'end' expected near <eof>", source: "if x then") == ["  1 | if x then"])
        #expect(KernelSession.sourceLine("no position here", source: "x") == nil)
    }

    @Test func capturedTextIsCutOnlyBetweenCharacters() {
        let bytes = Array("aé€😀".utf8)
        #expect(CapturedOutput.completePrefix(bytes) == bytes.count)
        #expect(CapturedOutput.completePrefix(Array(bytes.dropLast())) == bytes.count - 4)
        #expect(CapturedOutput.completePrefix(Array(bytes.dropLast(5))) == bytes.count - 7)
        #expect(CapturedOutput.completePrefix([]) == 0)
    }
}

@Suite struct NotebookReportTests {
    @Test func paragraphsBecomeCellsAndCommentsMarkdown() {
        let script = "#!/usr/bin/env hemi\n-- A title\n--\n-- text\n\nlocal x = 1\nprint(x)\n\n\nfunction f()\n\n  return 1\nend\n-- tail\n"
        let isOpen = { (t: String) -> Bool in t.hasPrefix("function") && !t.hasSuffix("end") }
        #expect(NotebookReport.cells(script, isOpen: isOpen) == [
            .init(code: false, text: "A title\n\ntext"),
            .init(code: true, text: "local x = 1\nprint(x)"),
            .init(code: true, text: "function f()\n\n  return 1\nend\n-- tail"),
        ])
    }

    @Test func topLevelLocalsBecomeGlobals() {
        let yes = { (_: String) -> Bool in true }
        #expect(NotebookReport.globalised("local x = 1\n  local y = 2\nlocal function f() end\nlocal z", compiles: yes)
                == "x = 1\n  local y = 2\nfunction f() end\nz = nil")
        #expect(NotebookReport.globalised("local x <const> = 1", compiles: { _ in false }) == "local x <const> = 1")
    }
}
