// The catalog reader (no Foundation): JSON syntax, and errors that name the entry and key.

import Testing
@testable import PolicyData
@testable import QueryEngine

@Suite struct CatalogJSONTests {
    func parse(_ text: String) throws(EngineError) -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    @Test func valuesOfEveryKind() throws {
        let v = try parse(#" {"a": [1, -2.5e2, true, false, null], "s": "Per\u00fa \"q\" \ud83c\udf0e \\ /", "o": {}} "#)
        #expect(v["a"] == .array([.number(1), .number(-250), .bool(true), .bool(false), .null]))
        #expect(v["s"] == .string("Perú \"q\" 🌎 \\ /"))
        #expect(v["o"] == .object([]))
        #expect(v["missing"] == nil)
        #expect(try parse("\u{FEFF}[]") == .array([]))
        #expect(try parse("\"São Paulo 中国\"") == .string("São Paulo 中国"))
    }

    @Test func malformedDocumentsAreLocatedErrors() {
        let cases: [(String, String)] = [
            ("{\"a\" 1}", "at byte 5: expected ':' after the key \"a\", found '1'"),
            ("[1, 2", "at byte 5: expected ',' or ']', found the end of the input"),
            ("[01]", "at byte 2: expected no leading zero"),
            ("{\"a\": tru}", "at byte 6: expected a JSON value"),
            ("[1] x", "at byte 4: expected the end of the document, found 'x'"),
            ("\"a\nb\"", "at byte 2: expected no control character inside a string (escape it)"),
            (String(repeating: "[", count: 600), "expected less nesting (at most 512 levels)"),
        ]
        for (text, expected) in cases {
            #expect { try parse(text) } throws: { e in
                (e as? EngineError)?.message.contains(expected) == true
            }
        }
    }

    @Test func catalogErrorsNameTheEntryAndKey() {
        let noTables = #"{"vintage": "x", "sources": []}"#
        #expect { try Catalog(json: Array(noTables.utf8)) } throws: { e in
            (e as? EngineError)?.message == "the catalog: key \"tables\" should be an array"
        }
        let badRows = #"{"tables": [{"name": "t", "description": "", "grain": "g", "key": [], "source": "s", "row_count": "many", "years": null, "columns": [], "gaps": []}], "sources": []}"#
        #expect { try Catalog(json: Array(badRows.utf8)) } throws: { e in
            (e as? EngineError)?.message == "table t: key \"row_count\" should be a whole number or null"
        }
    }

    /// The committed catalog reads the same as build_dataset.py wrote it (counts checked
    /// against the CSV files elsewhere).
    @Test func committedCatalogReads() throws {
        let catalog = try Catalog(json: try FileIO.readAll(DatasetFixture.resources.path + "/catalog.json"))
        #expect(catalog.tables.count == 31)
        let trade = catalog.tables.first { $0.name == "us_trade" }
        #expect(trade?.key == ["iso3", "year"])
        #expect(trade?.columns.first?.name == "iso3")
        #expect(catalog.sources.allSatisfy { !$0.rawFiles.isEmpty })
    }

    @Test func aMissingDataDirectorySaysWhatToSet() {
        #expect { try PolicyDataset(directory: "/nonexistent/hemi-data") } throws: { e in
            let m = (e as? EngineError)?.message ?? ""
            return m.hasPrefix("dataset: cannot read /nonexistent/hemi-data/catalog.json: expected the catalog.json written by build_dataset.py")
        }
    }
}
