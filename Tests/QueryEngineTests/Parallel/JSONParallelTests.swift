import Testing
@testable import QueryEngine

/// JSON Lines and arrays read in chunks on the worker pool (JSONChunks) must give exactly the table,
/// or the first error, of the front-to-back read of one chunk: random files with keys in any
/// order and missing, every kind of value and mixes of kinds, several objects on a line and
/// objects spread over lines (guesses that fall wrong), blank lines and CRLF, and errors
/// (a nested value, a key twice, a stray token, a value that does not fit a given type).
@Suite(.serialized) struct JSONParallelTests {
    static func randomLines(_ rng: inout DiffRandom) -> String {
        let keys = ["a", "b", "c", "é", "long_key_name"]
        var out = ""
        for r in 0..<rng.int(0...50) {
            var fields: [String] = []
            let turn = rng.int(0...4)
            let order = Array(keys[turn...] + keys[..<turn])
            for k in (rng.chance(0.5) ? order : order.reversed()) where rng.chance(0.7) {
                let value: String
                switch rng.int(0...7) {
                case 0: value = String(rng.int(-100...100))
                case 1: value = String(Double(rng.int(-100...100)) / 8)
                case 2: value = rng.pick(["true", "false", "null"])
                case 3: value = "\"2024-0\(rng.int(1...9))-1\(rng.int(0...9))\""
                case 4: value = rng.pick(["\"Perú\"", "\"x\"", "\"a\\\"q\"", "\"\\u00e9\"", "\"\""])
                case 5: value = rng.pick(["9007199254740993", "1e3", "-0.0"])
                case 6: value = rng.chance(0.1) ? rng.pick(["{\"n\": 1}", "[1]", "tru"]) : "1"
                default: value = "\"\(rng.int(0...5))\""
                }
                fields.append("\"\(k)\": \(value)")
            }
            if rng.chance(0.02), let f = fields.first { fields.append(f) }      // a key twice
            let sep = rng.chance(0.1) ? ",\n  " : ", "                          // spread over lines
            out += "{" + fields.joined(separator: sep) + "}"
            out += rng.chance(0.1) ? " " : (rng.chance(0.1) ? "\r\n" : "\n")    // several on a line
            if rng.chance(0.05) { out += "\n" }
            if r == 0 && rng.chance(0.02) { out += "x\n" }
        }
        return out
    }

    @Test func chunkedLinesEqualOneChunk() {
        var rng = DiffRandom(seed: 21)
        var differences = 0
        for i in 0..<200 {
            let text = Self.randomLines(&rng)
            let options = JSONOptions(types: rng.chance(0.15) ? ["a": rng.pick([.float, .string, .integer])] : [:], progress: .disabled)
            let whole = withParallelism(threads: 1, morselRows: 1 << 20) {
                CSVParallelTests.exact { try JSONReader.read(string: text, name: "r.jsonl", options: options) }
            }
            for (threads, morsel) in [(4, 1), (4, 5), (1, 3)] {
                let chunked = withParallelism(threads: threads, morselRows: morsel) {
                    CSVParallelTests.exact { try JSONReader.read(string: text, name: "r.jsonl", options: options) }
                }
                if chunked != whole && differences < 3 {
                    differences += 1
                    Issue.record("input \(i) (threads \(threads), morsel \(morsel)):\n\(text.debugDescription)\none chunk:\n\(whole)\nchunks:\n\(chunked)")
                }
            }
        }
        #expect(differences == 0)
    }

    /// A random JSON array as bytes: elements with keys in any order and missing, every kind
    /// of value, strings holding what the split-point scan looks for (`,` `]` `}` `},{"`,
    /// escaped quotes and backslashes, \u escapes and surrogate pairs, invalid UTF-8), any
    /// whitespace between tokens, and now and then a nested value, a truncated end, a trailing
    /// comma, text after the `]`, a byte-order mark, or an empty array.
    static func randomArray(_ rng: inout DiffRandom) -> [UInt8] {
        let keys = ["a", "b", "c", "é", "k},{\"a\":1"]
        func ws() -> String { rng.chance(0.6) ? "" : rng.pick([" ", "\n", "\r\n", "\t", "  \n  "]) }
        var out: [UInt8] = rng.chance(0.05) ? [0xEF, 0xBB, 0xBF] : []
        func put(_ s: String) { out += Array(s.utf8) }
        put(ws() + "[" + ws())
        let count = rng.chance(0.05) ? 0 : rng.int(1...40)
        for r in 0..<count {
            if r > 0 { put(ws() + "," + ws()) }
            put("{" + ws())
            let turn = rng.int(0...4)
            let order = Array(keys[turn...] + keys[..<turn])
            var first = true
            for k in (rng.chance(0.5) ? order : order.reversed()) where rng.chance(0.7) {
                if !first { put(ws() + "," + ws()) }
                first = false
                put("\"\(k)\"" + ws() + ":" + ws())
                switch rng.int(0...8) {
                case 0: put(String(rng.int(-100...100)))
                case 1: put(String(Double(rng.int(-100...100)) / 8))
                case 2: put(rng.pick(["true", "false", "null"]))
                case 3: put("\"2024-0\(rng.int(1...9))-1\(rng.int(0...9))\"")
                case 4: put(rng.pick(["\"a,b\"", "\"x]\"", "\"}\"", "\"},{\\\"a\\\":1}\"", "\"}, {\"", "\"a\\\"q\"", "\"back\\\\\"",
                                      "\"\\u00e9\"", "\"\\ud83d\\ude00\"", "\"\\ud800x\"", "\"Perú\"", "\"\""]))
                case 5: put("\""); out += rng.pick([[0xFF], [0xC0, 0x80], [0xE2, 0x82], [0x80, 0x7D, 0x2C, 0x7B]]); put("\"")
                case 6: put(rng.pick(["9007199254740993", "1e3", "-0.0"]))
                case 7: put(rng.chance(0.15) ? rng.pick(["{\"n\": [1, {\"m\": \"]\"}]}", "[1, [2]]", "tru", "01"]) : "1")
                default: put("\"\(rng.int(0...5))\"")
                }
            }
            if rng.chance(0.02) { put(", \"a\": 1, \"a\": 2") }   // a key twice
            put(ws() + "}")
        }
        switch rng.int(0...40) {
        case 0: put(",")                                   // trailing comma, then the end
        case 1: put(", ]")                                 // trailing comma
        case 2: put(ws() + "] x")                          // text after the array
        case 3: break                                      // no closing ']'
        case 4: out = Array(out.prefix(rng.int(0...out.count)))  // truncated anywhere
        default: put(ws() + "]" + ws())
        }
        return out
    }

    @Test func chunkedArraysEqualOneChunk() {
        var rng = DiffRandom(seed: 22)
        var differences = 0
        for i in 0..<300 {
            let bytes = Self.randomArray(&rng)
            let options = JSONOptions(types: rng.chance(0.15) ? ["a": rng.pick([.float, .string, .integer])] : [:], progress: .disabled)
            let whole = withParallelism(threads: 1, morselRows: 1 << 20) {
                CSVParallelTests.exact { try JSONReader.read(bytes: bytes, name: "r.json", options: options) }
            }
            for (threads, morsel) in [(1, 1), (2, 3), (4, 1), (4, 7)] {
                let chunked = withParallelism(threads: threads, morselRows: morsel) {
                    CSVParallelTests.exact { try JSONReader.read(bytes: bytes, name: "r.json", options: options) }
                }
                if chunked != whole && differences < 3 {
                    differences += 1
                    Issue.record("input \(i) (threads \(threads), morsel \(morsel)):\n\(String(decoding: bytes, as: UTF8.self).debugDescription)\none chunk:\n\(whole)\nchunks:\n\(chunked)")
                }
            }
        }
        #expect(differences == 0)
    }

    /// The generated arrays do reach the chunked path and split between elements (a test of
    /// equality alone would pass if every array were read in one piece), and rows and string
    /// codes come out in file order with invalid UTF-8 kept as its bytes.
    @Test func chunkedArrayKeepsOrderAndBytes() throws {
        var text: [UInt8] = Array("\u{FEFF}[".utf8)
        for r in 0..<500 {
            text += Array("\(r == 0 ? "" : ",\n"){\"n\": \(r), \"s\": \"r\(r % 7)},{\\\"x\\\"]".utf8) + [0xFF] + Array("\"}".utf8)
        }
        text += Array("]".utf8)
        let t = try withParallelism(threads: 4, morselRows: 5) { try JSONReader.read(bytes: text, name: "o.json", options: JSONOptions(progress: .disabled)) }
        #expect(t.rowCount == 500)
        guard case .int(let n) = t.columns[0].storage, case .string(let codes, let dictionary) = t.columns[1].storage else {
            Issue.record("column types: \(t.columns.map(\.type))"); return
        }
        #expect(n == (0..<500).map(Int64.init))
        #expect(codes == (0..<500).map { UInt32($0 % 7) })
        #expect(ByteText.bytes(of: dictionary[3]) == Array("r3},{\"x\"]".utf8) + [0xFF])
    }

    /// Ctrl-C during a chunked array read stops it with `interrupted`: raised before the read
    /// (no chunk reads anything) and after the first look (chunk 0 under way, the others
    /// stopping at their own look).
    @Test(arguments: [1, 2])
    func chunkedArrayHonoursCancellation(_ fireAt: Int) {
        var text = "["
        for r in 0..<20_000 { text += (r == 0 ? "" : ",") + "{\"n\": \(r)}" }
        text += "]"
        let (error, looks) = withParallelism(threads: 4, morselRows: 1000) {
            withCancellation(firingAt: fireAt) {
                engineError { _ = try JSONReader.read(string: text, name: "c.json", options: JSONOptions(progress: .disabled)) }
            }
        }
        #expect(error == .interrupted)
        #expect(looks >= fireAt)
    }
}
