import Testing
@testable import QueryEngine

@Suite struct JSONReaderTests {
    func read(_ text: String, _ options: JSONOptions = JSONOptions()) throws -> Table {
        try JSONReader.read(string: text, name: "t.json", options: options)
    }

    @Test func infersTypesPerColumnInKeyOrder() throws {
        let t = try read("""
            [{"country": "Perú", "year": 2023, "value": 1, "ok": true, "day": "2023-01-31"},
             {"country": "中国", "year": 2022, "value": 2.5, "ok": false, "day": "2022-12-01"}]
            """)
        #expect(t.fields == [Field("country", .string), Field("year", .integer), Field("value", .float),
                             Field("ok", .boolean), Field("day", .date)])
        #expect(t.row(0) == [.string("Perú"), .int(2023), .double(1), .bool(true), WriterFixtures.day("2023-01-31")])
        #expect(t.row(1) == [.string("中国"), .int(2022), .double(2.5), .bool(false), WriterFixtures.day("2022-12-01")])
    }

    @Test func missingKeysAndNullsAreNull() throws {
        let t = try read(#"[{"a": 1}, {"b": "x", "a": null}, {}, {"c": true}]"#)
        #expect(t.columnNames == ["a", "b", "c"])
        #expect(t.column("a")?.values == [.int(1), .null, .null, .null])
        #expect(t.column("b")?.values == [.null, .string("x"), .null, .null])
        #expect(t.column("c")?.values == [.null, .null, .null, .bool(true)])
        #expect(t.rowCount == 4)
    }

    @Test func allNullColumnIsString() throws {
        let t = try read(#"[{"a": null}, {"a": null}]"#)
        #expect(t.fields == [Field("a", .string)])
        #expect(t.column("a")?.values == [.null, .null])
    }

    @Test func mixedKindsBecomeStringsSharingCodes() throws {
        let t = try read(#"[{"a": 1}, {"a": "1"}, {"a": "x"}, {"a": true}, {"a": 2.5}, {"a": null}]"#)
        #expect(t.fields == [Field("a", .string)])
        #expect(t.column("a")?.values == [.string("1"), .string("1"), .string("x"), .string("true"), .string("2.5"), .null])
        guard case .string(let codes, let dictionary)? = t.column("a")?.storage else { Issue.record("not a string column"); return }
        #expect(codes[0] == codes[1])
        #expect(Set(dictionary).count == dictionary.count)
    }

    @Test func datesOnlyWhenEveryStringIsADate() throws {
        let t = try read(#"[{"d": "2023-01-31", "e": "2023-01-31"}, {"d": "2023-02-30", "e": null}]"#)
        #expect(t.fields == [Field("d", .string), Field("e", .date)])
    }

    @Test func numbersFollowTheJSONGrammar() throws {
        let t = try read(#"[{"i": 9223372036854775807, "f": -0.5e-3, "g": 0, "big": 12345678901234567890}, {"i": -9223372036854775808, "f": 1E2, "g": -0, "big": 1}]"#)
        #expect(t.column("i")?.values == [.int(.max), .int(.min)])
        #expect(t.column("f")?.values == [.double(-0.0005), .double(100)])
        #expect(t.column("g")?.values == [.int(0), .int(0)])
        // Beyond 64 bits an integer is a float, as in the CSV reader.
        #expect(t.column("big")?.values == [.double(1.2345678901234567e19), .double(1)])
    }

    @Test func stringEscapesAreDecoded() throws {
        let t = try read(#"[{"s": "q\"\\\/\b\f\n\r\t\u00e9\u4E2D\ud83d\ude00|\ud800x", "k\u00e9y": 1}]"#)
        #expect(t.column("s")?.values == [.string("q\"\\/\u{08}\u{0C}\n\r\té中😀|\u{FFFD}x")])
        #expect(t.columnNames == ["s", "kéy"])
    }

    @Test func jsonLinesBOMAndWhitespace() throws {
        let t = try read("\u{FEFF}{\"a\": 1}\r\n{\"a\": 2}\n\n  {\"a\": 3}\n")
        #expect(t.column("a")?.values == [.int(1), .int(2), .int(3)])
    }

    @Test func emptyInputs() throws {
        #expect(try read("[]").rowCount == 0)
        #expect(try read(" [ ] \n").columns.isEmpty)
        #expect(try read("").columns.isEmpty)
        let t = try read("[{}, {}]")
        #expect(t.columns.isEmpty)
    }

    @Test func typeOverrides() throws {
        let t = try read(#"[{"code": 7, "rate": 2, "day": "2023-01-31", "raw": 1.50}, {"code": "007", "rate": 2.5, "day": null, "raw": true}]"#,
                         JSONOptions(types: ["code": .string, "rate": .float, "day": .date, "raw": .string]))
        #expect(t.fields == [Field("code", .string), Field("rate", .float), Field("day", .date), Field("raw", .string)])
        #expect(t.column("code")?.values == [.string("7"), .string("007")])
        #expect(t.column("rate")?.values == [.double(2), .double(2.5)])
        // A number read as a string keeps the text it had in the file.
        #expect(t.column("raw")?.values == [.string("1.50"), .string("true")])
    }

    @Test func errorsNameFileLineColumnAndKey() {
        let cases: [(String, JSONOptions)] = [
            ("[{\"a\": 1},\n {\"a\": {\"b\": 2}}]", JSONOptions()),
            ("[{\"name\": \"Perú\", \"tags\": [1, 2]}]", JSONOptions()),
            ("[{\"a\": 1},]", JSONOptions()),
            ("[{\"a\" 1}]", JSONOptions()),
            ("[{\"a\": 1 \"b\": 2}]", JSONOptions()),
            ("[{\"a\": \"open}]", JSONOptions()),
            ("[{\"a\": \"bad \\x escape\"}]", JSONOptions()),
            ("[{\"a\": \"bad \\u12G4\"}]", JSONOptions()),
            ("[{\"a\": \"two\nlines\"}]", JSONOptions()),
            ("[{\"a\": 1, \"a\": 2}]", JSONOptions()),
            ("42", JSONOptions()),
            ("[1, 2]", JSONOptions()),
            ("[{\"a\": 1}] x", JSONOptions()),
            ("[{\"a\": 01}]", JSONOptions()),
            ("[{\"a\": -}]", JSONOptions()),
            ("[{\"a\": 1.}]", JSONOptions()),
            ("[{\"a\": 1e}]", JSONOptions()),
            ("[{\"a\": tru}]", JSONOptions()),
            ("[{\"a\": NaN}]", JSONOptions()),
            ("[{\"a\": 1}", JSONOptions()),
            ("[{a: 1}]", JSONOptions()),
            ("{\"a\": 1}\n[2]", JSONOptions()),
            ("[{\"año\": 2023},\n {\"año\": \"20x3\"}]", JSONOptions(types: ["año": .integer])),
            ("[{\"d\": \"2023-13-01\"}]", JSONOptions(types: ["d": .date])),
            ("[{\"n\": 2.5}]", JSONOptions(types: ["n": .integer])),
            ("[{\"a\": 1}]", JSONOptions(types: ["nope": .integer, "a": .integer])),
        ]
        var messages = cases.map { text, options in
            IOErrors.message { _ = try read(text, options) }
        }
        messages.append(IOErrors.message { _ = try JSONReader.read(path: "/nonexistent/trade.json") })
        IOGolden.check(messages.joined(separator: "\n") + "\n", "json-errors.txt")
    }

    @Test func readsAFileFromDisk() throws {
        let dir = try TempDir()
        let path = dir.path + "/t.json"
        try FileIO.writeAtomically(Array("[{\"x\": 1, \"y\": \"é\"}]\n".utf8), to: path)
        #expect(try JSONReader.read(path: path).row(0) == [.int(1), .string("é")])
    }

    // MARK: round trips with the writer

    @Test func jsonAndJSONLinesRoundTripThroughTheReader() throws {
        let t = WriterFixtures.roundTrip
        for format in [OutputFormat.json, .jsonl] {
            let back = try JSONReader.read(string: t.formatted(format), name: "round.\(format)")
            #expect(back.fields == t.fields, "\(format)")
            #expect(back.rows == t.rows, "\(format)")
        }
    }

    @Test func nonFiniteFloatsAreJSONNull() throws {
        let back = try JSONReader.read(string: WriterFixtures.tricky.formatted(.json))
        #expect(Array(back.column("value")!.values.suffix(3)) == [.null, .null, .null])
    }

}

@Suite struct JSONReaderMutationTests {
    /// Valid JSON with one byte changed, dropped, doubled or cut short: every input either
    /// reads or is rejected with an EngineError that names the input; nothing crashes.
    @Test func mutatedInputIsReadOrRejected() {
        let base = Array(WriterFixtures.tricky.formatted(.json).utf8)
        let significant = Array("{}[],:\"\\/ -0123456789.eEtfnul\u{01}\n".utf8) + [0xC3, 0xA9, 0xFF]
        var rng = SeededRandom(seed: 2024)
        var rejected = 0
        for i in 0..<3000 {
            var bytes = base
            for _ in 0...Int.random(in: 0...2, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes[at] = significant.randomElement(using: &rng)!
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(bytes[at], at: at)
                default: bytes.removeSubrange(at...)
                }
                if bytes.isEmpty { break }
            }
            do {
                _ = try JSONReader.read(bytes: bytes, name: "m\(i).json", options: JSONOptions(progress: .disabled))
            } catch {
                rejected += 1
                #expect(error.message.hasPrefix("m\(i).json: "), "\(error.message)")
            }
        }
        #expect(rejected > 1000)
    }
}
