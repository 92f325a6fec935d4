import Testing
@testable import QueryEngine

/// Binding at the verb: each verb checks its expressions against its input's fields when it
/// is called (never at execute), nodes know their output fields, parameters are typed values,
/// and the optimiser's rewrites change no result.
@Suite struct BindTests {
    static let trade = PlanTests.trade
    static let q = Query(trade, name: "trade")

    /// The error `build` throws (it must throw: the verb itself, with nothing executed).
    func error(_ build: () throws(EngineError) -> Query) -> String {
        do throws(EngineError) { _ = try build(); return "no error" } catch { return error.message }
    }

    @Test func everyVerbReportsABadColumnATypeErrorAndASyntaxErrorAtTheCall() {
        let q = Self.q
        let bad: [(String, (String) throws(EngineError) -> Query)] = [
            ("filter", { e throws(EngineError) in try q.filter(e) }),
            ("select", { e throws(EngineError) in try q.select([NamedExpression("x", e)]) }),
            ("derive", { e throws(EngineError) in try q.derive([NamedExpression("x", e)]) }),
            ("sort", { e throws(EngineError) in try q.sort([SortKey(e)]) }),
            ("top", { e throws(EngineError) in try q.top(2, by: [SortKey(e)]) }),
            ("agg", { e throws(EngineError) in try q.aggregate(by: ["iso3"], [NamedExpression("x", "sum(\(e))")]) }),
            ("window", { e throws(EngineError) in try q.window(.lag, of: e, as: "x", order: [SortKey("year")]) }),
            ("window order", { e throws(EngineError) in try q.window(.rank, of: nil, as: "x", order: [SortKey(e)]) }),
        ]
        // The message, then the expression with a caret under the place (agg's text is
        // `sum(…)`, so the caret moves by four).
        for (verb, f) in bad {
            let shift = verb == "agg" ? 4 : 0
            let text = shift > 0 ? "sum(exports + yeer)" : "exports + yeer"
            #expect(error { () throws(EngineError) in try f("exports + yeer") }
                    == "unknown column \"yeer\" (did you mean year?)\n  \(text)\n  \(String(repeating: " ", count: 10 + shift))^", "\(verb)")
            #expect(error { () throws(EngineError) in try f("exports + name") }
                    .hasPrefix("cannot apply '+' to float and string (use .. to join strings)\n"), "\(verb)")
            #expect(error { () throws(EngineError) in try f("exports + name") }.hasSuffix("\n  \(String(repeating: " ", count: 8 + shift))^"), "\(verb)")
            #expect(error { () throws(EngineError) in try f("exports + ") }.contains("expected a value, a column or '('"), "\(verb)")
            #expect(error { () throws(EngineError) in try f("exports + ") }.hasSuffix("^"), "\(verb)")
        }
        #expect(error { () throws(EngineError) in try q.filter("exports") }.hasPrefix("filter needs a condition"))
        #expect(error { () throws(EngineError) in try q.aggregate(by: ["yeer"], []) } == "group: unknown column \"yeer\" (closest: year)")
        #expect(error { () throws(EngineError) in try q.derive([NamedExpression("s", "sum(exports)")], by: ["isoo3"]) }
                == "derive: unknown column \"isoo3\" (closest: iso3)")
        #expect(error { () throws(EngineError) in try q.join(q, on: [("iso4", "iso3")]) }.hasPrefix("join: no column \"iso4\" in the left table"))
        #expect(error { () throws(EngineError) in try q.limit(-1) }.hasPrefix("limit: count and offset must be 0 or more"))
        #expect(error { () throws(EngineError) in try q.window(.ntile, of: nil, as: "n", order: [SortKey("year")], offset: 0) }
                .hasPrefix("ntile: the number of buckets must be 1 or more"))
        // A later verb binds against the earlier verb's output fields.
        #expect(error { () throws(EngineError) in try q.select("iso3", "year").filter("exports > 1") }
                .hasPrefix("unknown column \"exports\""))
    }

    @Test func fieldsAreKnownWithoutRunningAndMatchTheResult() throws {
        let q = Self.q
        let other = try CSVReader.read(string: "iso3,name,fta\nMEX,Mexico,true\n", name: "info.csv")
        let queries: [Query] = [
            try q.filter("year == 2023"),
            try q.select([NamedExpression("iso3", "iso3"), NamedExpression("t", "exports + imports"), NamedExpression("z", "nil"),
                          NamedExpression("r", "round(exports)"), NamedExpression("c", "coalesce(imports, 0)")]),
            try q.derive([NamedExpression("share", "100 * exports / sum(exports)"), NamedExpression("year", "year * 1.0")], by: ["iso3"]),
            try q.aggregate(by: ["iso3"], [NamedExpression("n", "count()"), NamedExpression("m", "median(exports)"),
                                          NamedExpression("d", "count_distinct(name)"), NamedExpression("lo", "min(name)")]),
            try q.join(Query(other), on: [("iso3", "iso3")], kind: .left),
            try q.distinct(["iso3", "name"]),
            try q.top(1, by: [SortKey("exports", descending: true)], per: ["year"]),
        ] + (try WindowFunction.allCases.map { f throws(EngineError) -> Query in
            try q.window(f, of: Windows.needsArgument.contains(f) ? "exports" : nil, as: f.rawValue,
                         order: [SortKey("year")], per: ["iso3"], offset: f == .ntile ? 2 : 1)
        }) + [try q.window(.lag, of: "year", as: "prev", order: [SortKey("year")]),
             try q.window(.change, of: "year", as: "dy", order: [SortKey("year")])]
        for query in queries {
            #expect(query.fields == (try query.execute()).fields, "\(query.explain())")
        }
    }

    @Test func parametersOfEveryTypeIncludingNilAndQuotes() throws {
        let t = try Table(schema: [Field("s", .string), Field("i", .integer), Field("f", .float), Field("b", .boolean), Field("d", .date)],
                          rows: [[.string("it's \"quoted\""), .int(1), .double(0.5), .bool(true), .date(CivilDate(iso: "2023-05-01")!.days)],
                                 [.string("plain"), .int(2), .null, .bool(false), .null]])
        let q = Query(t)
        func count(_ e: String, _ p: [String: Value]) throws -> Int { try q.filter(e, parameters: p).execute().rowCount }
        #expect(try count("s == :s", ["s": .string("it's \"quoted\"")]) == 1)
        #expect(try count("s == :s", ["s": .string("' or 1 == 1 or s == '")]) == 0, "a value is never read as text of the expression")
        #expect(try count("i >= :n", ["n": .int(2)]) == 1)
        #expect(try count("f < :x", ["x": .double(0.75)]) == 1)
        #expect(try count("b == :flag", ["flag": .bool(false)]) == 1)
        #expect(try count("d >= :day", ["day": .string("2023-01-01")]) == 1, "a string compared with a date is a date")
        #expect(try count("i in (:a, :b)", ["a": .int(2), "b": .int(5)]) == 1)
        #expect(try count("f is nil or f == :none", ["none": .null]) == 1, "nil is null: never equal")
        #expect(try count("coalesce(f, :dflt) == 0", ["dflt": .int(0)]) == 1)
        #expect(try count("i == :absent", [:]) == 0, "a name absent from the values is nil")
        // Typed from the value: a string is never compared with a number.
        #expect(error { () throws(EngineError) in try q.filter("i == :n", parameters: ["n": .string("1")]) }
                == "cannot compare integer with string using '=='\n  i == :n\n    ^")
        #expect(error { () throws(EngineError) in try q.filter("i == :n") }.hasPrefix("parameter :n has no value"))
        #expect(error { () throws(EngineError) in try q.filter("i == :n", parameters: ["n": .int(1), "m": .int(2)]) }
                == "filter: parameter 'm' is given but no expression has :m")
        #expect(error { () throws(EngineError) in try q.filter("i == :1") }.hasPrefix("a parameter needs a name after ':'"))
        let d = try q.derive([NamedExpression("a", "i * :k"), NamedExpression("b", "a + :j")],
                             parameters: ["k": .int(10), "j": .double(0.5)]).execute()
        #expect(d.column("b")!.values == [.double(10.5), .double(20.5)])
        #expect(error { () throws(EngineError) in try q.derive([NamedExpression("a", "i")], parameters: ["k": .int(1)]) }
                == "derive: parameter 'k' is given but no expression has :k")
        // A metric's definition has no parameters of its own.
        let m = Query(t, resolver: { $0 == "twice" ? ParsedExpression("i * :k") : nil })
        #expect(error { () throws(EngineError) in try m.filter("twice > 1", parameters: ["k": .int(2)]) }.contains("parameter :k has no value"))
    }

    @Test func metricsAreBoundWhenTheVerbIsCalled() throws {
        let defs = ["balance": "exports - imports", "loop": "loop + 1", "broken": "exports +"]
        let q = Query(Self.trade, resolver: { defs[$0].map(ParsedExpression.init) })
        #expect(try q.filter("balance > 0").execute().rowCount == 3)
        #expect(error { () throws(EngineError) in try q.filter("loop > 0") }.contains("metric \"loop\" refers to itself: loop → loop"))
        #expect(error { () throws(EngineError) in try q.filter("broken > 0") }.hasPrefix("metric \"broken\" has a bad definition"))
        // The query keeps what it bound: the resolver is not asked again at execute.
        nonisolated(unsafe) var asked = 0
        let counting = Query(Self.trade, resolver: { name in asked += 1; return name == "balance" ? ParsedExpression("exports - imports") : nil })
        let bound = try counting.filter("balance > 0")
        let before = asked
        _ = try bound.execute()
        #expect(asked == before)
    }

    @Test func optimiserRewritesKeepEveryResult() throws {
        let q = Self.q
        let queries: [Query] = [
            try q.filter("year == 2023 and exports > 20").aggregate(by: ["iso3"], [NamedExpression("s", "sum(imports)")]),
            try q.filter("2023 <= year").aggregate(by: [], [NamedExpression("n", "count()")]),
            try q.filter("name == 'Perú' or 40 > imports").select("iso3", "year"),
            try q.filter("imports == nil").aggregate(by: ["year"], [NamedExpression("n", "count()")]),
            try q.filter("iso3 ~= 'MEX'").aggregate(by: ["year", "iso3"], [NamedExpression("m", "max(exports) > 100")]),
        ]
        for query in queries {
            let plain = try Executor().run(query.plan)
            let optimised = try query.execute()
            #expect(plain.rows == optimised.rows, "\(query.explain())")
            #expect(plain.fields == optimised.fields)
        }
        let pruned = Optimizer.optimize(queries[0].plan).explain()
        #expect(pruned == """
            aggregate s = sum(imports) by iso3
              project iso3, imports
                filter year == 2023 and exports > 20
                  project iso3, year, exports, imports
                    source trade (6 rows, 5 columns)
            """)
        // aggregate ← project (of no column: count() reads none) ← filter
        guard case .filter(_, let p) = Optimizer.optimize(queries[1].plan).children[0].children[0].operation,
              case .compareLiteral(.ge, .column(0, _), .int(2023)) = p.expr else {
            Issue.record("2023 <= year is not compared against the literal"); return
        }
    }

    /// pruneJoinColumns: an aggregate over a join reads the same rows and names with each side
    /// narrowed first; a column renamed by the suffix (name → name_right) keeps the plan whole.
    @Test func joinPruningKeepsEveryResult() throws {
        let left = try Table(schema: [Field("iso3", .string), Field("year", .integer), Field("exports", .float), Field("imports", .float), Field("name", .string)],
                             rows: [[.string("MEX"), .int(2022), .double(1.5), .double(2), .string("a")],
                                    [.string("PER"), .int(2023), .double(3), .null, .string("b")],
                                    [.string("XXX"), .int(2023), .double(7), .double(1), .string("c")],
                                    [.null, .int(2022), .double(4), .double(4), .string("d")],
                                    [.string("MEX"), .int(2023), .double(0.5), .double(8), .string("e")]])
        let right = try Table(schema: [Field("code", .string), Field("name", .string), Field("region", .string), Field("pop", .integer)],
                              rows: [[.string("MEX"), .string("Mexico"), .string("North"), .int(128)],
                                     [.string("PER"), .string("Peru"), .string("South"), .int(34)]])
        let l = Query(left, name: "flows"), r = Query(right, name: "countries")
        let queries: [Query] = [
            try l.join(r, on: [("iso3", "code")]).aggregate(by: ["region", "year"], [NamedExpression("s", "sum(exports)"), NamedExpression("n", "count()")]),
            try l.join(r, on: [("iso3", "code")], kind: .left).aggregate(by: ["region"], [NamedExpression("m", "max(imports) + min(pop)")]),
            try l.join(r, on: [("iso3", "code")]).aggregate(by: ["name_right"], [NamedExpression("s", "sum(exports)")]),
            try l.join(r, on: [("iso3", "code")]).aggregate(by: [], [NamedExpression("n", "count()")]),
        ]
        for query in queries {
            let plain = try Executor().run(query.plan)
            let optimised = try query.execute()
            #expect(plain.rows == optimised.rows, "\(query.explain())")
            #expect(plain.fields == optimised.fields)
        }
        #expect(Optimizer.optimize(queries[0].plan).explain() == """
            aggregate s = sum(exports), n = count() by region, year
              inner join on iso3 = code
                project iso3, year, exports
                  source flows (5 rows, 5 columns)
                project code, region
                  source countries (2 rows, 4 columns)
            """)
        #expect(!Optimizer.optimize(queries[2].plan).explain().contains("project"))
    }

    @Test func percentRankNtileAndZscore() throws {
        let t = try Table(schema: [Field("g", .string), Field("x", .float)],
                          rows: [[.string("a"), .double(10)], [.string("a"), .double(20)], [.string("a"), .double(20)],
                                 [.string("a"), .double(40)], [.string("a"), .null], [.string("b"), .double(5)]])
        let q = Query(t)
        let pr = try q.window(.percent_rank, of: nil, as: "p", order: [SortKey("x")], per: ["g"]).execute()
        #expect(pr.column("p")!.values == [.double(0), .double(1.0 / 3), .double(1.0 / 3), .double(1), .null, .double(0)])
        let nt = try q.window(.ntile, of: nil, as: "n", order: [SortKey("x", descending: true)], offset: 4).execute()
        // Six rows in four buckets: 2, 2, 1, 1; nulls last.
        #expect(nt.column("n")!.values == [.int(2), .int(1), .int(2), .int(1), .int(4), .int(3)])
        let z = try q.window(.zscore, of: "x", as: "z", per: ["g"]).execute()
        let a = [10.0, 20, 20, 40], mean = 22.5
        let sd = (a.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 3).squareRoot()
        let want: [Value] = a.map { .double(($0 - mean) / sd) } + [.null, .null]
        #expect(z.column("z")!.values == want)
        #expect(error { () throws(EngineError) in try q.window(.zscore, of: "g", as: "z") } == "zscore(g): needs a number, got string")
    }

    @Test func identifiersUseTheEngineLexer() {
        #expect(ExpressionNames.identifiers(in: "a + b * 'c d' + \"e\" + `f g` + sum(h) + :p + a")
                == ["a", "b", "f g", "sum", "h"])
        #expect(ExpressionNames.identifiers(in: "round(x, 2) + y", includeFunctions: false) == ["x", "y"])
        // Text that does not lex (typing in progress) still gives its names.
        #expect(ExpressionNames.identifiers(in: "x = 1 and y == 'unfinished") == ["x", "y"])
    }
}
