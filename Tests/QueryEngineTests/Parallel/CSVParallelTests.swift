import Testing
@testable import QueryEngine

/// The chunked, parallel CSV read must give exactly the table (types, values, row order,
/// dictionary order) or the error of a front-to-back read: random files full of what makes
/// chunk boundaries hard — quoted fields with line breaks and doubled quotes, CRLF and lone
/// CR, blank lines, nulls, columns whose type changes late — read as one chunk on one thread
/// and as chunks of 64 bytes on four.
@Suite(.serialized) struct CSVParallelTests {
    static func randomCSV(_ rng: inout DiffRandom) -> String {
        let columns = rng.int(1...5)
        let rows = rng.int(0...60)
        let breaks = ["\n", "\r\n", "\r"]
        let lineBreak = rng.pick(breaks)
        var out = (0..<columns).map { "c\($0)" }.joined(separator: ",") + lineBreak
        // Per column a kind, with a chance of a late field of another type.
        let kinds = (0..<columns).map { _ in rng.int(0...5) }
        for r in 0..<rows {
            if rng.chance(0.05) { out += lineBreak }   // a blank line
            var fields: [String] = []
            for c in 0..<columns {
                if rng.chance(0.1) { fields.append(rng.pick(["", "NA", "null"])); continue }
                let late = r > rows / 2 && rng.chance(0.03)
                switch late ? rng.int(0...5) : kinds[c] {
                case 0: fields.append(String(rng.int(-1000...1000)))
                case 1: fields.append(String(Double(rng.int(-1000...1000)) / 8))
                case 2: fields.append(rng.pick(["true", "false", "TRUE"]))
                case 3: fields.append("2023-0\(rng.int(1...9))-1\(rng.int(0...9))")
                case 4: fields.append(rng.pick(["Perú", "Chile", "a b", "x"]))
                default:
                    // Quoted: delimiters, doubled quotes and line breaks inside.
                    let inner = rng.pick(["one,two", "say \"\"hi\"\"", "two\nlines", "cr\r\nlf", "", "3"])
                    fields.append("\"" + inner + "\"")
                }
            }
            out += fields.joined(separator: ",")
            if r < rows - 1 || rng.chance(0.5) { out += rng.chance(0.9) ? lineBreak : rng.pick(breaks) }
        }
        if rng.chance(0.05) { out += "1,2\n" }              // a record of the wrong width, sometimes
        if rng.chance(0.03) { out += "\"never closed\n" }
        return out
    }

    @Test func chunkedReadsEqualOneChunk() {
        var rng = DiffRandom(seed: 15)
        var differences = 0
        for i in 0..<600 {
            let text = Self.randomCSV(&rng)
            let options = CSVOptions(types: rng.chance(0.2) ? ["c0": .integer] : [:], progress: .disabled)
            let whole = withParallelism(threads: 1, morselRows: 1 << 20) {
                outcome { try CSVReader.read(string: text, name: "r.csv", options: options) }
            }
            for (threads, morsel) in [(4, 2), (2, 3), (1, 2)] {
                let chunked = withParallelism(threads: threads, morselRows: morsel) {
                    outcome { try CSVReader.read(string: text, name: "r.csv", options: options) }
                }
                if chunked != whole && differences < 3 {
                    differences += 1
                    Issue.record("input \(i) (threads \(threads), morsel \(morsel)):\n\(text.debugDescription)\none chunk:\n\(whole)\nchunks:\n\(chunked)")
                }
            }
        }
        #expect(differences == 0)
    }

    @Test func aFileIsReadInChunksToo() throws {
        let path = "/tmp/hemi-parallel-csv-\(UInt32.random(in: 0...UInt32.max)).csv"
        var text = "id,name,note\n"
        for i in 0..<5000 { text += "\(i),n\(i % 37),\"line\nbreak \(i)\"\n" }
        try FileIO.writeAtomically(Array(text.utf8), to: path)
        defer { _ = path.withCString { unlinkPath($0) } }
        let fromFile = withParallelism(threads: 4, morselRows: 3) { outcome { try CSVReader.read(path: path) } }
        let inMemory = withParallelism(threads: 1, morselRows: 1 << 20) { outcome { try CSVReader.read(string: text, name: path) } }
        #expect(fromFile == inMemory)
        #expect(fromFile.hasPrefix("id integer, name string, note string\n0 | n0 | line\nbreak 0"))
    }
}
