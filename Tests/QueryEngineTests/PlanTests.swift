import Testing
@testable import QueryEngine

/// Verbs over a small trade-like table; expected values worked out by hand.
@Suite struct PlanTests {
    static let trade = try! CSVReader.read(string: """
        iso3,name,year,exports,imports
        MEX,México,2022,324.4,454.9
        MEX,México,2023,322.7,475.2
        BRA,Brasil,2022,53.4,37.9
        BRA,Brasil,2023,44.3,42.3
        PER,Perú,2022,12.1,
        PER,Perú,2023,13.0,9.8
        """, name: "trade.csv")

    func rows(_ q: Query) throws -> [[Value]] { try q.execute().rows }

    @Test func filterKeepsOnlyTrueRows() throws {
        let q = try Query(Self.trade).filter("imports > 40")
        #expect(try q.execute().column("iso3")!.values == [.string("MEX"), .string("MEX"), .string("BRA")])
        // null > 40 is null: the Peruvian 2022 row is dropped, not kept.
        #expect(try Query(Self.trade).filter("not (imports > 40)").execute().rowCount == 2)
        #expect(try Query(Self.trade).filter("imports is nil").execute().column("year")!.values == [.int(2022)])
    }

    @Test func deriveSortLimitSelect() throws {
        let q = try Query(Self.trade).filter("year == 2023")
            .derive([NamedExpression("total", "exports + imports")])
            .sort("total desc").limit(2).select([NamedExpression("country", "name"), NamedExpression("total", "total")])
        #expect(try rows(q) == [[.string("México"), .double(797.9)], [.string("Brasil"), .double(86.6)]])
        #expect(q.explain() == """
            select name as country, total
              limit 2
                sort total desc
                  derive total = exports + imports
                    filter year == 2023
                      source table (6 rows, 5 columns)
            """)
    }

    @Test func sortPutsNullsLastInBothDirections() throws {
        for dir in ["asc", "desc"] {
            let names = try Query(Self.trade).sort("imports \(dir)").execute().column("imports")!.values
            #expect(names.last == .null)
        }
    }

    @Test func groupAggregates() throws {
        let q = try Query(Self.trade).aggregate(by: ["iso3"], [
            NamedExpression("n", "count()"), NamedExpression("imports_n", "count(imports)"),
            NamedExpression("total", "round(sum(exports), 1)"), NamedExpression("mx", "max(name)"),
        ]).sort("iso3")
        #expect(try rows(q) == [
            [.string("BRA"), .int(2), .int(2), .double(97.7), .string("Brasil")],
            [.string("MEX"), .int(2), .int(2), .double(647.1), .string("México")],
            [.string("PER"), .int(2), .int(1), .double(25.1), .string("Perú")],
        ])
        // No keys: one row, even over no rows.
        let empty = try Query(Self.trade).filter("year == 1990").aggregate(by: [], [NamedExpression("n", "count()"), NamedExpression("s", "sum(exports)")])
        #expect(try rows(empty) == [[.int(0), .null]])
    }

    /// Group keys take two paths in Grouper (a flat table for narrow integer ranges and small
    /// dictionaries, a hash map otherwise); both must give the same groups, null as its own key,
    /// in order of first appearance. The second table's range is too wide for the flat one.
    @Test func groupKeysNarrowAndWideAgree() throws {
        for (values, label) in [(["3", "1", "", "3", "-2", "", "1"], "narrow"),
                                (["3000000000000", "1", "", "3000000000000", "-2000000000000", "", "1"], "wide")] {
            let text = "k,s,x\n" + values.enumerated().map { i, v in "\(v),\(i % 2 == 0 ? "a" : "b"),\(i)" }.joined(separator: "\n")
            let t = try CSVReader.read(string: text, name: "\(label).csv", options: CSVOptions(nullMarkers: [""]))
            let g = try Query(t).aggregate(by: ["k"], [NamedExpression("n", "count()"), NamedExpression("sum", "sum(x)")]).execute()
            #expect(g.column("n")!.values == [.int(2), .int(2), .int(2), .int(1)], "\(label)")
            #expect(g.column("sum")!.values == [.int(3), .int(7), .int(7), .int(4)], "\(label)")
            #expect(g.column("k")![1] == .int(1) && g.column("k")![2] == .null, "\(label)")
            let two = try Query(t).aggregate(by: ["k", "s"], [NamedExpression("n", "count()")]).execute()
            #expect(two.rowCount == 7, "\(label): every (k, s) pair here is distinct")
        }
    }

    @Test func groupRejectsBareColumns() throws {
        #expect(throws: EngineError.self) { try Query(Self.trade).aggregate(by: ["iso3"], [NamedExpression("x", "exports")]).execute() }
    }

    @Test func joinsKeepLeftRowsAndRenameClashes() throws {
        let info = try CSVReader.read(string: "iso3,name,fta\nMEX,Mexico,true\nPER,Peru,true\n", name: "info.csv")
        let inner = try Query(Self.trade).filter("year == 2023").join(Query(info), on: [("iso3", "iso3")])
        let t = try inner.execute()
        #expect(t.columnNames == ["iso3", "name", "year", "exports", "imports", "name_right", "fta"])
        #expect(t.rowCount == 2)
        let left = try Query(Self.trade).filter("year == 2023").join(Query(info), on: [("iso3", "iso3")], kind: .left).execute()
        #expect(left.rowCount == 3)
        #expect(left.column("fta")!.values == [.bool(true), .null, .bool(true)])
    }

    @Test func topPerGroupAndWindows() throws {
        let top = try Query(Self.trade).top(1, by: SortKey.parse("exports desc"), per: ["year"]).execute()
        #expect(top.rows.map { $0[0] } == [.string("MEX"), .string("MEX")])
        let yoy = try Query(Self.trade)
            .window(.pct_change, of: "exports", as: "growth", order: [SortKey("year")], per: ["iso3"])
            .window(.lag, of: "exports", as: "prev", order: [SortKey("year")], per: ["iso3"])
            .window(.rank, of: nil, as: "rank", order: [SortKey("exports", descending: true)], per: ["year"])
            .filter("iso3 == 'BRA'").execute()
        let growth = yoy.column("growth")!.values
        #expect(growth[0] == .null)
        if case .double(let g) = growth[1] { #expect(Swift.abs(g - (44.3 - 53.4) / 53.4 * 100) < 1e-9) } else { Issue.record("growth \(growth)") }
        #expect(yoy.column("prev")!.values == [.null, .double(53.4)])
        #expect(yoy.column("rank")!.values == [.int(2), .int(2)])
    }

    @Test func shareOfTotalThroughPartitionedDerive() throws {
        let t = try Query(Self.trade).derive([NamedExpression("share", "100 * exports / sum(exports)")], by: ["year"])
            .filter("year == 2022").execute()
        let shares = t.column("share")!.values.compactMap(\.doubleValue)
        #expect(Swift.abs(shares.reduce(0, +) - 100) < 1e-9)
    }

    @Test func distinctAndSchemaWithoutRunning() throws {
        #expect(try Query(Self.trade).distinct(["iso3"]).execute().rowCount == 3)
        let schema = try Query(Self.trade).aggregate(by: ["year"], [NamedExpression("avg", "avg(exports)")]).fields
        #expect(schema == [Field("year", .integer), Field("avg", .float)])
    }

    @Test func metricsResolveByName() throws {
        let q = try Query(Self.trade, resolver: { $0 == "balance" ? ParsedExpression("exports - imports") : nil }).filter("balance > 0")
        #expect(try q.execute().column("iso3")!.values == [.string("BRA"), .string("BRA"), .string("PER")])
    }

    @Test func errorsNameTheProblemAndPointAtIt() throws {
        do {
            _ = try Query(Self.trade).filter("yeer == 2023").execute()
            Issue.record("no error")
        } catch {
            #expect(error.message == "unknown column \"yeer\" (did you mean year?)\n  yeer == 2023\n  ^")
        }
        do {
            _ = try Query(Self.trade).filter("name + 1 > 2").execute()
            Issue.record("no error")
        } catch {
            #expect(error.message.contains("string"), "\(error.message)")
        }
    }
}
