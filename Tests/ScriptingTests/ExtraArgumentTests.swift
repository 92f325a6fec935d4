import Testing
@testable import LuaBridge
@testable import Scripting

/// An argument past the last one a query method takes is an error, not ignored: an options
/// table in the wrong place (`q:agg({…}, { by = "year" })`, `q:filter(function, { … })`) would
/// otherwise do nothing, silently. Lua's own wording, at the extra argument's place; a trailing
/// nil is an absent value, as for any optional argument. Every method of hemi.Query and
/// hemi.Grouped is called here with all it takes, then with one more.
@Suite struct ExtraArgumentTests {
    static let setup = """
        local q = hemi.from_rows{ { iso3 = "MEX", year = 2023, x = 2 }, { iso3 = "PER", year = 2022, x = 3 } }
        local r = hemi.from_rows{ { iso3 = "MEX", n = 1 } }

        """

    static func message(_ code: String) throws -> String? {
        let lua = try LuaState()
        HemiRuntime.install(into: lua)
        do { try lua.run(Self.setup + code, chunkName: "=test"); return nil }
        catch { return String(error.message.prefix { $0 != "\n" }) }
    }

    /// (call with everything it takes, the extra argument's number). The call plus `, 7` (or
    /// `7` alone when it takes nothing) must fail at that number; the call as given must not.
    static let calls: [(String, Int)] = [
        ("filter('year > :y', { y = 2000 }", 3), ("filter(function(row) return true end", 2),
        ("select({ 'iso3', y = 'year' }", 2), ("derive({ y = 'x + 1' }, { by = 'iso3' }", 3),
        ("derive({ y = function(row) return 1 end }, { by = 'iso3' }", 3),
        ("sort(function(a, b) return a.x < b.x end", 2), ("sort({ 'x desc', 'iso3' }", 2),
        ("limit(1, 1", 3), ("distinct({ 'iso3' }", 2), ("agg({ n = 'count()' }", 2),
        ("group('iso3'):agg({ n = 'count()' }", 2), ("group({ 'iso3' }", 2),
        ("join(r, 'iso3', { suffix = '_r' }", 4), ("left_join(r, { 'iso3' }, { suffix = '_r' }", 4),
        ("top(1, 'x desc', { by = 'iso3' }", 4),
        ("lag('x', { order = 'year' }", 3), ("lead('x', { order = 'year' }", 3), ("change('x', { order = 'year' }", 3),
        ("pct_change('x', { order = 'year' }", 3), ("cumsum('x', { order = 'year' }", 3), ("zscore('x', { by = 'iso3' }", 3),
        ("rank('x desc', { by = 'iso3' }", 3), ("dense_rank('x desc', { by = 'iso3' }", 3),
        ("row_number({ order = 'x desc' }", 2), ("percent_rank('x desc', { as = 'p' }", 3), ("ntile('x desc', { n = 2 }", 3),
        ("show(5", 2), ("explain(", 1), ("schema(", 1), ("columns(", 1), ("count(", 1), ("collect(", 1), ("first(", 1),
        ("column('x'", 2), ("value('x'", 2), ("to_csv(nil", 2), ("to_tsv(nil", 2), ("to_json(nil", 2), ("to_jsonl(nil", 2),
        ("to_markdown(nil", 2), ("bar('x', { print = false }", 3), ("sparklines('x', { by = 'iso3', print = false }", 3),
        ("line('x', { print = false }", 3), ("rows(", 1),
    ]

    @Test("one argument too many is an error at its place", arguments: calls)
    func oneTooMany(call: String, extra: Int) throws {
        // The method called last: `group('iso3'):agg(…` is agg's call.
        let last = call.ranges(of: "):").last.map { call[$0.upperBound...] } ?? call[...]
        let name = String(last.prefix { $0 != "(" })
        let target = name == "value" || name == "first" ? "q:filter('year == 2023'):" : "q:"
        let (withNil, more) = call.hasSuffix("(") ? ("\(call)nil)", "\(call)7)") : ("\(call), nil)", "\(call), 7)")
        let ok = try Self.message("local _ = \(target)\(call))\nlocal _ = \(target)\(withNil)")
        #expect(ok == nil, "\(call)): \(ok ?? "")")
        let m = try Self.message("local _ = \(target)\(more)")
        #expect(m == "test:3: bad argument #\(extra) to '\(name)' (no value expected, got number)", "\(more)")
    }

    @Test("the hemi functions: one argument too many is an error at its place", arguments: [
        ("hemi.tables(7)", 1, "tables"), ("hemi.table('countries', 7)", 2, "table"), ("hemi.schema('countries', 7)", 2, "schema"),
        ("hemi.describe('countries', false, 7)", 3, "describe"), ("hemi.source('countries', 7)", 2, "source"),
        ("hemi.read_csv('missing.csv', nil, 7)", 3, "read_csv"), ("hemi.read_json('missing.json', { types = {} })", 2, "read_json"),
        ("hemi.from_rows({ { a = 1 } }, nil, 7)", 3, "from_rows"), ("hemi.country('Mexico', 7)", 2, "country"),
        ("hemi.metrics(7)", 1, "metrics"), ("hemi.threads(7)", 1, "threads"), ("hemi.set_threads(2, 7)", 2, "set_threads"),
    ] as [(String, Int, String)])
    func hemiFunctions(code: String, extra: Int, name: String) throws {
        let got = code.contains("types") ? "table" : "number"
        #expect(try Self.message("local _ = " + code) == "test:3: bad argument #\(extra) to '\(name)' (no value expected, got \(got))")
    }

    @Test("names read to the end: anything but a name after them is an error", arguments: [
        ("q:sort('x', {})", "bad argument #2 to 'sort' (string expected, got table)"),
        ("q:sort('x desc', 'iso3', true)", "bad argument #3 to 'sort' (string expected, got boolean)"),
        ("q:select('iso3', { 'x' })", "bad argument #2 to 'select' (string expected, got table)"),
        ("q:select('iso3', nil, 'x')", "bad argument #2 to 'select' (string expected, got nil)"),
        ("q:distinct('iso3', 2)", "bad argument #2 to 'distinct' (string expected, got number)"),
        ("q:group('iso3', { 'year' })", "bad argument #2 to 'group' (string expected, got table)"),
        ("q:sort(nil, 'x')", "bad argument #1 to 'sort' (sort key expected, got nil)"),
    ])
    func namesThenSomethingElse(code: String, expected: String) throws {
        #expect(try Self.message(code) == "test:3: " + expected)
    }

    @Test func whatTheMethodsTakeStillWorks() throws {
        let lua = try LuaState()
        HemiRuntime.install(into: lua)
        let out = try lua.run(Self.setup + """
            return q:limit(1, 1):first().iso3, q:sort('x desc', 'iso3', nil):first().iso3,
                   #q:select('iso3', 'x'):columns(), q:distinct('iso3', nil):count(), #q, q:rows(nil)().iso3
            """, chunkName: "=test")
        #expect(out == [.string("PER"), .string("PER"), .integer(2), .integer(2), .integer(2), .string("MEX")])
    }
}
