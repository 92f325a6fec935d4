import Testing
@testable import QueryEngine

/// Values come back as they went in, or the reader says why not.
@Suite struct ExactValuesTests {
    @Test func nanIsOneGroupAndOneDistinctValue() throws {
        let t = try Table(fields: ["x"], columns: [Column(.double([.nan, 1, -.nan, .nan, 0, -0.0]))])
        let g = try Query(t).aggregate(by: ["x"], [NamedExpression("n", "count()")]).execute()
        #expect(g.rowCount == 3)
        #expect(g.column("n")!.values == [.int(3), .int(1), .int(2)])
        #expect(try Query(t).distinct(["x"]).execute().rowCount == 3)
    }

    @Test func negativeZeroKeepsItsSign() throws {
        let t = try Table(fields: ["x"], columns: [Column(.double([-0.0, 1.5]))])
        #expect(t.formatted(.csv) == "x\n-0.0\n1.5\n")
        #expect(t.formatted(.jsonl) == "{\"x\": -0.0}\n{\"x\": 1.5}\n")
        let csv = try CSVReader.read(string: t.formatted(.csv))
        let json = try JSONReader.read(string: t.formatted(.jsonl))
        for back in [csv, json] {
            guard case .double(let x) = back.column("x")!.storage else { Issue.record("not a float column"); continue }
            #expect(x[0] == 0 && x[0].sign == .minus)
        }
    }

    @Test func numbersBeyondADoubleAreNeverASilentInfinity() throws {
        let json = engineError { _ = try JSONReader.read(string: "[{\"c\": 1e400}]", name: "inf.json") }
        #expect(json?.message == "inf.json: line 1, column 8 (key \"c\"): the number 1e400 is beyond the range of a 64-bit float (about ±1.8e308)")
        // In CSV the field is not a number: the column keeps its text, or a float type fails.
        let csv = try CSVReader.read(string: "x\n1.5\n1e400\n")
        #expect(csv.column("x")!.values == [.string("1.5"), .string("1e400")])
        let typed = engineError { _ = try CSVReader.read(string: "x\n1.5\n-1e400\n", name: "inf.csv", options: CSVOptions(types: ["x": .float])) }
        #expect(typed?.message.hasPrefix("inf.csv: line 3, column 1 (x): expected a float") == true)
    }

    @Test func int64ExtremesAreNeverRounded() throws {
        // Alone they stay integers.
        let ints = try CSVReader.read(string: "d\n9223372036854775807\n-9223372036854775808\n")
        #expect(ints.column("d")!.values == [.int(.max), .int(.min)])
        // Beside a float or a number past 64 bits, …807 would become …808: CSV keeps the text.
        for text in ["d\n9223372036854775807\n9223372036854775808\n", "d\n9223372036854775807\n1.5\n", "d\n1.5\n9223372036854775807\n"] {
            let t = try CSVReader.read(string: text)
            #expect(t.fields[0].type == .string, "\(text)")
            #expect(t.column("d")!.values.contains(.string("9223372036854775807")), "\(text)")
        }
        // Small integers still widen to floats.
        #expect(try CSVReader.read(string: "d\n2\n1.5\n").fields[0].type == .float)
        // JSON says so and names the way out.
        let e = engineError { _ = try JSONReader.read(string: "[{\"d\": 9223372036854775807}, {\"d\": 9223372036854775808}]", name: "big.json") }
        #expect(e?.message == "big.json: key \"d\" mixes floats with the integer 9223372036854775807, which a float cannot hold exactly; read it as text (types = { d = \"string\" }) or as floats (types = { d = \"float\" })")
        #expect(try JSONReader.read(string: "[{\"d\": 2}, {\"d\": 1.5}]").fields[0].type == .float)
    }
}
