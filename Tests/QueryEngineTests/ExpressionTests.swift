import Testing
@testable import QueryEngine

/// Every operator and function of the expression language, its null semantics, Lua's integer
/// and float arithmetic, and the wording of its errors (caret, "did you mean", both types).
/// Expected values are worked out by hand from Lua 5.4 (`//`, `%`, `^`, `..`) and SQL (nulls).
@Suite struct ExpressionTests {
    /// One row, so a constant expression evaluates to exactly one value.
    static let unit = try! Table(schema: [Field("one", .integer)], rows: [[.int(1)]])

    /// Nulls in every column; `d` is a date column.
    static let t = try! Table(
        schema: [Field("i", .integer), Field("f", .float), Field("s", .string), Field("b", .boolean), Field("d", .date)],
        rows: [
            [.int(1), .double(1.5), .string("México"), .bool(true), .date(CivilDate(iso: "2023-01-31")!.days)],
            [.int(-7), .null, .string("Perú"), .bool(false), .null],
            [.null, .double(-2.25), .null, .null, .date(CivilDate(iso: "2024-02-29")!.days)],
            [.int(3), .double(0), .string(""), .bool(true), .date(CivilDate(iso: "1999-12-31")!.days)],
        ])

    /// Every combination of true, false and null in `p` and `q`, p-major.
    static let logic: Table = {
        let v: [Value] = [.bool(true), .bool(false), .null]
        return try! Table(schema: [Field("p", .boolean), Field("q", .boolean)], rows: v.flatMap { p in v.map { q in [p, q] } })
    }()

    /// A column against a literal takes a path that never spreads the literal into a column;
    /// it must agree with the general one (column against column) on every type, with the
    /// literal on either side, and keep nulls null.
    @Test func comparisonsWithALiteralAgreeWithTheGeneralPath() throws {
        let t = try Table(schema: [Field("i", .integer), Field("f", .float), Field("s", .string), Field("d", .date),
                                   Field("i2", .integer), Field("f2", .float), Field("s2", .string), Field("d2", .date)],
                          rows: Self.t.rows.map { r in [r[0], r[1], r[2], r[4], .int(1), .double(1.5), .string("Perú"), r[4]] })
        let cases: [(String, String)] = [
            ("i == 1", "i == i2"), ("1 == i", "i2 == i"), ("i < 1", "i < i2"), ("1 < i", "i2 < i"), ("1 >= i", "i2 >= i"),
            ("i ~= 1", "i ~= i2"), ("f > 1.5", "f > f2"), ("1.5 <= f", "f2 <= f"), ("i > 1.5", "i > f2"), ("f <= 1", "f <= i2"),
            ("s == \"Perú\"", "s == s2"), ("\"Perú\" ~= s", "s2 ~= s"),
        ]
        for (literal, general) in cases {
            #expect(try t.evaluate(literal).values == t.evaluate(general).values, "\(literal) against \(general)")
        }
        #expect(try t.evaluate("d >= d2").values == t.evaluate("d == d2").values)
    }

    func value(_ e: String) throws -> Value {
        let c = try Self.unit.evaluate(e)
        #expect(c.count == 1)
        return c[0]
    }

    func type(_ e: String) throws -> DataType { try Self.unit.evaluate(e).type }

    func values(_ e: String, _ table: Table = t) throws -> [Value] { try table.evaluate(e).values }

    /// The complete message of the error `e` raises over `table` (nil: no error).
    func error(_ e: String, _ table: Table = t) -> String? {
        do { _ = try table.evaluate(e); return nil } catch { return error.message }
    }

    // MARK: arithmetic

    @Test(arguments: [
        ("7 + 2", Value.int(9)), ("7 - 9", .int(-2)), ("6 * 7", .int(42)),
        ("7 / 2", .double(3.5)), ("6 / 3", .double(2)),
        // Floor division and modulo follow Lua: the quotient rounds down, the remainder takes
        // the sign of the divisor.
        ("7 // 2", .int(3)), ("-7 // 2", .int(-4)), ("7 // -2", .int(-4)), ("-7 // -2", .int(3)),
        ("7 % 3", .int(1)), ("-7 % 3", .int(2)), ("7 % -3", .int(-2)), ("-7 % -3", .int(-1)), ("6 % 3", .int(0)),
        ("7.5 // 2", .double(3)), ("-7.5 // 2", .double(-4)), ("7.5 // -2", .double(-4)),
        ("7.5 % 2", .double(1.5)), ("-7.5 % 2", .double(0.5)), ("7.5 % -2", .double(-0.5)), ("-7.5 % -2", .double(-1.5)),
        ("2 ^ 10", .double(1024)), ("2 ^ -1", .double(0.5)), ("2 ^ 3 ^ 2", .double(512)), ("-2 ^ 2", .double(-4)),
        ("1 + 2.5", .double(3.5)), ("2 * 0.25", .double(0.5)), ("-(3)", .int(-3)), ("- -3", .int(3)), ("-1.5", .double(-1.5)),
        // Precedence: * / // % above + -, left-associative within a level.
        ("2 + 3 * 4", .int(14)), ("(2 + 3) * 4", .int(20)), ("10 - 4 - 3", .int(3)), ("2 * 3 % 4", .int(2)),
        ("100 // 7 // 2", .int(7)), ("-3 ^ 2", .double(-9)),
    ])
    func arithmetic(_ e: String, _ expected: Value) throws {
        #expect(try value(e) == expected, "\(e)")
    }

    @Test func integerAndFloatResultTypes() throws {
        #expect(try type("1 + 2") == .integer)
        #expect(try type("7 // 2") == .integer)
        #expect(try type("7 % 2") == .integer)
        #expect(try type("6 / 3") == .float)     // `/` is always float division
        #expect(try type("2 ^ 2") == .float)     // as in Lua
        #expect(try type("1 + 0.0") == .float)
        #expect(try type("7.0 // 2") == .float)
        #expect(try Self.t.evaluate("i * 2").type == .integer)
        #expect(try Self.t.evaluate("i + f").type == .float)
    }

    @Test(arguments: ["1 / 0", "1 // 0", "1 % 0", "0 / 0", "1.5 / 0", "1.5 // 0", "1.5 % 0.0", "1 // 0.0", "-1 / 0.0"])
    func divisionByZeroIsNull(_ e: String) throws {
        #expect(try value(e) == .null, "\(e)")
    }

    @Test func divisionByZeroInAColumnNullsOnlyThoseRows() throws {
        // f is 1.5, null, -2.25, 0: the last row divides by zero.
        #expect(try values("3 / f") == [.double(2), .null, .double(3 / -2.25), .null])
        #expect(try values("i // (i - 3)") == [.int(-1), .int(0), .null, .null])
        #expect(try values("i % (i - 1)") == [.null, .int(-7), .null, .int(1)])
    }

    @Test func integerOverflowIsAnErrorNotAWrap() throws {
        for e in ["9223372036854775807 + 1", "-9223372036854775807 - 2", "4611686018427387904 * 2"] {
            let message = error(e, Self.unit)
            #expect(message?.hasPrefix("integer overflow in") == true, "\(e): \(message ?? "no error")")
        }
        // A literal too large for an integer reads as a float, as in Lua.
        #expect(try value("9223372036854775808") == .double(9223372036854775808))
    }

    // MARK: strings

    @Test(arguments: [
        ("'a' .. 'b'", Value.string("ab")), ("'a' .. 'b' .. 'c'", .string("abc")), ("1 .. 2", .string("12")),
        ("'n=' .. 1 + 2", .string("n=3")), ("'x' .. 2.5", .string("x2.5")), ("'' .. ''", .string("")),
        ("\"dq\" .. 'sq'", .string("dqsq")), ("'it\\'s'", .string("it's")), ("'tab\\tnl\\n'", .string("tab\tnl\n")),
    ])
    func concatenation(_ e: String, _ expected: Value) throws {
        #expect(try value(e) == expected, "\(e)")
    }

    @Test(arguments: [
        ("'abc' < 'abd'", true), ("'abc' < 'ab'", false), ("'' < 'a'", true), ("'abc' == 'abc'", true),
        // Code-point (byte) order, as SQLite's BINARY collation: upper case before lower case,
        // accented letters after z.
        ("'B' < 'a'", true), ("'Perú' > 'Peru'", true), ("'é' > 'z'", true), ("'Zürich' < 'Zurich'", false),
        ("'a' ~= 'b'", true), ("'a' != 'a'", false), ("'México' >= 'México'", true), ("'México' <= 'Mexico'", false),
    ])
    func stringComparison(_ e: String, _ expected: Bool) throws {
        #expect(try value(e) == .bool(expected), "\(e)")
    }

    @Test func stringComparisonAgainstAColumn() throws {
        #expect(try values("s == 'Perú'") == [.bool(false), .bool(true), .null, .bool(false)])
        #expect(try values("s < 'N'") == [.bool(true), .bool(false), .null, .bool(true)])
        #expect(try values("'N' < s") == [.bool(false), .bool(true), .null, .bool(false)])
        #expect(try values("s ~= ''") == [.bool(true), .bool(true), .null, .bool(false)])
    }

    // MARK: comparisons of other types

    @Test(arguments: [
        ("1 == 1.0", true), ("1 < 1.5", true), ("2 <= 2", true), ("3 > 2.5", true), ("3 >= 4", false), ("1 ~= 1.0", false),
        ("true == true", true), ("false < true", true), ("true ~= false", true),
        ("date('2023-01-31') < date('2023-02-01')", true), ("date('2023-01-31') == '2023-01-31'", true),
    ])
    func comparisons(_ e: String, _ expected: Bool) throws {
        #expect(try value(e) == .bool(expected), "\(e)")
    }

    @Test func dateColumnAgainstStringLiterals() throws {
        #expect(try values("d < '2023-06-01'") == [.bool(true), .null, .bool(false), .bool(true)])
        #expect(try values("'2023-01-31' == d") == [.bool(true), .null, .bool(false), .bool(false)])
        #expect(error("d < '2023-13-01'")?.hasPrefix("'2023-13-01' is not a date (expected YYYY-MM-DD)") == true)
    }

    // MARK: nulls

    @Test func nullInArithmeticAndComparisonGivesNull() throws {
        #expect(try values("i + 1") == [.int(2), .int(-6), .null, .int(4)])
        #expect(try values("i * f") == [.double(1.5), .null, .null, .double(0)])
        #expect(try values("-i") == [.int(-1), .int(7), .null, .int(-3)])
        #expect(try values("i > 0") == [.bool(true), .bool(false), .null, .bool(true)])
        #expect(try values("s .. '!'") == [.string("México!"), .string("Perú!"), .null, .string("!")])
        // Comparing with nil is null, never true: `is nil` is the test for null.
        #expect(try values("i == nil") == [.null, .null, .null, .null])
        #expect(try values("i ~= nil") == [.null, .null, .null, .null])
        for e in ["nil + 1", "1 - nil", "nil * 2.5", "nil / 1", "nil // 2", "5 % nil", "nil ^ 2", "nil .. 'x'", "-nil",
                  "nil == nil", "nil < 1", "not nil", "abs(nil)", "len(nil)", "lower(nil)", "substr(nil, 1)", "round(nil)"] {
            #expect(try value(e) == .null, "\(e)")
        }
    }

    @Test func isNilAndIsNotNil() throws {
        #expect(try values("i is nil") == [.bool(false), .bool(false), .bool(true), .bool(false)])
        #expect(try values("f is not nil") == [.bool(true), .bool(false), .bool(true), .bool(true)])
        #expect(try values("i + f is nil") == [.bool(false), .bool(true), .bool(true), .bool(false)])
        #expect(try value("nil is nil") == .bool(true))
        #expect(try value("1 is not nil") == .bool(true))
    }

    @Test func andOrNotAreThreeValued() throws {
        // Rows: TT TF TN FT FF FN NT NF NN.
        let T = Value.bool(true), F = Value.bool(false), N = Value.null
        #expect(try values("p and q", Self.logic) == [T, F, N, F, F, F, N, F, N])
        #expect(try values("p or q", Self.logic) == [T, T, T, T, F, N, T, N, N])
        #expect(try values("not p", Self.logic) == [F, F, F, T, T, T, N, N, N])
        #expect(try values("p and nil", Self.logic) == [N, N, N, F, F, F, N, N, N])
        #expect(try values("p or nil", Self.logic) == [T, T, T, N, N, N, N, N, N])
        // `not` binds looser than comparisons (as in SQL): not (1 == 2).
        #expect(try value("not 1 == 2") == .bool(true))
        #expect(try value("true or false and false") == .bool(true))   // and binds tighter
    }

    @Test func filterKeepsOnlyTrueRows() throws {
        #expect(try Query(Self.logic).filter("p and q").execute().rowCount == 1)
        #expect(try Query(Self.logic).filter("p or q").execute().rowCount == 5)
        #expect(try Query(Self.logic).filter("not p").execute().rowCount == 3)
        #expect(try Query(Self.logic).filter("nil").execute().rowCount == 0)
        #expect(try Query(Self.logic).filter("p is nil").execute().rowCount == 3)
        // Null rows fail both a condition and its negation.
        let kept = try Query(Self.t).filter("i > 0").execute().rowCount + Query(Self.t).filter("not (i > 0)").execute().rowCount
        #expect(kept == 3)
    }

    // MARK: in

    @Test func inLists() throws {
        #expect(try values("i in (1, 3)") == [.bool(true), .bool(false), .null, .bool(true)])
        #expect(try values("i not in (1, 3)") == [.bool(false), .bool(true), .null, .bool(false)])
        #expect(try values("i in (1.0, -7)") == [.bool(true), .bool(true), .null, .bool(false)])
        #expect(try values("f in (1.5, 0)") == [.bool(true), .null, .bool(false), .bool(true)])
        #expect(try values("s in ('Perú', 'Peru', '')") == [.bool(false), .bool(true), .null, .bool(true)])
        #expect(try values("b in (true)") == [.bool(true), .bool(false), .null, .bool(true)])
        #expect(try values("i in (-7, -1)") == [.bool(false), .bool(true), .null, .bool(false)])
    }

    @Test func inWithNilIsNullUnlessAMatchIsFound() throws {
        // As SQL: `x in (1, nil)` is true for 1 and unknown otherwise (the nil might be x).
        #expect(try values("i in (1, nil)") == [.bool(true), .null, .null, .null])
        #expect(try values("i not in (1, nil)") == [.bool(false), .null, .null, .null])
        #expect(try values("s in (nil)") == [.null, .null, .null, .null])
        #expect(try Query(Self.t).filter("i not in (1, nil)").execute().rowCount == 0)
    }

    // MARK: functions

    @Test(arguments: [
        ("abs(-3)", Value.int(3)), ("abs(3)", .int(3)), ("abs(-2.5)", .double(2.5)),
        ("round(2.5)", .double(3)), ("round(-2.5)", .double(-3)), ("round(2.4)", .double(2)), ("round(7)", .int(7)),
        ("round(1.25, 1)", .double(1.3)), ("round(-1.25, 1)", .double(-1.3)), ("round(1234.5, -2)", .double(1200)),
        ("floor(2.7)", .double(2)), ("floor(-2.2)", .double(-3)), ("floor(5)", .int(5)),
        ("ceil(2.2)", .double(3)), ("ceil(-2.7)", .double(-2)), ("ceil(-5)", .int(-5)),
        ("coalesce(nil, 2)", .int(2)), ("coalesce(nil, nil, 'x')", .string("x")), ("coalesce(1, 2.5)", .double(1)),
        ("coalesce(nil)", .null),
        ("lower('ÉCOLE Perú')", .string("école perú")), ("upper('perú')", .string("PERÚ")),
        ("len('Perú')", .int(4)), ("len('')", .int(0)), ("len('中国')", .int(2)),
        ("substr('México', 2, 3)", .string("éxi")), ("substr('abc', 2)", .string("bc")), ("substr('abc', 5)", .string("")),
        ("substr('abc', -2)", .string("bc")), ("substr('abc', 1, 0)", .string("")), ("substr('abc', 2, 10)", .string("bc")),
        ("substr('abc', 2, -1)", .string("")),
        // Huge starts and lengths clamp instead of overflowing (this used to trap).
        ("substr('abc', 2, 9223372036854775807)", .string("bc")), ("substr('abc', 9223372036854775807, 9223372036854775807)", .string("")),
        ("substr('abc', -9223372036854775807, 2)", .string("ab")),
        // Integers beyond a double's exact range keep their value (this used to trap).
        ("round(9223372036854775807, 2)", .int(Int64.max)), ("round(-9223372036854775807, 0)", .int(-Int64.max)),
        ("round(1234, -2)", .int(1200)),
        ("year(date('2024-02-29'))", .int(2024)), ("month(date('2024-02-29'))", .int(2)), ("day(date('2024-02-29'))", .int(29)),
        ("ABS(-1)", .int(1)), ("Len('ab')", .int(2)),   // function names are case-insensitive
    ])
    func scalarFunctions(_ e: String, _ expected: Value) throws {
        #expect(try value(e) == expected, "\(e)")
    }

    @Test func functionsOverColumnsKeepNulls() throws {
        #expect(try values("abs(i)") == [.int(1), .int(7), .null, .int(3)])
        #expect(try values("coalesce(i, 0)") == [.int(1), .int(-7), .int(0), .int(3)])
        #expect(try values("coalesce(f, i, 99)") == [.double(1.5), .double(-7), .double(-2.25), .double(0)])
        #expect(try values("upper(s)") == [.string("MÉXICO"), .string("PERÚ"), .null, .string("")])
        #expect(try values("len(s)") == [.int(6), .int(4), .null, .int(0)])
        #expect(try values("year(d)") == [.int(2023), .null, .int(2024), .int(1999)])
        #expect(try values("floor(f)") == [.double(1), .null, .double(-3), .double(0)])
        // A string that is not a date becomes null, as a failed cast does in SQL.
        #expect(try values("date(s)") == [.null, .null, .null, .null])
        #expect(try Self.unit.evaluate("date('2023-01-31')").type == .date)
    }

    // MARK: aggregates

    @Test func aggregatesSkipNulls() throws {
        let q = try Query(Self.t).aggregate(by: [], [
            NamedExpression("n", "count()"), NamedExpression("star", "count(*)"), NamedExpression("ni", "count(i)"),
            NamedExpression("ds", "count_distinct(s)"), NamedExpression("si", "sum(i)"), NamedExpression("sf", "sum(f)"),
            NamedExpression("ai", "avg(i)"), NamedExpression("lo", "min(s)"), NamedExpression("hi", "max(s)"),
            NamedExpression("mi", "median(i)"), NamedExpression("mf", "median(f)"), NamedExpression("dmax", "max(d)"),
            NamedExpression("bmin", "min(b)"),
        ])
        let row = try q.execute().row(0)
        #expect(row == [.int(4), .int(4), .int(3), .int(3), .int(-3), .double(-0.75), .double(-1), .string(""), .string("Perú"),
                        .double(1), .double(0), .date(CivilDate(iso: "2024-02-29")!.days), .bool(false)])
    }

    @Test func aggregatesOverNoValues() throws {
        let q = try Query(Self.t).filter("i is nil and f is nil").aggregate(by: [], [
            NamedExpression("n", "count()"), NamedExpression("s", "sum(i)"), NamedExpression("a", "avg(f)"),
            NamedExpression("m", "min(s)"), NamedExpression("md", "median(i)"), NamedExpression("d", "count_distinct(s)"),
        ])
        #expect(try q.execute().rows == [[.int(0), .null, .null, .null, .null, .int(0)]])
        // All-null input to a group: sum is null (SQL's SUM, not TOTAL), count is 0.
        let g = try Query(Self.t).aggregate(by: ["b"], [NamedExpression("s", "sum(i)"), NamedExpression("n", "count(s)")]).sort("b").execute()
        #expect(g.rows == [[.bool(false), .int(-7), .int(1)], [.bool(true), .int(4), .int(2)], [.null, .null, .int(0)]])
    }

    @Test func aggregatesInsideExpressions() throws {
        let q = try Query(Self.t).aggregate(by: ["b"], [
            NamedExpression("mean", "sum(i) / count(i)"), NamedExpression("label", "coalesce(max(s), '-') .. '/' .. count()"),
        ]).sort("b")
        #expect(try q.execute().rows == [[.bool(false), .double(-7), .string("Perú/1")],
                                         [.bool(true), .double(2), .string("México/2")],
                                         [.null, .null, .string("-/1")]])
        // In a row context an aggregate is broadcast: the share of each row in the total.
        #expect(try values("i - min(i)") == [.int(8), .int(0), .null, .int(10)])
        #expect(try values("count()") == [.int(4), .int(4), .int(4), .int(4)])
    }

    // MARK: errors: caret, suggestions, both types

    static let trade = try! Table(schema: [Field("year", .integer), Field("exports", .float), Field("name", .string)], rows: [])

    @Test func unknownColumnPointsAtItAndSuggests() {
        #expect(error("yeer > 2000", Self.trade) == "unknown column \"yeer\" (did you mean year?)\n  yeer > 2000\n  ^")
        #expect(error("exports + nme", Self.trade) == "unknown column \"nme\" (did you mean name?)\n  exports + nme\n            ^")
        // The caret is placed by display width: wide characters take two columns.
        #expect(error("'中国' .. nmae", Self.trade) == "unknown column \"nmae\" (did you mean name?)\n  '中国' .. nmae\n            ^")
        // Nothing close: the message lists the columns instead.
        #expect(error("zzzzzz", Self.trade) == "unknown column \"zzzzzz\" (columns: year, exports, name)\n  zzzzzz\n  ^")
    }

    @Test func unknownFunctionSuggestsTheClosest() {
        #expect(error("sume(exports)", Self.trade) == "unknown function sume (did you mean sum?)\n  sume(exports)\n  ^")
        #expect(error("1 + lenght(name)", Self.trade) == "unknown function lenght (did you mean len?)\n  1 + lenght(name)\n      ^")
    }

    @Test func typeErrorsNameBothTypes() {
        #expect(error("name + 1", Self.trade) == "cannot apply '+' to string and integer (use .. to join strings)\n  name + 1\n       ^")
        #expect(error("year * true", Self.trade)?.hasPrefix("cannot apply '*' to integer and boolean\n") == true)
        #expect(error("year == 'x'", Self.trade) == "cannot compare integer with string using '=='\n  year == 'x'\n       ^")
        #expect(error("name < 3.5", Self.trade)?.hasPrefix("cannot compare string with float using '<'") == true)
        #expect(error("true and 1", Self.trade)?.hasPrefix("'and' needs booleans, got boolean and integer") == true)
        #expect(error("name or true", Self.trade)?.hasPrefix("'or' needs booleans, got string and boolean") == true)
        #expect(error("not year", Self.trade)?.hasPrefix("'not' needs a boolean, got integer") == true)
        #expect(error("-name", Self.trade)?.hasPrefix("cannot negate a string value") == true)
        #expect(error("len(year)", Self.trade) == "len needs a string as argument 1, got integer\n  len(year)\n      ^")
        #expect(error("substr(name, 'a')", Self.trade)?.hasPrefix("substr needs an integer (start, from 1) as argument 2, got string") == true)
        #expect(error("sum(name)", Self.trade)?.hasPrefix("sum needs a number, got string") == true)
        #expect(error("coalesce(name, 1)", Self.trade)?.hasPrefix("coalesce mixes string and integer") == true)
        #expect(error("name in (1, 2)", Self.trade)?.hasPrefix("cannot compare string with integer in the list of 'in'") == true)
    }

    @Test func syntaxErrors() {
        #expect(error("year = 2023", Self.trade) == "unexpected character '=' (use == to compare)\n  year = 2023\n       ^")
        #expect(error("(year + 1", Self.trade) == "expected ')' to close '(', found the end of the expression\n  (year + 1\n           ^")
        #expect(error("year +", Self.trade)?.hasPrefix("expression ends too early") == true)
        #expect(error("", Self.trade)?.hasPrefix("empty expression") == true)
        #expect(error("'abc", Self.trade)?.hasPrefix("unfinished string") == true)
        #expect(error("3x", Self.trade)?.hasPrefix("malformed number near '3x'") == true)
        #expect(error("year 2023", Self.trade)?.hasPrefix("unexpected '2023' after a complete expression") == true)
        #expect(error("year is 3", Self.trade)?.hasPrefix("expected 'nil' after 'is', found '3'") == true)
        #expect(error("abs(1, 2)", Self.trade)?.hasPrefix("abs takes 1 argument, got 2") == true)
        #expect(error("year in (name)", Self.trade)?.hasPrefix("the list of 'in' takes constant values") == true)
        #expect(error("sum(max(year))", Self.trade)?.hasPrefix("max inside another aggregate: aggregates cannot be nested") == true)
    }

    @Test func filterNeedsACondition() {
        #expect(throws: EngineError("filter needs a condition (true or false), but this expression gives integer\n  year + 1")) {
            try Query(Self.trade).filter("year + 1").execute()
        }
    }
}
