import Testing
import Foundation

/// The hostile-plugin corpus (issue #12). Each attack is one plugin folder, generated into a
/// scratch directory beside a good plugin, and loaded by the built `hemi` in a child process
/// under a time limit and an address-space cap (HostileRun). A user script then checks, in
/// the user's own state, that the good plugin still works and nothing of the user's world
/// changed. For every attack the test asserts: the child exits 0 within the time bound and
/// under the memory cap; no file is written anywhere in the scratch tree (HOME, XDG dirs,
/// the working directory); the good plugin is loaded and its metric and command give the
/// right answers; the user's globals, string library and query results are untouched; the
/// attacking plugin is named with its cause when it fails; and no control byte of a plugin
/// reaches the terminal.
@Suite struct PluginCorpusTests {
    enum Kind: String, CaseIterable, Sendable { case escape, falsify, hang, memory, crash, spoof, filesystem }
    enum Expect: Sendable {
        /// The plugin fails; stderr names it with each fragment.
        case fails([String])
        /// The plugin loads (its attack changed only its own state).
        case loads
        /// Either, as long as everything else holds (the outcome depends on limits).
        case either
    }
    enum Layout: Sendable { case file, devZero, fifo, huge, directory }

    struct Attack: Sendable, CustomStringConvertible {
        var name: String
        var kind: Kind
        var source: String
        var expect: Expect
        /// Lua run by the user's script after the checks, and what its output must contain.
        var probe: String = ""
        var stdout: [String] = []
        var layout: Layout = .file
        var description: String { "\(kind.rawValue)/\(name)" }
    }

    /// A manifest with `top` run before it is returned and `register` inside register(api).
    static func plugin(_ name: String, top: String = "", register: String = "", description: String? = nil) -> String {
        """
        \(top)
        return {
          name = \(luaQuoted(name)), version = "1.0.0", api_version = 1,
          description = \(luaQuoted(description ?? "hostile plugin")), author = "corpus", license = "MIT",
          register = function(api)
            \(register)
          end,
        }
        """
    }

    static func luaQuoted(_ s: String) -> String {
        var out = "\""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += "\\" + String(UnicodeScalar(b))
            case 0x20..<0x7f: out += String(UnicodeScalar(b))
            default: out += "\\\(b)"
            }
        }
        return out + "\""
    }

    static let good = plugin("good", register: """
        api.metric{ name = "good_double", description = "twice x", unit = "x", table = "rows", expr = "x * 2" }
        api.metric{ name = "good_per_row", description = "x plus one, in Lua", unit = "x", table = "rows",
                    compute = function(row) return (row.x or 0) + 1 end }
        api.command{ name = "good_echo", description = "echoes", run = function(a) return "got " .. a end }
        api.param{ name = "factor", default = 2, description = "a factor" }
        """)

    /// The user's script: the good plugin works, the user's world is as it was.
    static let probe = """
        local q = hemi.from_rows{ { x = 21 }, { x = 1 } }
        print("double", q:derive{ y = "good_double" }:first().y, q:derive{ y = "good_per_row" }:first().y)
        print("count", q:count(), hemi.from_rows{ { g = 1 }, { g = 1 }, { g = 2 } }:group("g"):agg{ n = "count()" }:sort("g"):first().n)
        print("user", string.upper("a"), rawget(_G, "PWNED"), type(hemi.table), type(string.dump), getmetatable("").__index == string, hemi.param("good.factor"))
        print("echo", hemi.command("good_echo", "hi"))
        for _, p in ipairs(hemi.plugins()) do print("plugin", p.name, p.state) end
        """
    static let probeLines = ["double\t42\t22", "count\t2\t2", "user\tA\tnil\tfunction\tfunction\ttrue\t2", "echo\tgot hi", "plugin\tgood\tloaded"]

    static let deepTable = "local t = {} for i = 1, 200000 do t = { t } end return t"
    static let longA = "(\"a\"):rep(30000)"
    static let evil = "(\"a*\"):rep(8) .. \"b\""

    static let attacks: [Attack] = [
        // ------------------------------------------------------------ escape
        Attack(name: "next_proxy", kind: .escape, source: plugin("next_proxy", top: """
            local _, real = next(hemi.from_rows{ { ["os.execute[[touch owned]]"] = "--x" } })
            real:to_csv("config/hemi/init.lua")
            """), expect: .fails(["bad argument #1 to 'next' (table expected, got hemi.Query)"])),
        Attack(name: "to_csv_config", kind: .escape, source: plugin("to_csv_config", top: """
            hemi.from_rows{ { x = "os.execute[[touch owned]]" } }:to_csv("config/hemi/init.lua")
            """), expect: .fails(["bad argument #1 to 'to_csv' (plugins cannot write files"])),
        Attack(name: "every_writer", kind: .escape, source: plugin("every_writer", top: """
            local q, n = hemi.from_rows{ { x = 1 } }, 0
            for _, f in ipairs{ "to_csv", "to_tsv", "to_json", "to_jsonl", "to_markdown" } do
              if pcall(q[f], q, "owned-" .. f) then n = n + 1 end
              if pcall(q[f], q, "/dev/stdout") then n = n + 1 end
            end
            error("contained: " .. n .. " writers wrote")
            """), expect: .fails(["contained: 0 writers wrote"])),
        Attack(name: "bar_svg", kind: .escape, source: plugin("bar_svg", top: """
            hemi.bar{ labels = { "a" }, values = { 1 }, svg = "owned.svg" }
            """), expect: .fails(["bad argument #1 to 'bar' (field 'svg': plugins cannot write files"])),
        Attack(name: "query_chart_svg", kind: .escape, source: plugin("query_chart_svg", top: """
            hemi.from_rows{ { a = "x", v = 1 } }:bar{ label = "a", svg = "owned.svg" }
            """), expect: .fails(["bad argument #1 to 'bar' (field 'svg': plugins cannot write files"])),
        Attack(name: "line_svg", kind: .escape, source: plugin("line_svg", top: """
            hemi.line{ x = { 1, 2 }, series = { { name = "a", values = { 1, 2 } } }, svg = "owned.svg" }
            """), expect: .fails(["bad argument #1 to 'line' (field 'svg': plugins cannot write files"])),
        Attack(name: "filter_function", kind: .escape, source: plugin("filter_function", top: """
            local q = hemi.from_rows{ { x = 1 } }
            q._filter_function(q, function() end)
            """), expect: .fails(["field '_filter_function'"])),
        Attack(name: "read_csv", kind: .escape, source: plugin("read_csv", top: "hemi.read_csv('/etc/passwd')"),
               expect: .fails(["hemi.read_csv is not available to plugins"])),
        Attack(name: "read_json", kind: .escape, source: plugin("read_json", top: "hemi.read_json('/etc/passwd')"),
               expect: .fails(["hemi.read_json is not available to plugins"])),
        Attack(name: "io_open", kind: .escape, source: plugin("io_open", top: "io.open('owned.txt', 'w'):write('x')"),
               expect: .fails(["global 'io'"])),
        Attack(name: "os_execute", kind: .escape, source: plugin("os_execute", top: "os.execute('touch owned.txt')"),
               expect: .fails(["field 'execute'"])),
        Attack(name: "os_getenv", kind: .escape, source: plugin("os_getenv", top: "os.getenv('HOME')"),
               expect: .fails(["field 'getenv'"])),
        Attack(name: "debug_registry", kind: .escape, source: plugin("debug_registry", top: "debug.getregistry()"),
               expect: .fails(["global 'debug'"])),
        Attack(name: "package_loadlib", kind: .escape, source: plugin("package_loadlib", top: "package.loadlib('libc.so.6', 'system')"),
               expect: .fails(["global 'package'"])),
        Attack(name: "require_io", kind: .escape, source: plugin("require_io", top: "require('io')"),
               expect: .fails(["require: module 'io' not found in the plugin's folder"])),
        Attack(name: "require_traversal", kind: .escape, source: plugin("require_traversal", top: """
            local ok, e = pcall(require, "../good/init")
            local ok2, e2 = pcall(require, "/etc/passwd")
            local ok3, e3 = pcall(require, "..good.init")
            if ok or ok2 or ok3 then error("reached another folder") end
            error("contained: " .. tostring(e))
            """), expect: .fails(["contained: "])),
        Attack(name: "loadfile", kind: .escape, source: plugin("loadfile", top: "loadfile('/etc/passwd')"),
               expect: .fails(["global 'loadfile'"])),
        Attack(name: "string_dump_method", kind: .escape, source: plugin("string_dump_method", top: """
            local dump = assert(("").dump, "no dump through the string metatable")
            load(dump(function() end), "x", "b")
            """), expect: .fails(["no dump through the string metatable"])),
        Attack(name: "binary_chunk", kind: .escape, source: plugin("binary_chunk", top: "load('\\27Lua', 'x', 'b')"),
               expect: .fails(["text chunks only"])),
        Attack(name: "set_param_other", kind: .escape, source: plugin("set_param_other", top: "hemi.set_param('good.factor', 3)"),
               expect: .fails(["hemi.set_param is not available to plugins"])),
        Attack(name: "command_other", kind: .escape, source: plugin("command_other", top: "hemi.command('good_echo', 'x')"),
               expect: .fails(["hemi.command is not available to plugins"])),
        Attack(name: "coroutine_escape", kind: .escape, source: plugin("coroutine_escape", top: """
            coroutine.wrap(function() local _, r = next(hemi.from_rows{ { x = 1 } }) end)()
            """), expect: .fails(["bad argument #1 to 'next'"])),
        Attack(name: "walk_everything", kind: .escape, source: plugin("walk_everything", top: """
            local seen, n, found = {}, 0, {}
            local bad = { read_csv = 1, read_json = 1, set_param = 1, command = 1, _plugins = 1, io = 1, debug = 1,
                          package = 1, dofile = 1, loadfile = 1, _display = 1, _filter_function = 1, dump = 1, execute = 1 }
            local function walk(v)
              if seen[v] then return end
              seen[v] = true; n = n + 1
              local mt = getmetatable(v)
              if type(mt) == "table" then walk(mt) end
              if type(v) == "table" then
                for k, x in next, v do
                  if bad[k] then found[#found + 1] = tostring(k) end
                  if type(k) == "table" or type(k) == "function" or type(k) == "userdata" then walk(k) end
                  if type(x) == "table" or type(x) == "function" or type(x) == "userdata" then walk(x) end
                end
              end
            end
            walk(_G); walk(""); walk(hemi.from_rows{ { x = 1 } }); walk(hemi.from_rows{ { x = 1 } }:group("x"))
            if #found > 0 then error("reached " .. table.concat(found, ", ")) end
            error("contained: walked " .. n .. " values")
            """), expect: .fails(["contained: walked"])),
        Attack(name: "globals_own_state", kind: .escape, source: plugin("globals_own_state", top: """
            rawset(_G, "PWNED", true)
            string.upper = function() return "pwned" end
            getmetatable("").__index = { upper = function() return "pwned" end }
            """), expect: .loads),
        // ------------------------------------------------------------ falsify
        Attack(name: "metatable_query", kind: .falsify, source: plugin("metatable_query", top: """
            getmetatable(hemi.from_rows{ { x = 1 } }).__index.count = function() return 999 end
            """), expect: .fails(["field '__index'"])),
        Attack(name: "metatable_grouped", kind: .falsify, source: plugin("metatable_grouped", top: """
            getmetatable(hemi.from_rows{ { x = 1 } }:group("x")).__index.agg = function() return 999 end
            """), expect: .fails(["field '__index'"])),
        Attack(name: "pending_group", kind: .falsify, source: plugin("pending_group", register: """
            api.metric{ name = "pg_metric", description = "d", unit = "u", grain = "x", key = { "g" },
                        compute = function() return { { g = 1, pg_metric = 1 } } end }
            local g = hemi.from_rows{ { g = 1 } }:group("g")
            local mt = getmetatable(g)
            if type(mt) == "table" then (mt.__index or mt).agg = function() error("replaced") end end
            """), expect: .loads,
               probe: "print('pg', hemi.from_rows{ { g = 1 }, { g = 1 } }:group('g'):agg{ n = 'count()', s = 'sum(pg_metric)' }:first().n)",
               stdout: ["pg\t2"]),
        Attack(name: "row_copy", kind: .falsify, source: plugin("row_copy", register: """
            api.metric{ name = "evil_row", description = "d", unit = "u", table = "rows",
                        compute = function(row) row.x = 1e9; return 1 end }
            """), expect: .loads,
               probe: "print('rowmetric', hemi.from_rows{ { x = 5 } }:derive{ m = 'evil_row' }:first().x)",
               stdout: ["rowmetric\t5"]),
        Attack(name: "later_metric", kind: .falsify, source: plugin("later_metric", register: """
            api.metric{ name = "good_double", description = "d", unit = "u", table = "rows", expr = "x * 3" }
            """), expect: .fails(["metric \"good_double\" is already defined by plugin \"good\""])),
        Attack(name: "later_command", kind: .falsify, source: plugin("later_command", register: """
            api.command{ name = "good_echo", description = "d", run = function() return "forged" end }
            """), expect: .fails(["command 'good_echo' is already registered by plugin 'good'"])),
        Attack(name: "late_register", kind: .falsify, source: plugin("late_register", register: """
            local keep = api
            api.command{ name = "late_cmd", description = "d", run = function()
              keep.metric{ name = "late_metric", description = "d", unit = "u", table = "rows", expr = "x * 100" }
            end }
            """), expect: .loads,
               probe: "print('late', pcall(hemi.command, 'late_cmd'))",
               stdout: ["late\tfalse\t", "late_register/init.lua:", ": api.metric: plugins register only while register(api) runs"]),
        Attack(name: "metrics_table", kind: .falsify, source: plugin("metrics_table", top: """
            for _, m in ipairs(hemi.metrics()) do m.expr = "0" end
            local p = hemi.plugins(); p[1] = nil
            """), expect: .loads),
        // ------------------------------------------------------------ hang
        Attack(name: "loop", kind: .hang, source: plugin("loop", top: "while true do end"),
               expect: .fails(["instruction budget exceeded"])),
        Attack(name: "pcall_loop", kind: .hang, source: plugin("pcall_loop", top: "while true do pcall(function() while true do end end) end"),
               expect: .fails(["instruction budget exceeded"])),
        Attack(name: "xpcall_handler_loop", kind: .hang, source: plugin("xpcall_handler_loop", top: """
            while true do xpcall(error, function() while true do end end) end
            """), expect: .fails(["failed"])),
        Attack(name: "coroutine_loop", kind: .hang, source: plugin("coroutine_loop", top: """
            while true do coroutine.resume(coroutine.create(function() while true do end end)) end
            """), expect: .fails(["instruction budget exceeded"])),
        Attack(name: "close_loop", kind: .hang, source: plugin("close_loop", top: """
            do local x <close> = setmetatable({}, { __close = function() while true do end end }) end
            """), expect: .fails(["instruction budget exceeded"])),
        Attack(name: "gc_loop", kind: .hang, source: plugin("gc_loop", top: """
            setmetatable({}, { __gc = function() while true do end end })
            """), expect: .fails(["metatables with __gc are not available to plugins"])),
        Attack(name: "gc_added_later", kind: .hang, source: plugin("gc_added_later", top: """
            local mt = {}
            GCT = setmetatable({}, mt)
            mt.__gc = function() while true do end end
            GCT = nil
            """), expect: .loads),
        Attack(name: "error_tostring_loop", kind: .hang, source: plugin("error_tostring_loop", top: """
            error(setmetatable({}, { __tostring = function() while true do end end }))
            """), expect: .fails(["(error object is a table value)"])),
        Attack(name: "error_index_loop", kind: .hang, source: plugin("error_index_loop", top: """
            error(setmetatable({}, { __index = function() while true do end end,
                                     __name = "x", __tostring = function() while true do end end }))
            """), expect: .fails(["(error object is a table value)"])),
        Attack(name: "pattern_find", kind: .hang, source: plugin("pattern_find", top: "string.find(\(longA), \(evil))"),
               expect: .fails(["instruction budget exceeded"])),
        Attack(name: "pattern_match_method", kind: .hang, source: plugin("pattern_match_method", top: "local s = \(longA); s:match(\(evil))"),
               expect: .fails(["instruction budget exceeded"])),
        Attack(name: "pattern_gsub", kind: .hang, source: plugin("pattern_gsub", top: "string.gsub(\(longA), \(evil), '')"),
               expect: .fails(["instruction budget exceeded"])),
        Attack(name: "pattern_gmatch", kind: .hang, source: plugin("pattern_gmatch", top: "for _ in string.gmatch(\(longA), \(evil)) do end"),
               expect: .fails(["instruction budget exceeded"])),
        Attack(name: "pattern_balance", kind: .hang, source: plugin("pattern_balance", top: "string.find(('('):rep(200000), '%b()')"),
               expect: .fails(["instruction budget exceeded"])),
        Attack(name: "pattern_in_pcall", kind: .hang, source: plugin("pattern_in_pcall", top: """
            while true do pcall(string.find, \(longA), \(evil)) end
            """), expect: .fails(["instruction budget exceeded"])),
        Attack(name: "rep_empty", kind: .hang, source: plugin("rep_empty", top: """
            assert(string.rep("", 1e18) == "" and string.rep("", 1e18, "") == "")
            """), expect: .loads),
        Attack(name: "table_move", kind: .hang, source: plugin("table_move", top: "table.move({}, 1, 1e18, 1, {})"),
               expect: .fails(["instruction budget exceeded"])),
        Attack(name: "table_insert_len", kind: .hang, source: plugin("table_insert_len", top: """
            table.insert(setmetatable({}, { __len = function() return 1e15 end }), 1, 1)
            """), expect: .fails(["instruction budget exceeded"])),
        Attack(name: "table_remove_len", kind: .hang, source: plugin("table_remove_len", top: """
            table.remove(setmetatable({}, { __len = function() return 1e15 end }), 1)
            """), expect: .fails(["instruction budget exceeded"])),
        Attack(name: "sort_comparator_loop", kind: .hang, source: plugin("sort_comparator_loop", top: """
            table.sort({ 3, 2, 1 }, function() while true do end end)
            """), expect: .fails(["instruction budget exceeded"])),
        Attack(name: "load_reader_loop", kind: .hang, source: plugin("load_reader_loop", top: """
            load(function() while true do end end)
            """), expect: .fails(["instruction budget exceeded"])),
        Attack(name: "command_spin", kind: .hang, source: plugin("command_spin", register: """
            api.command{ name = "spin_cmd", description = "loops", run = function() while true do end end }
            """), expect: .loads,
               probe: "print('spin', pcall(hemi.command, 'spin_cmd'))",
               stdout: ["plugin 'command_spin': command 'spin_cmd' failed:", "instruction budget exceeded"]),
        Attack(name: "compute_spin", kind: .hang, source: plugin("compute_spin", register: """
            api.metric{ name = "spin_metric", description = "d", unit = "u", grain = "x", key = { "x" },
                        compute = function() while true do end end }
            """), expect: .loads,
               probe: "print('spinm', pcall(function() return hemi.from_rows{ { x = 1 } }:derive{ v = 'spin_metric' }:count() end))",
               stdout: ["plugin 'compute_spin': compute of metric 'spin_metric' failed:", "instruction budget exceeded"]),
        Attack(name: "deep_recursion", kind: .hang, source: plugin("deep_recursion", top: """
            local function f() return 1 + f() end
            f()
            """), expect: .fails(["running init.lua failed"])),
        Attack(name: "doubling_metrics", kind: .hang, source: plugin("doubling_metrics", register: """
            api.metric{ name = "m0", description = "d", unit = "u", table = "rows", expr = "x + x" }
            for i = 1, 22 do
              api.metric{ name = "m" .. i, description = "d", unit = "u", table = "rows",
                          expr = "m" .. (i - 1) .. " + m" .. (i - 1) }
            end
            """), expect: .fails(["expands through the metrics it names to more than 10000 terms"])),
        // ------------------------------------------------------------ memory
        Attack(name: "table_bomb", kind: .memory, source: plugin("table_bomb", top: """
            local t = {} while true do t[#t + 1] = string.rep("x", 1000000) .. #t end
            """), expect: .fails(["not enough memory", "memory cap"])),
        Attack(name: "rep_huge", kind: .memory, source: plugin("rep_huge", top: "string.rep('x', 1e10)"),
               expect: .fails(["resulting string too large"])),
        Attack(name: "gc_allocating", kind: .memory, source: plugin("gc_allocating", top: """
            for i = 1, 100 do
              pcall(setmetatable, {}, { __gc = function() local t = {} while true do t[#t + 1] = {} end end })
            end
            error("contained: no finalizer set")
            """), expect: .fails(["contained: no finalizer set"])),
        Attack(name: "coroutine_bomb", kind: .memory, source: plugin("coroutine_bomb", top: """
            local t = {} while true do t[#t + 1] = coroutine.create(function() end) end
            """), expect: .fails(["not enough memory"])),
        Attack(name: "pcall_memory", kind: .memory, source: plugin("pcall_memory", top: """
            local t = {}
            while true do pcall(function() t[#t + 1] = string.rep("y", 1000000) .. #t end) end
            """), expect: .fails(["not enough memory"])),
        Attack(name: "join_explosion", kind: .memory, source: plugin("join_explosion", top: """
            local rows = {} for i = 1, 5000 do rows[i] = { k = 1, i = i } end
            local q = hemi.from_rows(rows)
            q:join(q, "k"):count()
            """), expect: .fails(["engine work passed its memory limit"])),
        // A limit's failure cannot be caught by the plugin (pcall, xpcall, coroutine, load's
        // reader), whether its own engine work or a metric of its own ran out.
        Attack(name: "pcall_engine_budget", kind: .memory, source: plugin("pcall_engine_budget", top: """
            local rows = {} for i = 1, 5000 do rows[i] = { k = 1, i = i } end
            local q = hemi.from_rows(rows)
            pcall(function() return q:join(q, "k"):count() end)
            """), expect: .fails(["engine work passed its memory limit"])),
        Attack(name: "xpcall_engine_budget", kind: .memory, source: plugin("xpcall_engine_budget", top: """
            local rows = {} for i = 1, 5000 do rows[i] = { k = 1, i = i } end
            local q = hemi.from_rows(rows)
            xpcall(function() return q:join(q, "k"):count() end, function(e) return e end)
            """), expect: .fails(["engine work passed its memory limit"])),
        Attack(name: "coroutine_engine_budget", kind: .memory, source: plugin("coroutine_engine_budget", top: """
            local rows = {} for i = 1, 5000 do rows[i] = { k = 1, i = i } end
            local q = hemi.from_rows(rows)
            coroutine.resume(coroutine.create(function() return q:join(q, "k"):count() end))
            """), expect: .fails(["engine work passed its memory limit"])),
        Attack(name: "load_reader_engine_budget", kind: .memory, source: plugin("load_reader_engine_budget", top: """
            local rows = {} for i = 1, 5000 do rows[i] = { k = 1, i = i } end
            local q = hemi.from_rows(rows)
            load(function() return q:join(q, "k"):count() end)
            """), expect: .fails(["engine work passed its memory limit"])),
        Attack(name: "pcall_own_metric_budget", kind: .memory, source: plugin("pcall_own_metric_budget", register: """
            api.metric{ name = "own_boom", description = "d", unit = "u", grain = "x", key = { "k" },
                        compute = function()
                          local rows = {} for i = 1, 5000 do rows[i] = { k = 1, own_boom = i } end
                          local q = hemi.from_rows(rows)
                          return q:join(q:select("k"), "k")
                        end }
            api.command{ name = "own_catch", description = "d", run = function()
              local ok = pcall(function() return hemi.from_rows{ { k = 1 } }:derive{ v = "own_boom" }:count() end)
              return "caught it"
            end }
            """), expect: .loads,
               probe: "print('own', pcall(hemi.command, 'own_catch'))",
               stdout: ["own\tfalse", "engine work passed its memory limit"]),
        Attack(name: "concat_derive", kind: .memory, source: plugin("concat_derive", top: """
            local q = hemi.from_rows{ { s = ("x"):rep(1000) } }
            for i = 1, 40 do q = q:derive{ s = "s .. s" } end
            q:count()
            """), expect: .fails(["engine work passed its memory limit"])),
        Attack(name: "compute_explosion", kind: .memory, source: plugin("compute_explosion", register: """
            api.metric{ name = "boom_metric", description = "d", unit = "u", grain = "x", key = { "k" },
                        compute = function()
                          local rows = {} for i = 1, 5000 do rows[i] = { k = 1, boom_metric = i } end
                          local q = hemi.from_rows(rows)
                          return q:join(q:select("k"), "k")
                        end }
            """), expect: .loads,
               probe: "print('boom', pcall(function() return hemi.from_rows{ { k = 1 } }:derive{ v = 'boom_metric' }:count() end))",
               stdout: ["engine work passed its memory limit"]),
        Attack(name: "deep_return", kind: .memory, source: plugin("deep_return", register: """
            api.command{ name = "deep_cmd", description = "d", run = function() \(deepTable) end }
            """), expect: .loads,
               probe: "print('deep', pcall(hemi.command, 'deep_cmd'))",
               stdout: ["nested too deep or too large to copy"]),
        Attack(name: "big_from_rows", kind: .memory, source: plugin("big_from_rows", top: """
            local rows = {} for i = 1, 200000 do rows[i] = { a = i, b = "row" .. i } end
            hemi.from_rows(rows):count()
            """), expect: .either),
        // Results the host hands back are pushed with the cap lifted (the pushes are the host's):
        // a plugin that keeps them still stops at its cap (the call that carries it past fails
        // as it returns), whichever allocation notices first.
        Attack(name: "results_over_cap", kind: .memory, source: plugin("results_over_cap", top: """
            local q, kept = hemi.table("us_trade"), {}
            while true do kept[#kept + 1] = q:collect() end
            """), expect: .fails(["not enough memory", "memory cap"])),
        // ------------------------------------------------------------ crash
        Attack(name: "deep_plan", kind: .crash, source: plugin("deep_plan", top: """
            local q = hemi.from_rows{ { c0 = 1 } }
            for i = 1, 60000 do q = q:filter("c0 > 0") end
            q:count()
            """), expect: .either),
        Attack(name: "natives_bad_arguments", kind: .crash, source: plugin("natives_bad_arguments", top: """
            local q = hemi.from_rows{ { x = 1 } }
            local junk = { nil, {}, 1e308, -1, "", q, q:group("x"), function() end, ("x"):rep(300), 0/0 }
            for name, f in pairs(hemi) do
              if type(f) == "function" and name ~= "describe" and name ~= "help" then
                for i = 1, #junk + 1 do pcall(f, junk[i], junk[(i % 10) + 1]) end
              end
            end
            for _, m in ipairs{ "filter", "select", "derive", "sort", "limit", "distinct", "agg", "group", "join",
                                "left_join", "top", "lag", "lead", "change", "pct_change", "cumsum", "rank",
                                "explain", "schema", "columns", "count", "collect", "first", "column", "value",
                                "to_csv", "to_json", "bar", "sparklines", "line", "rows" } do
              for i = 1, #junk + 1 do pcall(q[m], q, junk[i], junk[(i % 10) + 1]) end
              pcall(q[m], junk[3])
            end
            error("contained: natives survived")
            """), expect: .fails(["contained: natives survived"])),
        Attack(name: "yield_across_native", kind: .crash, source: plugin("yield_across_native", top: """
            coroutine.wrap(function()
              hemi.from_rows{ { x = 1 }, { x = 2 } }:filter(function(r) coroutine.yield() end):count()
            end)()
            """), expect: .fails(["attempt to yield across a C-call boundary"])),
        Attack(name: "filter_error_object", kind: .crash, source: plugin("filter_error_object", top: """
            hemi.from_rows{ { x = 1 } }:filter(function()
              error(setmetatable({}, { __tostring = function() while true do end end }))
            end):count()
            """), expect: .fails(["(error object is a table value)"])),
        Attack(name: "bad_comparator", kind: .crash, source: plugin("bad_comparator", top: """
            local rows = {} for i = 1, 200 do rows[i] = { x = i % 7 } end
            hemi.from_rows(rows):sort(function(a, b) return true end):count()
            """), expect: .either),
        Attack(name: "metric_uses_itself", kind: .crash, source: plugin("metric_uses_itself", register: """
            api.metric{ name = "self_metric", description = "d", unit = "u", grain = "x", key = { "x" },
                        compute = function() return hemi.from_rows{ { x = 1 } }:derive{ self_metric = "self_metric" } end }
            """), expect: .loads,
               probe: "print('self', pcall(function() return hemi.from_rows{ { x = 1 } }:derive{ v = 'self_metric' }:count() end))",
               stdout: ["uses itself while it is being computed"]),
        // ------------------------------------------------------------ spoof
        Attack(name: "error_blame", kind: .spoof, source: plugin("error_blame", top: """
            error({ plugin = "good", what = "loading", message = "spoofed" })
            """), expect: .fails(["plugin 'error_blame'", "(error object is a table value)"])),
        Attack(name: "esc\u{1b}[2Jname", kind: .spoof, source: plugin("esc\u{1b}[2Jname", top: "error('boom')"),
               expect: .fails(["esc\\27[2Jname"])),
        Attack(name: "esc_description", kind: .spoof, source: plugin("esc_description",
               description: "\u{1b}[31mred\nhemi: plugin good 1.0.0 failed: forged\u{07}"),
               expect: .loads, probe: "print(hemi.help('esc_description', false))", stdout: ["\\27[31mred"]),
        Attack(name: "newline_error", kind: .spoof, source: plugin("newline_error", top: """
            error("first\\nhemi: plugin good 1.0.0 failed: forged\\27[2J", 0)
            """), expect: .fails(["first"])),
        Attack(name: "interrupted_text", kind: .spoof, source: plugin("interrupted_text", top: "error('interrupted!')"),
               expect: .fails(["interrupted!"])),
        Attack(name: "print_escape", kind: .spoof, source: plugin("print_escape", top: """
            print("\\27[2J\\27]0;owned\\7\\194\\155")
            """), expect: .loads),
        Attack(name: "huge_error", kind: .spoof, source: plugin("huge_error", top: "error(('x'):rep(5000000))"),
               expect: .fails(["(message cut at"])),
        Attack(name: "command_exit", kind: .spoof, source: plugin("command_exit", register: """
            api.command{ name = "exit", description = "d", run = function() end }
            """), expect: .fails(["command 'exit' is a built-in command of Hemi"])),
        Attack(name: "command_help", kind: .spoof, source: plugin("command_help", register: """
            api.command{ name = "help", description = "d", run = function() end }
            """), expect: .fails(["command 'help' is a built-in command of Hemi"])),
        Attack(name: "command_tables", kind: .spoof, source: plugin("command_tables", register: """
            api.command{ name = "tables", description = "d", run = function() end }
            """), expect: .fails(["command 'tables' is a built-in command of Hemi"])),
        // ------------------------------------------------------------ filesystem
        Attack(name: "init_dev_zero", kind: .filesystem, source: "", expect: .fails(["is a character device; init.lua must be a regular file"]),
               layout: .devZero),
        Attack(name: "init_fifo", kind: .filesystem, source: "", expect: .fails(["is a FIFO; init.lua must be a regular file"]),
               layout: .fifo),
        Attack(name: "init_huge", kind: .filesystem, source: "", expect: .fails(["init.lua may be at most 1048576 bytes"]),
               layout: .huge),
        Attack(name: "init_directory", kind: .filesystem, source: "", expect: .fails(["is a directory; init.lua must be a regular file"]),
               layout: .directory),
        Attack(name: "write_dev_stdout", kind: .filesystem, source: plugin("write_dev_stdout", top: """
            hemi.from_rows{ { x = 1 } }:to_csv("/dev/stdout")
            """), expect: .fails(["plugins cannot write files"])),
    ]

    @Test func theCorpusCoversEveryKind() {
        let byKind = Dictionary(grouping: Self.attacks, by: \.kind)
        for k in Kind.allCases { #expect((byKind[k]?.count ?? 0) >= 3, "\(k): \(byKind[k]?.count ?? 0) attacks") }
        #expect(Self.attacks.count >= 80)
        #expect(Set(Self.attacks.map(\.name)).count == Self.attacks.count)
    }

    /// Writes the attack's folder (and the good plugin) under `root/plugins`.
    static func lay(_ a: Attack, in root: String) throws {
        let fm = FileManager.default
        let plugins = root + "/plugins"
        try fm.createDirectory(atPath: plugins + "/good", withIntermediateDirectories: true)
        try good.write(toFile: plugins + "/good/init.lua", atomically: false, encoding: .utf8)
        let dir = plugins + "/" + a.name
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/init.lua"
        switch a.layout {
        case .file: try a.source.write(toFile: file, atomically: false, encoding: .utf8)
        case .devZero: try fm.createSymbolicLink(atPath: file, withDestinationPath: "/dev/zero")
        case .fifo: #expect(mkfifo(file, 0o644) == 0)
        case .huge: try String(repeating: "-- padding\n", count: 200_000).write(toFile: file, atomically: false, encoding: .utf8)
        case .directory: try fm.createDirectory(atPath: file, withIntermediateDirectories: true)
        }
    }

    @Test(arguments: attacks) func attackIsContained(_ a: Attack) throws {
        let root = HostileRun.scratch()
        defer { HostileRun.remove(root) }
        try Self.lay(a, in: root)
        let before = Set(HostileRun.files(under: root))
        var run = HostileRun(arguments: ["-e", Self.probe + "\n" + a.probe + "\nprint('probe ok')"])
        run.environment = ["HEMI_PLUGIN_PATH": root + "/plugins"]
        run.memory = 2 << 30
        run.deadline = 30
        run.directory = root
        let out = try run.run()
        let ctx = "\(a): \(out.summary)"

        #expect(!out.timedOut && out.status == 0, "\(ctx)")
        #expect(out.seconds < 15, "\(ctx)")
        #expect(out.peakBytes < 1 << 30, "\(ctx)")
        for line in Self.probeLines + ["probe ok"] { #expect(out.stdout.contains(line), "missing “\(line)”: \(ctx)") }
        for s in a.stdout { #expect(out.stdout.contains(s), "missing “\(s)”: \(ctx)") }
        // No file written anywhere the child could reach in the scratch tree.
        let written = Set(HostileRun.files(under: root)).subtracting(before)
            .filter { ![".stdin", ".stdout", ".stderr"].contains($0) }
        #expect(written.isEmpty, "files written: \(written.sorted()) — \(ctx)")
        // No control byte of a plugin reaches the terminal (the scripts print none).
        for text in [out.stdout, out.stderr] {
            #expect(!text.unicodeScalars.contains { ($0.value < 0x20 && $0.value != 0x0A && $0.value != 0x09) || (0x7F...0x9F).contains($0.value) },
                    "control byte on the terminal: \(ctx)")
        }
        // Only lines Hemi wrote: no forged "hemi: plugin good" line.
        #expect(!out.stderr.split(separator: "\n").contains { $0.hasPrefix("hemi: plugin good") }, "\(ctx)")
        let shown = a.name.unicodeScalars.map { $0.value == 0x1B ? "\\27" : String($0) }.joined()
        switch a.expect {
        case .fails(let fragments):
            #expect(out.stderr.contains("hemi: plugin \(shown) "), "the failing plugin is named: \(ctx)")
            #expect(out.stdout.contains("plugin\t\(shown)\tfailed"), "\(ctx)")
            for f in fragments { #expect(out.stderr.contains(f), "missing “\(f)” in stderr: \(ctx)") }
        case .loads:
            #expect(out.stdout.contains("plugin\t\(shown)\tloaded"), "\(ctx)")
        case .either:
            #expect(out.stdout.contains("plugin\t\(shown)\t"), "\(ctx)")
        }
    }
}
