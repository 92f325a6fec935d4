import Testing
@testable import QueryEngine

/// JSON Lines read in chunks on the worker pool (JSONLineChunks) must give exactly the table,
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
}
