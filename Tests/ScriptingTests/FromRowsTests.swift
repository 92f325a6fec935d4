import Testing
import LuaBridge
import QueryEngine
@testable import Scripting

/// hemi.from_rows reads the rows in place (raw accessors, one typed accumulator per column):
/// the same table and the same errors as building it value by value.
@Suite(.serialized) struct FromRowsTests {
    func state() throws -> LuaState {
        let lua = try LuaState()
        HemiRuntime.install(into: lua)
        return lua
    }

    @Test func columnsTypesAndNulls() throws {
        let lua = try state()
        let out = try lua.run("""
            local t = hemi.from_rows{ {c = "MEX", y = 2022, x = 3}, {c = "MEX", y = 2023, x = 5.5}, {c = "PER", y = 2023}, {c = "Perú", ok = true} }
            local s = t:schema()
            local types = {}
            for i, f in ipairs(s) do types[i] = f.name .. ":" .. f.type end
            return table.concat(types, " "), t:column("x")[1], t:column("x")[3], t:column("c")[4], t:column("ok")[4], t:count()
            """, chunkName: "=t")
        #expect(out == [.string("c:string x:float y:integer ok:boolean"), .number(3), .nil, .string("Perú"), .boolean(true), .integer(4)])
    }

    @Test func givenColumnsAndTypes() throws {
        let lua = try state()
        let out = try lua.run("""
            local t = hemi.from_rows({ {a = 1, d = "2023-01-02", z = 9}, {a = 2} }, { columns = {"a", "d"}, types = { a = "float", d = "date" } })
            local s = t:schema()
            return #s, s[1].type, s[2].type, t:column("d")[1], t:column("d")[2]
            """, chunkName: "=t")
        #expect(out == [.integer(2), .string("float"), .string("date"), .string("2023-01-02"), .nil])
    }

    @Test(arguments: [
        ("{ {a = 1}, 5 }", "row 2 is a number, expected a table"),
        ("{ {a = 1}, {a = 'x'} }", "column 'a' mixes integer and string values"),
        ("{ {a = true}, {a = 1.5} }", "column 'a' mixes boolean and float values"),
        ("{ {a = 1}, {b = print} }", "column 'b': function values cannot go in a table"),
        ("{ {a = {}} }", "column 'a': table values cannot go in a table"),
        ("5", "table of rows expected, got number"),
    ])
    func errorsNameTheRowOrColumn(_ rows: String, _ message: String) throws {
        let lua = try state()
        let out = try lua.run("local ok, e = pcall(hemi.from_rows, \(rows)); return e", chunkName: "=t")
        #expect(out == [.string("bad argument #1 to 'from_rows' (\(message))")])
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

    @Test func setThreadsChecksItsArgument() throws {
        let lua = try state()
        let old = Parallelism.threads
        defer { Parallelism.threads = old }
        let out = try lua.run("""
            local before = hemi.set_threads(3)
            local now = hemi.threads()
            local ok, e = pcall(hemi.set_threads, 0)
            return now, ok, e
            """, chunkName: "=t")
        #expect(out == [.integer(3), .boolean(false), .string("bad argument #1 to 'set_threads' (a thread count from 1 to 256 expected, got 0)")])
    }
}
