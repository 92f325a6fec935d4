// One plugin's world: a lua_State of its own, with its own memory cap (the allocator's) and
// instruction budget (the count hook's), holding the plugin standard library
// (clua_open_sandbox), a read-only `hemi` of Swift natives, and the plugin's code. Nothing of
// the user's state or of another plugin exists in it, so nothing can leak: a query the plugin
// builds is a userdata of this state wrapping the engine's immutable Query; what it returns
// to the host crosses as copied values or as that engine query (`Crossing`), never as a Lua
// object of this state. The natives installed here are safe for the plugin to call with any
// arguments: none writes a file, reads a path or changes the host beyond registering this
// plugin's own metrics, commands and parameters while `register(api)` runs.

import LuaBridge
import QueryEngine
import Synchronization

/// clua_set_fatal_probe's answer: engine work over a budget now active, or a nested plugin
/// call that failed on a limit. (A C function pointer formed outside main.swift, see DESIGN.)
private func fatalProbe() -> Int32 {
    PluginWorld.limitPassed ? 1 : 0
}

final class PluginWorld {
    /// The plugin's folder name, as the host names it (shown through PluginText).
    let name: String
    let folder: String
    let file: String
    let lua: LuaState
    unowned let host: PluginHost

    /// What the plugin registered, kept by reference in its registry.
    private(set) var computes: [String: Int32] = [:]
    /// A per-table metric's keys (alternatives, in order).
    private(set) var metricKeys: [String: [[String]]] = [:]
    private(set) var commandRuns: [String: Int32] = [:]
    private(set) var commands: [PluginCommand] = []
    private(set) var metrics: [String] = []
    private(set) var parameters: [String] = []
    /// The manifest's fields, once read; the phase of loading (for the failure's wording).
    private(set) var manifest: (version: String, description: String, author: String, license: String)?
    private(set) var phase = "loading init.lua"
    private(set) var incompatible = false
    private var registering = false
    /// The manifest's `requires`, once read; the plugins whose modules init.lua required.
    private(set) var requires: [(name: String, constraint: String)] = []
    private(set) var declared: Set<String> = []
    private var usedDependencies: Set<String> = []
    private var requiresRead = false

    /// The folders whose modules `require("plugin.module")` may read: while init.lua runs
    /// (before its manifest says), every plugin found; after, those it declares.
    private func dependencyFolders() -> [String: String] {
        host.foundFolders.filter { $0.key != name && (!requiresRead || declared.contains($0.key)) }
    }
    private var depth = 0

    /// The `hemi` functions a plugin may use: reading the dataset and the registry, building
    /// queries, charts as text. Not read_csv/read_json (paths), set_param/command (the host's).
    static let allowedHemi = ["version", "tables", "table", "schema", "describe", "source", "country", "metrics",
                              "from_rows", "help", "plugins", "param", "params", "bar", "sparklines", "line"]

    init(name: String, folder: String, file: String, host: PluginHost) throws(LuaError) {
        self.name = name; self.folder = folder; self.file = file; self.host = host
        lua = try LuaState.sandbox(memoryLimit: host.memoryCap)
        lua.host = host.context
        try lua.uncapped { () throws(LuaError) in try install() }
    }

    // MARK: the plugin's `hemi`

    private func install() throws(LuaError) {
        let context = host.context
        lua.setGlobal("hemi", .table([LuaTableEntry(key: .string("version"), value: .string(HemiRuntime.version))]))
        // The query class of this state is the sandboxed one: created before any query is
        // pushed, it is the metatable every later push reuses.
        lua.pushObject(QueryBox(Query((try? Table(fields: [], columns: []))!, name: "probe"), tables: []),
                       className: QueryLua.className, as: QueryLua.luaClass(sandboxed: true))
        lua.pop()
        DatasetLua.install(into: lua, context: context)
        for chart in ["bar", "sparklines", "line"] {
            lua.register(chart, in: "hemi", Self.refusingFiles(chart, ChartsLua.plain(chart), selfSlots: 0))
        }
        PluginNatives.installInfo({ [unowned host] in host }, into: lua)
        try HemiRuntime.runPrelude(lua)
        // The classes' metatables, now that the host's chunks have read them: getmetatable
        // gives their names only, in this state too.
        let probe = QueryBox(Query((try? Table(fields: [], columns: []))!, name: "probe"), tables: [])
        QueryLua.push(probe, in: lua)
        lua.protectMetatable(ofValueAt: -1, as: QueryLua.className)
        lua.pushObject(GroupBox(probe, keys: []), className: GroupLua.className, as: GroupLua.luaClass())
        lua.protectMetatable(ofValueAt: -1, as: GroupLua.className)
        lua.pop(2)
        installAPI()
    }

    /// A query method or chart function as a plugin gets it: the writers (`to_*` with a path)
    /// and `svg = path` refuse instead of writing.
    static func refusingFiles(_ name: String, _ f: @escaping LuaSwiftFunction, selfSlots: Int32) -> LuaSwiftFunction {
        if name.hasPrefix("to_") {
            return LuaCall.throwing { call in
                if call.argumentCount > selfSlots, call.argument(selfSlots + 1) != .nil {
                    throw LuaArgumentError(1, to: name, "plugins cannot write files: return the text instead (call it without a path)")
                }
                return f(call)
            }
        }
        if ["bar", "sparklines", "line"].contains(name) {
            return LuaCall.throwing { call in
                var i = selfSlots + 1
                while i <= call.argumentCount {
                    if case .table(let entries) = call.argument(i), entries.contains(where: { $0.key == .string("svg") }) {
                        throw LuaArgumentError(i - selfSlots, to: name, "field 'svg': plugins cannot write files; return the chart as text with print = false")
                    }
                    i += 1
                }
                return f(call)
            }
        }
        return f
    }

    // MARK: registration (natives of plugin_loader.lua)

    /// The natives' table, kept in the registry: plugin_loader.lua receives it as its first
    /// `...`, so it is never a global the plugin could reach.
    static let apiKey = "plugin_api"

    private func installAPI() {
        // read_module(name) -> path, source | nil, why: what require(name) loads (PluginModules).
        lua.register("read_module", inKept: Self.apiKey, LuaCall.throwing { [unowned self] call in
            guard let module = call.argument(1).stringValue else { throw LuaArgumentError(1, to: "require", "string expected, got \(call.typeName(1))") }
            switch PluginModules.read(module, in: folder, dependencies: dependencyFolders()) {
            case .success(let found):
                if !found.path.hasPrefix(folder + "/"), let dot = module.firstIndex(of: ".") {
                    usedDependencies.insert(String(module[..<dot]))
                }
                call.push(.string(PluginText.clean(found.path))); call.push(.string(found.source))
                return .results(2)
            case .failure(let e):
                call.push(.nil); call.push(.string(PluginText.clean(e.message, multiline: true)))
                return .results(2)
            }
        })
        // requires({ { name, constraint }, ... }) -> nil | why: the manifest's dependencies; a
        // module read from a plugin it does not declare is refused here.
        lua.register("requires", inKept: Self.apiKey) { [unowned self] call in
            requires = LuaTableView(call.argument(1).tableEntries).array().compactMap { e in
                let f = LuaTableView(e.tableEntries)
                guard let n = f.field("name")?.stringValue, let c = f.field("constraint")?.stringValue else { return nil }
                return (n, c)
            }
            declared = Set(requires.map(\.name))
            requiresRead = true
            if let dep = usedDependencies.subtracting(declared).sorted().first {
                call.push(.string("requires a module of plugin '\(PluginText.clean(dep))' but does not declare it in requires"))
                return .results(1)
            }
            call.push(.nil)
            return .results(1)
        }
        lua.register("phase", inKept: Self.apiKey) { [unowned self] call in
            phase = call.argument(1).stringValue ?? phase; return .results(0)
        }
        lua.register("incompatible", inKept: Self.apiKey) { [unowned self] _ in incompatible = true; return .results(0) }
        lua.register("manifest", inKept: Self.apiKey) { [unowned self] call in
            let s = { (i: Int32) in PluginText.clean(call.argument(i).stringValue ?? "") }
            manifest = (s(1), s(2), s(3), s(4))
            registering = true
            return .results(0)
        }
        // api.metric, api.command, api.param: plugin_loader.lua has checked the arguments; a
        // failure here names the plugin's line (the loader's frames are the host's).
        lua.register("metric", inKept: Self.apiKey, LuaCall.throwing { [unowned self] call in
            guard registering else { throw EngineError("api.metric: plugins register only while register(api) runs") }
            guard case .table(let spec) = call.argument(1) else { throw LuaArgumentError(1, to: "api.metric", "table expected, got \(call.typeName(1))") }
            let view = LuaTableView(spec)
            let metricName = view.field("name")?.stringValue ?? ""
            let hasCompute = call.isFunction(2)
            if let err = host.registerMetric(plugin: name, version: manifest?.version ?? "", spec: view, computed: hasCompute) {
                call.push(.string(err)); return .results(1)
            }
            metrics.append(metricName)
            metricKeys[metricName] = LuaTableView((view.field("keys") ?? .nil).tableEntries).array().map {
                LuaTableView($0.tableEntries).array().compactMap(\.stringValue)
            }.filter { !$0.isEmpty }
            if hasCompute {
                call.state.pushValue(at: 2)
                computes[metricName] = call.state.popReference()
            }
            call.push(.nil); return .results(1)
        })
        lua.register("command", inKept: Self.apiKey, LuaCall.throwing { [unowned self] call in
            guard registering else { throw EngineError("api.command: plugins register only while register(api) runs") }
            guard let cname = call.argument(1).stringValue else { throw LuaArgumentError(1, to: "api.command", "string expected, got \(call.typeName(1))") }
            guard call.isFunction(4) else { throw LuaArgumentError(4, to: "api.command", "function expected, got \(call.typeName(4))") }
            if let err = host.checkCommandName(cname, plugin: name) ?? (commandRuns[cname] != nil ? "command '\(cname)' is registered twice by this plugin" : nil) {
                call.push(.string(err)); return .results(1)
            }
            call.state.pushValue(at: 4)
            commandRuns[cname] = call.state.popReference()
            commands.append(PluginCommand(name: cname, description: PluginText.clean(call.argument(2).stringValue ?? ""),
                                          usage: call.argument(3).stringValue.map { PluginText.clean($0) }, plugin: name))
            call.push(.nil); return .results(1)
        })
        lua.register("param", inKept: Self.apiKey, LuaCall.throwing { [unowned self] call in
            guard registering else { throw EngineError("api.param: plugins register only while register(api) runs") }
            guard let pname = call.argument(1).stringValue else { throw LuaArgumentError(1, to: "api.param", "string expected, got \(call.typeName(1))") }
            guard let value = PluginNatives.parameterValue(call.argument(2)) else {
                throw LuaArgumentError(2, to: "api.param", "number, string or boolean expected, got \(call.typeName(2))")
            }
            let err = host.registerParameter(plugin: name, name: pname, value: value,
                                             description: PluginText.clean(call.argument(3).stringValue ?? ""),
                                             unit: call.argument(4).stringValue.map { PluginText.clean($0) })
            if err == nil { parameters.append(name + "." + pname) }
            call.push(err.map { .string($0) } ?? .nil)
            return .results(1)
        })
        lua.register("get_param", inKept: Self.apiKey, LuaCall.throwing { [unowned self] call in
            guard let full = call.argument(1).stringValue, let p = host.parameter(full) else {
                throw EngineError("no parameter \"\(call.argument(1).stringValue ?? "?")\" (plugin '\(PluginText.clean(name))')")
            }
            call.push(PluginNatives.luaValue(p.value))
            return .results(1)
        })
    }

    /// Phase 1: runs init.lua and checks the manifest, under the budget and the cap; the
    /// plugin's handle is kept for `register` and the tests. Returns its `requires`.
    func open(source: String) throws(LuaError) -> [(name: String, constraint: String)] {
        defer { registering = false }
        try guarded(nil) { () throws(LuaError) in
            _ = try lua.run(EmbeddedLua.plugin_loader, kept: [Self.apiKey], args: [.string(name), .string(file), .string(source),
                                   .string(Self.allowedHemi.joined(separator: ";")), .integer(Int64(PluginHost.apiVersion))],
                            keepAs: Self.handleKey)
        }
        return requires
    }

    /// Phase 2, in dependency order: runs `register(api)`.
    func register() throws(LuaError) {
        registering = true
        defer { registering = false }
        try guarded(nil) { () throws(LuaError) in _ = try lua.callKept(Self.handleKey, args: [.string("register")]) }
    }

    /// Runs one test file of `hemi plugin test` in this state (Lua/plugin_test.lua): the file
    /// under the budget, then each test it declared by its own call, each under the budget.
    func runTests(source: String, chunkName: String) -> [(name: String, ok: Bool, message: String?)] {
        let file = String(chunkName.split(separator: "/").last ?? Substring(chunkName))
        let loaded: [LuaValue]
        do throws(LuaError) {
            loaded = try guarded("loading \(file)") { () throws(LuaError) in
                try lua.run(EmbeddedLua.plugin_test, kept: [Self.handleKey], args: [.string(source), .string(chunkName)],
                            keepAs: Self.testsKey)
            }
        } catch {
            return [("(loading the file)", false, PluginText.clean(error.message, multiline: true))]
        }
        guard loaded.count >= 2, case .table(let entries) = loaded[1] else {
            return [("(loading the file)", false, PluginText.clean(loaded.dropFirst().first?.stringValue ?? "no tests", multiline: true))]
        }
        let names = LuaTableView(entries).array().map { PluginText.clean($0.stringValue ?? "?") }
        if names.isEmpty { return [("(the file)", false, "\(file) declares no test (call test(name, function() ... end))")] }
        return names.enumerated().map { i, testName in
            do throws(LuaError) {
                let r = try guarded("test '\(testName)'") { () throws(LuaError) in
                    try lua.callKept(Self.testsKey, args: [.integer(Int64(i + 1))])
                }
                let ok = r.first == .boolean(true)
                return (testName, ok, ok ? nil : PluginText.clean(r.dropFirst().first?.stringValue ?? "failed", multiline: true))
            } catch {
                return (testName, false, PluginText.clean(error.message, multiline: true))
            }
        }
    }

    static let handleKey = "plugin"
    static let testsKey = "plugin tests"

    // MARK: calls into the plugin

    /// What a call returns to the host: a copied value or an engine query.
    enum Crossing {
        case value(LuaValue)
        case query(QueryBox)
    }

    /// Runs `body` with the plugin's budget armed by the outermost entry (a call back into the
    /// same plugin shares it); a failure is reworded to name the plugin and what it was doing
    /// (`what`; nil: the loading phase).
    /// Engine work the plugin starts (joins, derives, readers) is charged to its WorkBudget
    /// for the call, and queries it hands back are run inside it (`settled`), so a join
    /// explosion fails as this plugin's, not the user's.
    func guarded<R>(_ what: String?, _ body: () throws(LuaError) -> R) throws(LuaError) -> R {
        guard depth == 0 else {
            depth += 1
            defer { depth -= 1 }
            do { return try body() } catch { throw failure(what ?? phase, error) }
        }
        lua.setInstructionBudget(host.instructionBudget)
        depth += 1
        Self.calls.withLock { $0 += 1 }
        defer {
            depth -= 1; lua.setInstructionBudget(nil)
            Self.calls.withLock { n in n -= 1; if n == 0 { Self.fatalInCall.store(false, ordering: .relaxed) } }
        }
        // Whether the engine work's budget had run out when the call failed (looked at
        // while the budget is still the active one).
        var workPassed = false
        do {
            return try WorkBudget.run(limit: host.engineBudget, owner: "plugin \"\(PluginText.clean(name))\"") { _ throws(LuaError) in
                do throws(LuaError) { return try body() } catch { workPassed = WorkBudget.isExhausted; throw error }
            }
        } catch {
            let f = failure(what ?? phase, error)
            switch f {
            case .budget, .memory, .interrupted: Self.fatalInCall.store(true, ordering: .relaxed)
            default: if workPassed { Self.fatalInCall.store(true, ordering: .relaxed) }
            }
            throw f
        }
    }

    // A plugin must not catch the failure of a limit, whichever state it was kept in: its
    // own budget (the state's record), its engine work's budget (WorkBudget), or the budget
    // or memory of another plugin whose metric or command it called. The sandbox's pcall,
    // xpcall, coroutine.resume and load ask `fatalProbe` (clua_set_fatal_probe) and hand such
    // an error back up; the host's outermost plugin call then fails with it.

    /// Plugin calls in progress (nested: a plugin's native that runs another plugin's metric).
    private static let calls = Mutex<Int>(0)
    /// A plugin call failed on a limit since the outermost plugin call began.
    private static let fatalInCall = Atomic<Bool>(false)

    static var limitPassed: Bool { fatalInCall.load(ordering: .relaxed) || WorkBudget.isExhausted }

    /// Installs the probe (once per process; idempotent).
    static func installFatalProbe() {
        LuaState.setFatalProbe(fatalProbe)
    }

    /// Runs a query the plugin returned, inside its budget (the call's `guarded`).
    private func settled(_ c: Crossing) throws(LuaError) -> Crossing {
        if case .query(let box) = c {
            do throws(EngineError) { _ = try box.result() } catch { throw .runtime(error.message) }
        }
        return c
    }

    /// A failure inside this plugin, worded by the host: the plugin's name comes from the
    /// host, never from the error (an error table cannot blame another plugin), and the kind
    /// from the state (a plugin cannot raise "interrupted!" to look like Ctrl-C).
    func failure(_ what: String, _ error: LuaError) -> LuaError {
        var message = PluginText.clean(PluginText.cut(error.message, at: 16 << 10), multiline: true)
        let kind: LuaError
        if LuaInterrupt.isPending { kind = .interrupted("") }
        else if lua.budgetTripped { kind = .budget("") }
        else if case .memory = error { kind = .memory("") }
        else { kind = .runtime("") }
        if case .memory = kind { message += " (the plugin went over its memory cap of \(host.memoryCap >> 20) MB)" }
        let text = "plugin '\(PluginText.clean(name))': \(what) failed: \(message)"
        switch kind {
        case .interrupted: return .interrupted(text)
        case .budget: return .budget(text)
        case .memory: return .memory(text)
        default: return .runtime(text)
        }
    }

    /// A value the plugin left at `index`, as it crosses to the host.
    private func crossing(at index: Int32) throws(LuaError) -> Crossing {
        if let box: QueryBox = lua.object(at: index, className: QueryLua.className) { return .query(box) }
        guard let v = lua.boundedValue(at: index) else {
            throw .runtime("returned a table nested too deep or too large to copy (limits: 100 levels, 5,000,000 entries)")
        }
        return .value(v)
    }

    /// Runs the command with the rest of the dot-command line; its first two results.
    func runCommand(_ command: String, argument: String) throws(LuaError) -> [Crossing] {
        guard let ref = commandRuns[command] else { throw .runtime("plugin '\(PluginText.clean(name))' has no command '\(command)'") }
        return try guarded("command '\(command)'") { () throws(LuaError) in
            let results = try lua.call(reference: ref, args: [.string(argument)]) { first, count -> Result<[Crossing], LuaError> in
                do throws(LuaError) {
                    var out: [Crossing] = []
                    for i in 0..<2 { out.append(i < count ? try settled(crossing(at: first + Int32(i))) : .value(.nil)) }
                    return .success(out)
                } catch { return .failure(error) }
            }
            return try results.get()
        }
    }

    /// A per-table metric's values: what its compute() returned (a query, or rows made one).
    func compute(_ metric: String, key: [String]) throws(LuaError) -> Crossing {
        guard let ref = computes[metric] else { throw .runtime("plugin '\(PluginText.clean(name))' has no metric '\(metric)'") }
        return try guarded("compute of metric '\(metric)'") { () throws(LuaError) in
            let r = try lua.call(reference: ref, args: [key.luaValue]) { first, count -> Result<Crossing, LuaError> in
                do throws(LuaError) { return .success(count > 0 ? try settled(crossing(at: first)) : .value(.nil)) }
                catch { return .failure(error) }
            }
            return try r.get()
        }
    }

    /// A per-row metric: compute(row) for each row (copied in), each value copied out.
    func computeRows(_ metric: String, rows: [LuaValue]) throws(LuaError) -> [LuaValue] {
        guard let ref = computes[metric] else { throw .runtime("plugin '\(PluginText.clean(name))' has no metric '\(metric)'") }
        return try guarded("compute of metric '\(metric)'") { () throws(LuaError) in
            var out: [LuaValue] = []
            out.reserveCapacity(rows.count)
            for (i, row) in rows.enumerated() {
                let v = try lua.call(reference: ref, args: [row]) { first, count in
                    count > 0 ? lua.boundedValue(at: first, maxDepth: 1) ?? .table([]) : .nil
                }
                switch v {
                case .nil, .boolean, .integer, .number, .string: out.append(v)
                default:
                    throw .runtime("compute(row) returned a \(Self.typeName(v)) for row \(i + 1); expected a number, string, boolean or nil")
                }
            }
            return out
        }
    }

    static func typeName(_ v: LuaValue) -> String {
        switch v {
        case .table, .cycle: return "table"
        case .opaque(let n): return n
        default: return "value"
        }
    }
}
