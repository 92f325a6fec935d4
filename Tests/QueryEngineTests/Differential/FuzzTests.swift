import Foundation
import Testing
@testable import QueryEngine

/// Seeded random-input loops: mutated and random bytes into the CSV reader, token soup and
/// mutated valid expressions into the parser, binder and evaluator (through every verb that
/// takes an expression). Nothing may crash; every rejection is an `EngineError` (the typed
/// `throws(EngineError)` of the API makes that a compile-time fact, so the loops check that
/// the process survives and that what is accepted is well formed).
///
/// As part of `swift test`: a fixed number of inputs (about a second each). `make fuzz`
/// (Benchmarks/fuzz.sh) sets HEMI_FUZZ_SECONDS to run each loop for that long, HEMI_FUZZ_SEED
/// to vary the inputs, and HEMI_FUZZ_LAST to a file prefix: each input is written to
/// `<prefix>.csv` / `<prefix>.expr` before it runs, so after a crash the file holds the culprit.
@Suite struct FuzzTests {
    struct Budget {
        let seconds: Double?
        let iterations: Int
        let start = ContinuousClock.now
        func more(_ i: Int) -> Bool {
            guard let seconds else { return i < iterations }
            return ContinuousClock.now - start < .milliseconds(Int(seconds * 1000))
        }
    }

    static let env = ProcessInfo.processInfo.environment
    static let seconds = env["HEMI_FUZZ_SECONDS"].flatMap(Double.init)
    static let seed = env["HEMI_FUZZ_SEED"].flatMap { UInt64($0) } ?? 1
    static let lastInput = env["HEMI_FUZZ_LAST"]

    static func remember(_ bytes: [UInt8], _ ext: String) {
        guard let lastInput else { return }
        _ = FileManager.default.createFile(atPath: lastInput + "." + ext, contents: Data(bytes))
    }

    // MARK: CSV

    static let csvSeeds: [String] = [
        "iso3,name,year,exports,fta,since\nMEX,México,2023,324.4,true,1994-01-01\nBRA,Brasil,2022,,false,\nPER,Perú,NA,-1.5e3,TRUE,2009-02-01\n",
        "a,b,c\r\n1,\"x, y\",\"multi\nline\"\r\n2,\"say \"\"hi\"\"\",\r\n",
        "\u{FEFF}col;col;;x\n1;2;3;4\n5;6\n7;8;9;10;11\n",
        "t\tu\n\"\"\t\"\"\nnull\t1\n\n\n2\t3",
        "only\n",
        "x,y\n9223372036854775807,1e308\n-9223372036854775808,-1e-308\n9223372036854775808,nan\n",
        "d\n2024-02-29\n2023-02-29\n0000-01-01\n9999-12-31\n",
        "\"unterminated,1\n2,3\n",
    ]

    static let csvPieces: [[UInt8]] = [",", "\"", "\n", "\r", "\r\n", "\t", ";", "\"\"", "NA", "null", "true", "1", "-", ".", "e", "2023-01-31", " "].map { Array($0.utf8) }
        + [[0], [0xFF], [0xC3], [0xC3, 0xA9], [0xEF, 0xBB, 0xBF], [0xE4, 0xB8], [0x80]]

    static func mutate(_ input: [UInt8], _ rng: inout DiffRandom) -> [UInt8] {
        var b = input
        for _ in 0..<rng.int(1...6) {
            switch rng.int(0...6) {
            case 0 where !b.isEmpty: b[rng.int(0...(b.count - 1))] ^= UInt8(1 << rng.int(0...7))
            case 1: b.insert(contentsOf: rng.pick(csvPieces), at: rng.int(0...b.count))
            case 2 where !b.isEmpty:
                let i = rng.int(0...(b.count - 1))
                b.removeSubrange(i..<min(b.count, i + rng.int(1...8)))
            case 3 where !b.isEmpty:
                let i = rng.int(0...(b.count - 1)), j = min(b.count, i + rng.int(1...20))
                b.insert(contentsOf: Array(b[i..<j]), at: rng.int(0...b.count))
            case 4 where !b.isEmpty: b = Array(b.prefix(rng.int(0...b.count)))
            case 5: b += Array(rng.pick(csvSeeds).utf8)
            default: b.insert(UInt8(truncatingIfNeeded: rng.next()), at: rng.int(0...b.count))
            }
        }
        return b
    }

    static func csvOptions(_ rng: inout DiffRandom) -> CSVOptions {
        var o = CSVOptions(progress: .disabled)
        if rng.chance(0.3) { o.delimiter = rng.pick([UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|"), UInt8(ascii: "\""), UInt8(ascii: "\n"), 0, 0xC3]) }
        o.header = rng.chance(0.8)
        if rng.chance(0.2) { o.nullMarkers = rng.pick([[], ["-"], ["", "NA", "null", "1"]]) }
        if rng.chance(0.3) {
            for _ in 0..<rng.int(1...3) {
                o.types[rng.pick(["a", "x", "year", "column_1", "col", "d", "iso3", ""])] = rng.pick(DataType.allCases)
            }
        }
        return o
    }

    @Test func csvReaderNeverCrashes() {
        var rng = DiffRandom(seed: Self.seed)
        let budget = Budget(seconds: Self.seconds, iterations: 2000)
        var accepted = 0, rejected = 0, i = 0
        while budget.more(i) {
            i += 1
            let bytes: [UInt8]
            if rng.chance(0.15) {
                bytes = (0..<rng.int(0...200)).map { _ in rng.chance(0.5) ? rng.pick(Array(",\"\n\r;\ta1.".utf8)) : UInt8(truncatingIfNeeded: rng.next()) }
            } else {
                bytes = Self.mutate(Array(rng.pick(Self.csvSeeds).utf8), &rng)
            }
            Self.remember(bytes, "csv")
            do {
                let t = try CSVReader.read(bytes: bytes, name: "fuzz.csv", options: Self.csvOptions(&rng))
                accepted += 1
                #expect(t.columns.count == t.fields.count)
                #expect(t.columns.allSatisfy { $0.count == t.rowCount })
                // What was accepted must render and write without trouble.
                _ = BoxRenderer.render(t, options: BoxOptions(maxWidth: rng.int(1...120), maxRows: rng.int(0...20)))
                let csv = TableWriter.string(t, format: .csv)
                _ = TableWriter.string(t, format: .json)
                _ = try? CSVReader.read(string: csv, name: "again.csv", options: CSVOptions(progress: .disabled))
            } catch {
                rejected += 1
                #expect(!error.message.isEmpty)
            }
        }
        #expect(accepted > 0 && rejected > 0, "accepted \(accepted), rejected \(rejected): the inputs are not varied enough")
        print("fuzz csv: \(i) inputs (seed \(Self.seed)): \(accepted) read, \(rejected) rejected with an error")
    }

    // MARK: expressions

    static let table = try! Table(
        schema: [Field("g", .string), Field("x", .integer), Field("y", .float), Field("b", .boolean), Field("d", .date), Field("exports (usd)", .float)],
        rows: [
            [.string("México"), .int(Int64.max), .double(1.5), .bool(true), .date(19_000), .double(1e308)],
            [.string("Perú"), .int(Int64.min), .null, .bool(false), .null, .double(-0.0)],
            [.null, .int(0), .double(-2.25), .null, .date(-719_162), .null],
            [.string(""), .null, .double(.greatestFiniteMagnitude), .bool(true), .date(2_932_896), .double(.leastNonzeroMagnitude)],
            [.string("Perú"), .int(-1), .double(0), .bool(false), .date(0), .double(3)],
        ])

    static let tokens: [String] = [
        "g", "x", "y", "b", "d", "`exports (usd)`", "`", "yeer", "xx", "_", "é", "中", "\u{301}",
        "and", "or", "not", "in", "is", "nil", "true", "false", "not in", "is not nil",
        "==", "~=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "//", "%", "^", "..", "(", ")", ",", "=", "!", ".", "*",
        "0", "1", "-1", "2.5", ".5", "3.", "1e308", "1e-308", "1e", "007", "0x10", "9223372036854775807", "9223372036854775808", "-9223372036854775807",
        "'a'", "'México'", "'2023-01-31'", "'2023-02-30'", "''", "'unclosed", "\"dq\"", "'\\'", "'\\n'", "\t", "\n",
        "abs(", "round(", "floor(", "ceil(", "coalesce(", "lower(", "upper(", "len(", "substr(", "year(", "month(", "day(", "date(",
        "count(", "count(*)", "count_distinct(", "sum(", "avg(", "min(", "max(", "median(", "nosuch(",
    ]

    static func soup(_ rng: inout DiffRandom) -> String {
        (0..<rng.int(1...25)).map { _ in rng.pick(tokens) }.joined(separator: rng.chance(0.8) ? " " : "")
    }

    /// A valid expression with one edit: most stay close to valid, so they reach the binder
    /// and the evaluator rather than stopping in the lexer.
    static func nearlyValid(_ gen: inout ExpressionGenerator) -> String {
        var ctx = ExprContext.rows(table.fields.filter { $0.type != .date && $0.name != "exports (usd)" })
        if gen.rng.chance(0.3) { ctx.aggregates = .window(over: "") }
        var text = Array(gen.any(gen.rng.int(1...3), ctx).hemi)
        switch gen.rng.int(0...4) {
        case 0: break
        case 1 where !text.isEmpty: text.remove(at: gen.rng.int(0...(text.count - 1)))
        case 2: text.insert(contentsOf: " " + gen.rng.pick(tokens) + " ", at: gen.rng.int(0...text.count))
        case 3:
            // Extreme values where a literal was.
            let big = gen.rng.pick(["9223372036854775807", "(-9223372036854775807 - 1)", "1e308", "0", "(-0.0)", "x", "y"])
            if let i = text.firstIndex(where: { $0.isNumber }) { text.replaceSubrange(i...i, with: big) }
        default: text = Array(gen.rng.pick(["abs", "round", "substr", "coalesce", "sum", "len"]) + "(" + String(text) + ", 9223372036854775807)")
        }
        return String(text)
    }

    @Test func expressionsNeverCrash() {
        var gen = ExpressionGenerator(rng: DiffRandom(seed: Self.seed &+ 1))
        let budget = Budget(seconds: Self.seconds, iterations: 500)
        var accepted = 0, rejected = 0, i = 0
        let t = Self.table
        while budget.more(i) {
            i += 1
            let e = gen.rng.chance(0.5) ? Self.soup(&gen.rng) : Self.nearlyValid(&gen)
            Self.remember(Array(e.utf8), "expr")
            // The parser alone, and the caret rendering of its errors.
            do { _ = try ExprParser.parse(e) } catch { #expect(!error.description.isEmpty) }
            for verb in 0..<6 {
                do {
                    let n = try Self.run(verb, e, on: t)
                    #expect(n >= 0 && n <= t.rowCount)
                    accepted += 1
                } catch {
                    rejected += 1
                    #expect(!error.message.isEmpty)
                }
            }
        }
        #expect(accepted > 0 && rejected > 0, "accepted \(accepted), rejected \(rejected): the inputs are not varied enough")
        print("fuzz expressions: \(i) expressions × 6 verbs (seed \(Self.seed)): \(accepted) ran, \(rejected) rejected with an error")
    }

    /// One verb that takes an expression: evaluate, filter, derive by, aggregate, sort, select.
    static func run(_ verb: Int, _ e: String, on t: Table) throws(EngineError) -> Int {
        switch verb {
        case 0: return try t.evaluate(e).count
        case 1: return try Query(t).filter(e).execute().rowCount
        case 2: return try Query(t).derive([NamedExpression("v", e)], by: ["g"]).execute().rowCount
        case 3: return try Query(t).aggregate(by: ["g"], [NamedExpression("v", e)]).execute().rowCount
        case 4: return try Query(t).sort([SortKey(e, descending: true)]).limit(3).execute().rowCount
        default: return try Query(t).select([NamedExpression("v", e)]).distinct().execute().rowCount
        }
    }

    /// Deep nesting overflows the stack: the parser, binder and evaluator recurse once per
    /// level, and nothing limits the depth. In a debug build ~1,600 nested parentheses or a
    /// chain of ~3,200 operators (`x + x + …`, `- - … x`, `not not … b`, `'a' .. 'a' .. …`)
    /// crashed the process with SIGSEGV; the parser now rejects expressions of more than
    /// ExprParser.maxTokens tokens, which bounds the depth.
    @Test(arguments: ["paren", "plus", "minus", "not", "concat"])
    func deepNestingIsAnErrorNotACrash(_ kind: String) {
        let n = 100_000
        let e: String
        switch kind {
        case "paren": e = String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n)
        case "plus": e = Array(repeating: "x", count: n).joined(separator: " + ")
        case "minus": e = String(repeating: "- ", count: n) + "x"
        case "not": e = String(repeating: "not ", count: n) + "b"
        default: e = Array(repeating: "'a'", count: n).joined(separator: " .. ")
        }
        #expect(throws: EngineError.self) { try Self.table.evaluate(e) }
    }
}
