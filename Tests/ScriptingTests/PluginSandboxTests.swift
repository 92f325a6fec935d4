// The sandbox: each escape of CONVENTIONS.md fails with an error naming the plugin and the
// cause, a runaway plugin is stopped by its budget or its cap, and the good plugins still
// load beside the bad ones.

import Testing
@testable import LuaBridge
@testable import Scripting

@Suite("Plugins: sandbox and failure reports")
struct PluginSandboxTests {
    static let m = PluginFixture.manifest

    /// Plugins that each try one escape at load time; `good` must load regardless. (Plugins
    /// load in name order: `later_duplicate` comes after `good`.)
    static let plugins: [String: String] = [
        "good": m("good", "api.metric{ name = 'double_x', description = 'twice x', unit = 'x', table = 'rows', expr = 'x * 2' }", "1.0.0", 1),
        "uses_io": "local f = io.open('/etc/passwd')\n" + m("uses_io", "", "1.0.0", 1),
        "uses_os_execute": "os.execute('true')\n" + m("uses_os_execute", "", "1.0.0", 1),
        "uses_dump": "local s = string.dump(function() end)\n" + m("uses_dump", "", "1.0.0", 1),
        "uses_debug": "debug.getregistry()\n" + m("uses_debug", "", "1.0.0", 1),
        "uses_loadlib": "package.loadlib('libc.so.6', 'system')\n" + m("uses_loadlib", "", "1.0.0", 1),
        "uses_require": "require('os')\n" + m("uses_require", "", "1.0.0", 1),
        "binary_chunk": "assert(load('\\27Lua', 'x', 'b'))\n" + m("binary_chunk", "", "1.0.0", 1),
        "binary_text_mode": "assert(load('\\27LuaT\\0', 'x'))\n" + m("binary_text_mode", "", "1.0.0", 1),
        "dofile": "dofile('/etc/passwd')\n" + m("dofile", "", "1.0.0", 1),
        "gc_stop": "collectgarbage('stop')\n" + m("gc_stop", "", "1.0.0", 1),
        "writes_hemi": "hemi.table = nil\n" + m("writes_hemi", "", "1.0.0", 1),
        "reads_csv": "hemi.read_csv('/etc/passwd')\n" + m("reads_csv", "", "1.0.0", 1),
        "writes_file": "hemi.from_rows{ { x = 1 } }:to_csv('/tmp/hemi-plugin-escape.csv')\n" + m("writes_file", "", "1.0.0", 1),
        "string_metatable": "getmetatable('').__index.upper = nil\n" + m("string_metatable", "", "1.0.0", 1),
        "infinite_loop": "while true do end\n" + m("infinite_loop", "", "1.0.0", 1),
        "pcall_loop": "while true do pcall(function() while true do end end) end\n" + m("pcall_loop", "", "1.0.0", 1),
        "coroutine_loop": "while true do coroutine.resume(coroutine.create(function() while true do end end)) end\n" + m("coroutine_loop", "", "1.0.0", 1),
        "memory_bomb": "local t = {} while true do t[#t + 1] = string.rep('x', 1000000) .. #t end\n" + m("memory_bomb", "", "1.0.0", 1),
        "syntax_error": "return { name = 'syntax_error' ,, }",
        "missing_keys": "return { name = 'missing_keys', version = '1.0.0', api_version = 1, register = function() end }",
        "bad_version": m("bad_version", "", "one", 1),
        "future_api": m("future_api", "", "1.0.0", 99),
        "wrong_name": m("other_name", "", "1.0.0", 1),
        "bad_metric_key": m("bad_metric_key", "api.metric{ name = 'm1', description = 'd', unit = 'u', table = 't', exprs = 'x' }", "1.0.0", 1),
        "later_duplicate": m("later_duplicate", "api.metric{ name = 'double_x', description = 'd', unit = 'u', table = 't', expr = 'x' }", "1.0.0", 1),
        "bad_expr": m("bad_expr", "api.metric{ name = 'm2', description = 'd', unit = 'u', table = 't', expr = 'x +* 2' }", "1.0.0", 1),
        "runtime_error": m("runtime_error", "local t = nil\n    return t.field", "1.0.0", 1),
    ]

    static func loaded() throws -> (LuaState, PluginHost) {
        let dir = try PluginFixture.directory(plugins)
        return try PluginFixture.load([dir]) { host in
            host.instructionBudget = 2_000_000
            host.memoryCap = 16 << 20
        }
    }

    func expectFailure(_ host: PluginHost, _ name: String, _ fragments: [String], state: PluginStatus.State = .failed,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        guard let s = PluginFixture.status(host, name) else {
            Issue.record("no status for \(name)", sourceLocation: sourceLocation); return
        }
        #expect(s.state == state, "\(name): \(s.summary)", sourceLocation: sourceLocation)
        let text = (s.reason ?? "") + "\n" + (s.details ?? "")
        #expect(text.contains("'\(name)'") || text.contains("plugin \(name)") || text.contains("/\(name)/"),
                "\(name): error should name the plugin: \(text)", sourceLocation: sourceLocation)
        for f in fragments {
            #expect(text.contains(f), "\(name): expected “\(f)” in: \(text)", sourceLocation: sourceLocation)
        }
    }

    @Test func goodPluginLoadsBesideTheBadOnes() throws {
        let (lua, host) = try Self.loaded()
        #expect(PluginFixture.status(host, "good")?.state == .loaded)
        // string_metatable changed the string table of its own state only: it loads, and
        // nothing of it shows in the user's state (below) or in other plugins.
        #expect(host.statuses.filter { $0.state == .loaded }.map(\.name) == ["good", "string_metatable"])
        // The state still works, and so does the good plugin's metric.
        let v = try lua.eval("return hemi.from_rows{ { x = 21 } }:derive{ y = 'double_x' }:value('y')")
        #expect(v == .integer(42))
        // Nothing leaked into the shared state.
        #expect(try lua.eval("return string.upper('a') .. tostring(collectgarbage('isrunning'))") == .string("Atrue"))
        #expect(try lua.eval("return type(hemi.table)") == .string("function"))
    }

    @Test func forbiddenLibrariesAreAbsent() throws {
        let (_, host) = try Self.loaded()
        expectFailure(host, "uses_io", ["global 'io'", "init.lua:1"])
        expectFailure(host, "uses_os_execute", ["field 'execute'"])
        expectFailure(host, "uses_dump", ["field 'dump'"])
        expectFailure(host, "uses_debug", ["global 'debug'"])
        expectFailure(host, "uses_loadlib", ["global 'package'"])
        // require exists but reads only the plugin's own files: a library name is not one of them.
        expectFailure(host, "uses_require", ["require: module 'os' not found in the plugin's folder"])
        expectFailure(host, "dofile", ["global 'dofile'"])
        #expect(PluginFixture.status(host, "uses_io")?.line == 1)
    }

    @Test func binaryChunksGarbageCollectorAndSharedTablesAreRefused() throws {
        let (_, host) = try Self.loaded()
        expectFailure(host, "binary_chunk", ["text chunks only"])
        expectFailure(host, "binary_text_mode", ["attempt to load a binary chunk"])
        expectFailure(host, "gc_stop", ["collectgarbage('stop') is not available to plugins"])
        expectFailure(host, "writes_hemi", ["hemi is read-only for plugins", "hemi.table"])
        expectFailure(host, "reads_csv", ["hemi.read_csv is not available to plugins"])
        expectFailure(host, "writes_file", ["plugins cannot write files"])
        #expect(PluginFixture.status(host, "string_metatable")?.state == .loaded)
    }

    @Test func runawayPluginsAreStoppedByBudgetAndCap() throws {
        let (_, host) = try Self.loaded()
        expectFailure(host, "infinite_loop", ["instruction budget exceeded"])
        expectFailure(host, "pcall_loop", ["instruction budget exceeded"])
        expectFailure(host, "coroutine_loop", ["instruction budget exceeded"])
        expectFailure(host, "memory_bomb", ["not enough memory", "memory cap"])
    }

    @Test func manifestAndAPIViolationsAreNamed() throws {
        let (_, host) = try Self.loaded()
        expectFailure(host, "syntax_error", ["unexpected symbol", "init.lua:1"])
        #expect(PluginFixture.status(host, "syntax_error")?.line == 1)
        expectFailure(host, "missing_keys", ["manifest key 'description' must be a string, got nil"])
        expectFailure(host, "bad_version", ["version 'one' is not semver"])
        expectFailure(host, "future_api", ["needs plugin API 99"], state: .incompatible)
        expectFailure(host, "wrong_name", ["manifest name 'other_name' must match its folder 'wrong_name'"])
        expectFailure(host, "bad_metric_key", ["api.metric (plugin 'bad_metric_key'): unknown key 'exprs'"])
        #expect(PluginFixture.status(host, "bad_metric_key")?.line == 5)
        expectFailure(host, "later_duplicate", ["metric \"double_x\" is already defined by plugin \"good\""])
        expectFailure(host, "bad_expr", ["key 'expr' is not a valid expression"])
        expectFailure(host, "runtime_error", ["attempt to index a nil value (local 't')"])
        // A failed plugin leaves no metric behind.
        #expect(host.context.metrics.metric("m1") == nil && host.context.metrics.metric("m2") == nil)
        #expect(host.context.metrics.metric("double_x")?.plugin == "good")
    }

    @Test func budgetAndCapAreRestoredAfterPluginCalls() throws {
        let (lua, _) = try Self.loaded()
        // User code runs without the plugin budget: a loop longer than it completes.
        #expect(try lua.eval("local n = 0 for i = 1, 3000000 do n = n + 1 end return n") == .integer(3_000_000))
        #expect(try lua.eval("return #string.rep('x', 40000000)") == .integer(40_000_000))
    }

    @Test func commandFailuresAndBudgetsAtCallTime() throws {
        let dir = try PluginFixture.directory([
            "cmds": PluginFixture.manifest("cmds", register: """
                api.command{ name = "spin", description = "loops", run = function() while true do end end }
                api.command{ name = "boom", description = "fails", run = function() error("kaboom") end }
                api.command{ name = "say", description = "echoes", run = function(a) return "got " .. a end }
                """),
        ])
        let (lua, host) = try PluginFixture.load([dir]) { $0.instructionBudget = 1_000_000 }
        #expect(host.command(named: "say")?.plugin == "cmds")
        #expect(try host.runCommand("say", arguments: "x y", in: lua) == [.string("got x y"), .nil])
        #expect(throws: LuaError.self) { try host.runCommand("spin", arguments: "", in: lua) }
        do { _ = try host.runCommand("boom", arguments: "", in: lua); Issue.record("boom did not fail") }
        catch { #expect(error.message.contains("plugin 'cmds': command 'boom' failed") && error.message.contains("kaboom")) }
        // Still usable afterwards, without a budget.
        #expect(try lua.eval("local n = 0 for i = 1, 2000000 do n = n + 1 end return n") == .integer(2_000_000))
    }
}
