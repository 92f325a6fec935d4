import Testing
@testable import LuaBridge
@testable import QueryEngine
@testable import Scripting

/// hemi.from_rows reads a regular list in place (raw accessors, one typed accumulator per
/// column, TableFromLua.buildInPlace): it must give the table the general path over a copy of
/// the list gives (TableFromLua.build), and leave every irregular list to that path, whose
/// errors are the ones users see.
@Suite(.serialized) struct FromRowsTests {
    func state() throws -> LuaState {
        let lua = try LuaState()
        HemiRuntime.install(into: lua)
        // Both paths side by side, each describing its table exactly (or "irregular").
        lua.register("_in_place", in: "test") { call in
            let a = MethodArguments(call: call, method: "from_rows", selfSlots: 0)
            let columns = FromRowsTests.names(call.argument(2))
            do {
                let t = try TableFromLua.buildInPlace(state: call.state, index: 1, columns: { () throws(LuaArgumentError) in columns },
                                                      types: FromRowsTests.types(call.argument(3)), argument: a)
                call.push(.string(t.map(FromRowsTests.describe) ?? "irregular"))
            } catch { call.push(.string("error: \(error)")) }
            return .results(1)
        }
        lua.register("_copied", in: "test") { call in
            let a = MethodArguments(call: call, method: "from_rows", selfSlots: 0)
            guard case .table(let e) = call.argument(1) else { return .error("rows") }
            do {
                let t = try TableFromLua.build(rows: LuaTableView(e).array(), columns: FromRowsTests.names(call.argument(2)),
                                               types: FromRowsTests.types(call.argument(3)), argument: a)
                call.push(.string(FromRowsTests.describe(t)))
            } catch { call.push(.string("error: \(error)")) }
            return .results(1)
        }
        return lua
    }

    static func names(_ v: LuaValue) -> [String] {
        guard case .table(let e) = v else { return [] }
        return LuaTableView(e).array().compactMap(\.stringValue)
    }

    static func types(_ v: LuaValue) -> [String: DataType] {
        guard case .table(let e) = v else { return [:] }
        var out: [String: DataType] = [:]
        for (k, t) in LuaTableView(e).fields() { out[k] = t.stringValue.flatMap { DataType(name: $0) } }
        return out
    }

    /// Names, types, null masks, values (doubles by their bits), codes and dictionaries.
    static func describe(_ t: Table) -> String {
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
    }

    /// Random lists (seeded): integers, floats, both, -0.0, strings with repeats, long and
    /// accented keys, booleans, nils, keys that vary by row, given columns and types.
    @Test func inPlaceEqualsTheGeneralPath() throws {
        let lua = try state()
        let out = try lua.run("""
            math.randomseed(15)
            local long = string.rep("k", 50)
            local pools = {
              function() return math.random(-5, 5) end,
              function() return math.random(-5, 5) / 4 end,
              function() return math.random() < 0.5 and math.random(1, 3) or 2.5 end,
              function() return ({ "MEX", "Perú", "", "a b", "NA" })[math.random(1, 5)] end,
              function() return math.random() < 0.5 end,
              function() return -0.0 end,
              function() return ({ "2023-01-02", "x" })[math.random(1, 2)] end,
            }
            local keys = { "a", "b", "é", long, "z" }
            local differences, regular, cases = {}, 0, 0
            for case = 1, 300 do
              local n = math.random(0, 40)
              local kinds = {}
              for i, k in ipairs(keys) do kinds[k] = pools[math.random(1, #pools)] end
              local rows = {}
              for r = 1, n do
                local row = {}
                for _, k in ipairs(keys) do
                  if math.random() < 0.7 then row[k] = kinds[k]() end
                end
                rows[r] = row
              end
              local columns, types
              if math.random() < 0.2 then columns = { "z", "a", "missing" } end
              if math.random() < 0.2 then types = { a = ({ "float", "integer", "string", "date", "boolean" })[math.random(1, 5)] } end
              local fast, copied = test._in_place(rows, columns, types), test._copied(rows, columns, types)
              cases = cases + 1
              if fast ~= "irregular" then
                regular = regular + 1
                if fast ~= copied then differences[#differences + 1] = fast .. "\\n---\\n" .. copied end
              elseif copied:sub(1, 6) ~= "error:" then
                differences[#differences + 1] = "in place gave up, copy built:\\n" .. copied
              end
            end
            return #differences, regular, differences[1]
            """, chunkName: "=t")
        #expect(out.first == .integer(0), "\(out)")
        // Most random lists are regular (a column of one kind); the rest mix kinds.
        if case .integer(let regular)? = out.dropFirst().first { #expect(regular > 50) }
    }

    /// Lists of several blocks (readRows hands over 1,024 rows at a time with six columns):
    /// kinds that settle or widen in a later block, nulls that start or stop mid-list, a key
    /// first met thousands of rows in, long keys that are a new string object in every row,
    /// extra keys passed over when the columns are given, keys in another order from row to
    /// row. The in-place path gives the general path's table.
    @Test func inPlaceEqualsTheGeneralPathAcrossBlocks() throws {
        let lua = try state()
        let out = try lua.run("""
            math.randomseed(1515)
            local differences, regular = {}, 0
            for case = 1, 12 do
              local n = math.random(1000, 5000)
              local late, switch = math.random(1, n), math.random(1, n)
              local rows = {}
              for r = 1, n do
                local row = {}
                -- Keys set in an order that changes from row to row.
                if r % 3 == 0 then row.s = ({ "MEX", "Perú", "", "a\\xffb" })[r % 4 + 1] end
                row.i = (r < switch) and r or r + 0.5
                if r >= late then row.late = r % 5 end
                row[string.rep("k", 45)] = r % 2 == 0
                row.extra = r
                if r % 2 == 0 then row.f = r / 8 else row.f = nil end
                rows[r] = row
              end
              local columns = (case % 3 == 0) and { "late", "i", "s", "missing" } or nil
              local types = (case % 4 == 0) and { i = "float", s = "string" } or nil
              local fast, copied = test._in_place(rows, columns, types), test._copied(rows, columns, types)
              if fast ~= "irregular" then regular = regular + 1 end
              if fast ~= copied then differences[#differences + 1] = case .. ":\\n" .. fast:sub(1, 300) .. "\\n---\\n" .. copied:sub(1, 300) end
            end
            return #differences, regular, differences[1]
            """, chunkName: "=t")
        #expect(out.first == .integer(0), "\(out)")
        #expect(out.dropFirst().first == .integer(12), "\(out)")
    }

    /// Raw access only: metatables on the list and on the rows (__index, __pairs, __len) are
    /// not consulted by either path.
    @Test func metatablesAreNotConsulted() throws {
        let lua = try state()
        let out = try lua.run("""
            local trap = { __index = function() error("__index consulted") end,
                           __pairs = function() error("__pairs consulted") end,
                           __len = function() error("__len consulted") end }
            local rows = setmetatable({}, trap)
            for r = 1, 3000 do rawset(rows, r, setmetatable({ a = r, b = "x" .. r % 7 }, trap)) end
            local fast, copied = test._in_place(rows), test._copied(rows)
            local named = test._in_place(rows, { "b", "a", "c" })
            return fast == copied, fast ~= "irregular", named ~= "irregular", hemi.from_rows(rows):count()
            """, chunkName: "=t")
        #expect(out == [.boolean(true), .boolean(true), .boolean(true), .integer(3000)])
    }

    /// Keys read by their bytes, columns named by text: a key whose name equals a column's
    /// as text but not as bytes (é composed and decomposed) is left to the general path, as
    /// are two such keys collected.
    @Test func textEqualKeysTakeTheGeneralPath() throws {
        let lua = try state()
        let out = try lua.run("""
            local composed, decomposed = "\u{E9}", "e\u{301}"
            local rows = { { [composed] = 1 }, { [decomposed] = 2 } }
            return test._in_place(rows), test._in_place(rows, { composed }),
                   test._in_place({ { [composed] = 1, x = 2 } }, { composed, "x" }) ~= "irregular"
            """, chunkName: "=t")
        #expect(out == [.string("irregular"), .string("irregular"), .boolean(true)])
    }

    /// LuaBridge hands its cells to ColumnAccumulator as they are: the kinds must agree.
    @Test func cellKindsAgree() {
        #expect(LuaCellKind.allCases.map(\.rawValue) == ColumnAccumulator.Cell.allCases.map(\.rawValue))
        #expect(LuaCellKind.allCases.map { "\($0)" } == ["none", "integer", "number", "boolean", "string", "other"])
        #expect(ColumnAccumulator.Cell.allCases.map { "\($0)" } == ["null", "integer", "float", "boolean", "string", "other"])
    }

    /// Irregular lists go to the general path, which words the error as before.
    @Test(arguments: [
        ("{ {a = 1}, 5 }", "row 2 is a number, expected a table of column = value"),
        ("{ {a = 1}, {a = 'x'} }", "column 'a' mixes integer and string values"),
        ("{ {a = true}, {a = 1.5} }", "column 'a' mixes boolean and float values"),
        ("{ {a = 1}, {b = print} }", "column 'b': a function cannot be a cell (cells hold numbers, strings, booleans or nil)"),
        ("{ {a = {}} }", "column 'a': a table cannot be a cell (cells hold numbers, strings, booleans or nil)"),
        ("{nil, {a = 1}}", "the rows have an index 2, but index 1 is missing (nil): a list has no holes; expected a list of rows {row1, row2, …}"),
        ("{ {a = 1}, {[1] = 5} }", "row 2 has key 1 (a number); expected column names (strings) as keys"),
        ("{ {a = 1}, x = {a = 2} }", "the rows have a field 'x'; expected a list of rows {row1, row2, …}"),
        ("5", "table of rows expected, got number"),
    ])
    func errorsNameTheRowOrColumn(_ rows: String, _ message: String) throws {
        let lua = try state()
        let out = try lua.run("local ok, e = pcall(hemi.from_rows, \(rows)); return e", chunkName: "=t")
        #expect(out == [.string("bad argument #1 to 'from_rows' (\(message))")])
    }

    @Test func aListHoldingItselfIsNamed() throws {
        let lua = try state()
        let out = try lua.run("local t = {} t[1] = t local ok, e = pcall(hemi.from_rows, t); return e", chunkName: "=t")
        #expect(out == [.string("bad argument #1 to 'from_rows' (row 1 is a table that contains itself, expected a table of column = value)")])
    }

    /// Many rows: the same table as reading the same data from CSV.
    @Test func manyRowsEqualTheCSV() throws {
        let lua = try state()
        let out = try lua.run("""
            local rows, lines = {}, { "k,v,f,s" }
            for i = 1, 20000 do
              rows[i] = { k = i, v = (i % 7 == 0) and nil or i * 3, f = i / 4, s = "n" .. (i % 13) }
              lines[#lines + 1] = string.format("%d,%s,%s,%s", i, rows[i].v or "", tostring(i / 4), rows[i].s)
            end
            local path = os.tmpname()
            local f = io.open(path, "w"); f:write(table.concat(lines, "\\n"), "\\n"); f:close()
            local a = hemi.from_rows(rows, { columns = { "k", "v", "f", "s" } })
            local b = hemi.read_csv(path)
            os.remove(path)
            local same = a:count() == b:count()
            local ca, cb = a:rows(), b:rows()
            for ra in ca do
              local rb = cb()
              if ra.k ~= rb.k or ra.v ~= rb.v or ra.f ~= rb.f or ra.s ~= rb.s then same = false end
            end
            return same, a:count()
            """, chunkName: "=t")
        #expect(out == [.boolean(true), .integer(20000)])
    }
}
