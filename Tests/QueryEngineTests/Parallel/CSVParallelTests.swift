import Testing
@testable import QueryEngine

/// The chunked, parallel CSV read must give exactly the table (types, values bit for bit,
/// nulls, row order, dictionary order) or the error of the serial reader main had before it
/// (SerialCSVReference): random files full of what makes chunk boundaries hard — quoted fields
/// with line breaks and doubled quotes, CRLF and lone CR, blank lines (records in a one-column
/// file), TSV backslash escapes, integers past 2^53 beside floats, -0.0, 1e400, NA and null,
/// columns whose type changes late — read with chunks of 64 bytes and less on 1, 2 and 4 threads.
@Suite(.serialized) struct CSVParallelTests {
    static func randomCSV(_ rng: inout DiffRandom, delimiter: String) -> String {
        let columns = rng.chance(0.25) ? 1 : rng.int(1...5)
        let rows = rng.int(0...60)
        let breaks = ["\n", "\r\n", "\r"]
        let lineBreak = rng.pick(breaks)
        var out = rng.chance(0.05) ? lineBreak : ""       // a blank line before the header
        out += (0..<columns).map { "c\($0)" }.joined(separator: delimiter) + lineBreak
        // Per column a kind, with a chance of a late field of another type.
        let kinds = (0..<columns).map { _ in rng.int(0...7) }
        for r in 0..<rows {
            if rng.chance(0.05) { out += lineBreak }   // a blank line (a null in one column)
            var fields: [String] = []
            for c in 0..<columns {
                if rng.chance(0.1) { fields.append(rng.pick(["", "NA", "null"])); continue }
                let late = r > rows / 2 && rng.chance(0.03)
                switch late ? rng.int(0...7) : kinds[c] {
                case 0: fields.append(String(rng.int(-1000...1000)))
                case 1: fields.append(rng.pick([String(Double(rng.int(-1000...1000)) / 8), "-0.0", "1e400", "2.5E-3"]))
                case 2: fields.append(rng.pick(["true", "false", "TRUE"]))
                case 3: fields.append("2023-0\(rng.int(1...9))-1\(rng.int(0...9))")
                case 4:
                    // Invalid UTF-8 (a lone lead byte, 0xFF) kept byte for byte through ByteText.
                    fields.append(rng.pick(["Perú", "Chile", "a b", "x", ByteText.string(bytes: [0xC3]), ByteText.string(bytes: [0x41, 0xFF])]))
                case 5:
                    // Past 2^53: exact as integers, not as doubles (…807 must never read as …808).
                    fields.append(rng.pick(["9223372036854775807", "-9223372036854775808", "9007199254740993",
                                            "9223372036854775808", "12", "0.5"]))
                case 6:
                    // TSV's escapes (decoded in text when the delimiter is a tab).
                    fields.append(rng.pick(["a\\tb", "l1\\nl2", "c:\\\\d", "back\\slash", "\\", "x\\r"]))
                default:
                    // Quoted: delimiters, doubled quotes and line breaks inside.
                    let inner = rng.pick(["one,two", "say \"\"hi\"\"", "two\nlines", "cr\r\nlf", "", "3", "a\ttab"])
                    fields.append("\"" + inner + "\"")
                }
            }
            out += fields.joined(separator: delimiter)
            if r < rows - 1 || rng.chance(0.5) { out += rng.chance(0.9) ? lineBreak : rng.pick(breaks) }
        }
        if rng.chance(0.05) { out += lineBreak + lineBreak }   // trailing blank lines
        if rng.chance(0.05) { out += "1\(delimiter)2\n" }       // a record of the wrong width, sometimes
        if rng.chance(0.03) { out += "\"never closed\n" }
        if rng.chance(0.03) { out += "\"closed\"x\n" }
        return out
    }

    /// Every column exactly: type, null mask, values (doubles by their bits, so -0.0 is not
    /// 0.0), string codes and the dictionary.
    static func exact(_ body: () throws -> Table) -> String {
        do {
            let t = try body()
            var lines = [t.fields.map(\.description).joined(separator: ", ")]
            for c in t.columns {
                var line = "\(c.type) valid=\(c.valid.map { $0.map { $0 ? "1" : "0" }.joined() } ?? "-") "
                switch c.storage {
                case .int(let a): line += a.map(String.init).joined(separator: ",")
                case .double(let a): line += a.map { String($0.bitPattern, radix: 16) }.joined(separator: ",")
                case .string(let codes, let d): line += codes.map(String.init).joined(separator: ",") + " \(d)"
                case .bool(let a): line += a.map { $0 ? "t" : "f" }.joined()
                case .date(let a): line += a.map(String.init).joined(separator: ",")
                }
                lines.append(line)
            }
            return lines.joined(separator: "\n")
        } catch {
            return "error: \(error)"
        }
    }

    @Test(arguments: [",", "\t"])
    func chunkedReadsEqualTheSerialReader(_ delimiter: String) {
        var rng = DiffRandom(seed: delimiter == "," ? 15 : 16)
        var differences = 0
        for i in 0..<200 {
            let text = Self.randomCSV(&rng, delimiter: delimiter)
            var options = CSVOptions(delimiter: UInt8(ascii: delimiter.unicodeScalars.first!),
                                     header: !rng.chance(0.1),
                                     nullMarkers: rng.chance(0.3) ? ["", "NA", "null"] : [""],
                                     types: rng.chance(0.2) ? [rng.chance(0.1) ? "c0" : "column_1": .integer] : [:],
                                     progress: .disabled)
            if rng.chance(0.1) { options.types = ["c0": .float] }
            if rng.chance(0.1) { options.backslashEscapes = delimiter == "," }
            let serial = Self.exact { try SerialCSVReference.read(string: text, name: "r.csv", options: options) }
            for (threads, morsel) in [(1, 1 << 20), (4, 1), (4, 2), (2, 3), (1, 2)] {
                let chunked = withParallelism(threads: threads, morselRows: morsel) {
                    Self.exact { try CSVReader.read(string: text, name: "r.csv", options: options) }
                }
                if chunked != serial && differences < 3 {
                    differences += 1
                    Issue.record("input \(i) (threads \(threads), morsel \(morsel)):\n\(text.debugDescription)\nserial:\n\(serial)\nchunks:\n\(chunked)")
                }
            }
        }
        #expect(differences == 0)
    }

    /// The rules main's reader enforces, each on a file cut into chunks of a few bytes.
    @Test(arguments: [
        ("a\n1\n\n3\n\n", "integer valid=1010 1,0,3,0"),                       // one column: a blank line is a null
        ("a\n\"x\ny\"\n\nz\n", "string valid=101 0,0,1 [\"x\\ny\", \"z\"]"),
        ("a,b\n1,2\n\n3,4\n", "integer valid=- 1,3"),                        // two columns: skipped
        ("d\n9223372036854775807\n9223372036854775808\n", "string valid=- 0,1 [\"9223372036854775807\", \"9223372036854775808\"]"),
        ("d\n9223372036854775807\n-9223372036854775808\n", "integer valid=- 9223372036854775807,-9223372036854775808"),
        ("x\n-0.0\n2.5\n", "float valid=- 8000000000000000,4004000000000000"),
        ("x\n1\n1e400\n", "string valid=- 0,1 [\"1\", \"1e400\"]"),
        ("s\nNA\nnull\n", "string valid=- 0,1 [\"NA\", \"null\"]"),
    ])
    func rulesHoldAcrossChunks(_ text: String, _ column: String) {
        for (threads, morsel) in [(1, 1 << 20), (4, 1), (2, 2)] {
            let got = withParallelism(threads: threads, morselRows: morsel) {
                Self.exact { try CSVReader.read(string: text, name: "r.csv", options: CSVOptions(progress: .disabled)) }
            }
            #expect(got.split(separator: "\n").dropFirst().first.map(String.init) == column, "threads \(threads), morsel \(morsel): \(got)")
        }
    }

    @Test func tsvEscapesReadBackAcrossChunks() {
        let text = "s\na\\tb\nl1\\nl2\nc:\\\\d\nNA\n"
        for (threads, morsel) in [(1, 1 << 20), (4, 1)] {
            let got = withParallelism(threads: threads, morselRows: morsel) {
                Self.exact { try CSVReader.read(string: text, name: "t.tsv", options: CSVOptions(delimiter: UInt8(ascii: "\t"), progress: .disabled)) }
            }
            #expect(got == "s string\nstring valid=- 0,1,2,3 [\"a\\tb\", \"l1\\nl2\", \"c:\\\\d\", \"NA\"]")
        }
    }

    /// A file (read by windows with pread, not whole) with quoted line breaks across every
    /// split point: the same table at 1 and 4 threads as the serial reader of the same text.
    @Test func aFileIsReadInChunksToo() throws {
        let path = "/tmp/hemi-parallel-csv-\(UInt32.random(in: 0...UInt32.max)).csv"
        var text = "id,name,note\n"
        for i in 0..<5000 { text += "\(i),n\(i % 37),\"line\nbreak \(i), \"\"q\"\"\"\n" }
        try FileIO.writeAtomically(Array(text.utf8), to: path)
        defer { _ = path.withCString { unlinkPath($0) } }
        let serial = Self.exact { try SerialCSVReference.read(string: text, name: path, options: CSVOptions(progress: .disabled)) }
        for (threads, morsel) in [(1, 1 << 20), (4, 50), (1, 70)] {
            let fromFile = withParallelism(threads: threads, morselRows: morsel) {
                Self.exact { try CSVReader.read(path: path, options: CSVOptions(progress: .disabled)) }
            }
            #expect(fromFile == serial, "threads \(threads), morsel \(morsel): \(fromFile.prefix(300))")
        }
        #expect(serial.hasPrefix("id integer, name string, note string\ninteger valid=- 0,1,2"))
    }
}
