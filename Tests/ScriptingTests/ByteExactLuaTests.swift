import Testing
import Foundation
@testable import LuaBridge
@testable import QueryEngine
@testable import Scripting

/// Strings are bytes in Lua: invalid UTF-8 from from_rows, CSV and JSON comes back byte for
/// byte through filters, sorts, groups and joins, to Lua and to files (ByteText).
@Suite(.serialized) struct ByteExactLuaTests {
    /// Byte strings no UTF-8 decoder keeps: a lone byte, a truncated sequence, a surrogate
    /// in UTF-8, a code point of ByteText's reserved block, an overlong NUL, text around them.
    static let prelude = """
        bad = { "\\xff", "a\\xc3", "\\xed\\xa0\\x80", "\\xf4\\x8f\\xbf\\xbf", "S\\xe3o", "\\xc0\\x80", "ok" }
        function same(list, want)
          if #list ~= #want then return "count " .. #list .. " ~= " .. #want end
          local seen = {}
          for _, s in ipairs(want) do seen[s] = (seen[s] or 0) + 1 end
          for _, s in ipairs(list) do
            if not seen[s] or seen[s] == 0 then return "unexpected " .. string.format("%q", s) end
            seen[s] = seen[s] - 1
          end
          return "same"
        end
        """

    func state() throws -> (LuaState, String) {
        let lua = try LuaState()
        HemiRuntime.install(into: lua)
        _ = try lua.run(Self.prelude, chunkName: "=prelude")
        let dir = NSTemporaryDirectory() + "hemi-bytes-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return (lua, dir)
    }

    @Test func fromRowsKeepsBytesThroughEveryVerb() throws {
        let (lua, dir) = try state()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = try lua.run("""
            local rows = {}
            for i, s in ipairs(bad) do rows[#rows + 1] = { k = s, v = i } end
            local t = hemi.from_rows(rows)
            local keys = {}
            for _, r in ipairs(t:group("k"):agg{ n = "count()" }:collect()) do keys[#keys + 1] = r.k end
            local joined = t:join(hemi.from_rows(rows):select{ k = "k", w = "v" }, "k")
            local jk = {}
            for _, r in ipairs(joined:collect()) do assert(r.v == r.w); jk[#jk + 1] = r.k end
            local lua_kept = t:filter(function(r) return r.k == "\\xff" or r.k == "S\\xe3o" end):column("k")
            local expr_kept = t:filter("k == :s", { s = "a\\xc3" }):column("k")
            -- Lua-function derive and sort rebuild the query from Lua rows.
            local derived = t:derive{ d = function(r) return r.k .. "\\xfe" end }:sort(function(a, b) return a.v < b.v end)
            local want_d = {}
            for i, s in ipairs(bad) do want_d[i] = s .. "\\xfe" end
            return same(t:column("k"), bad), same(t:sort("k desc"):column("k"), bad), same(keys, bad), same(jk, bad),
                   same(lua_kept, { "\\xff", "S\\xe3o" }), expr_kept[1] == "a\\xc3", t:distinct("k"):count(),
                   same(derived:column("d"), want_d), derived:column("k")[1] == bad[1]
            """, chunkName: "=t")
        #expect(out == [.string("same"), .string("same"), .string("same"), .string("same"), .string("same"), .boolean(true), .integer(7),
                        .string("same"), .boolean(true)])
    }

    /// A column name that is not UTF-8 is the same key in rows, row functions and schemas.
    @Test func columnNamesKeepTheirBytes() throws {
        let (lua, dir) = try state()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = try lua.run("""
            local t = hemi.from_rows{ { ["k\\xff"] = 1 }, { ["k\\xff"] = 2 } }
            local kept = t:filter(function(r) return r["k\\xff"] == 2 end)
            return kept:count(), t:columns()[1] == "k\\xff", t:schema()[1].name == "k\\xff", t:collect()[1]["k\\xff"]
            """, chunkName: "=t")
        #expect(out == [.integer(1), .boolean(true), .boolean(true), .integer(1)])
    }

    @Test func filesGiveTheBytesBack() throws {
        let (lua, dir) = try state()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = try lua.run("""
            local dir = ...
            local rows = {}
            for i, s in ipairs(bad) do rows[#rows + 1] = { k = s, v = i } end
            local t = hemi.from_rows(rows)
            t:to_csv(dir .. "/t.csv"); t:to_json(dir .. "/t.json"); t:to_jsonl(dir .. "/t.jsonl"); t:to_tsv(dir .. "/t.tsv")
            local csv = hemi.read_csv(dir .. "/t.csv"):sort("v")
            local json = hemi.read_json(dir .. "/t.json"):sort("v")
            local jsonl = hemi.read_json(dir .. "/t.jsonl"):sort("v")
            local tsv = hemi.read_csv(dir .. "/t.tsv"):sort("v")
            return same(csv:column("k"), bad), same(json:column("k"), bad), same(jsonl:column("k"), bad), same(tsv:column("k"), bad),
                   t:sort("v"):to_csv() == csv:to_csv(), t:sort("v"):to_json() == json:to_json()
            """, chunkName: "=t", args: [.string(dir)])
        #expect(out == [.string("same"), .string("same"), .string("same"), .string("same"), .boolean(true), .boolean(true)])
        // The file holds the very bytes (the first data row is "\xff",1).
        let csv = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/t.csv")))
        #expect(Array(csv.prefix(8)) == Array("k,v\n".utf8) + [0xFF] + Array(",1\n".utf8))
    }

    /// A CSV and a JSON file written byte by byte (not by Hemi), with invalid bytes in cells
    /// and in a header name, read and written again: the output is the input.
    @Test func foreignFilesComeBackExactly() throws {
        let (lua, dir) = try state()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let csv: [UInt8] = Array("id,n".utf8) + [0xE9] + Array("me\n1,Jos".utf8) + [0xE9] + Array("\n2,".utf8)
            + [0xF4, 0x8F, 0xBE, 0x80] + Array("\n3,\"a,".utf8) + [0xFF, 0xFE] + Array("\"\n".utf8)
        let json: [UInt8] = Array("[\n  {\"k\": \"".utf8) + [0xC3, 0x28, 0xA0] + Array("\", \"v\": 1}\n]\n".utf8)
        try Data(csv).write(to: URL(fileURLWithPath: dir + "/in.csv"))
        try Data(json).write(to: URL(fileURLWithPath: dir + "/in.json"))
        let out = try lua.run("""
            local dir = ...
            local c = hemi.read_csv(dir .. "/in.csv")
            c:to_csv(dir .. "/out.csv")
            hemi.read_json(dir .. "/in.json"):to_json(dir .. "/out.json")
            return c:columns()[2], c:filter("id == 1"):value("n\\xe9me")
            """, chunkName: "=t", args: [.string(dir)])
        #expect(out == [.string(Array("n".utf8) + [0xE9] + Array("me".utf8)), .string(Array("Jos".utf8) + [0xE9])])
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/out.csv"))) == csv)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/out.json"))) == json)
    }
}
