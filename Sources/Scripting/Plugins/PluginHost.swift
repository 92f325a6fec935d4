// The plugin host: finds plugin folders, loads each in its own sandbox (PluginSandboxLua) under
// an instruction budget and a memory cap, records what loaded and what failed and why, and
// keeps the registered metrics (in the context's MetricRegistry), commands and parameters.
//
// Wiring (the driver and the REPL):
//   let host = PluginHost(context: ctx, searchPath: PluginHost.defaultSearchPath(
//       environment: env, installationPlugins: PluginHost.installationPluginsDirectory()))
//   host.loadAll(into: lua)                 // --no-plugins: host.install(into: lua) only
//   .plugins → host.statuses; .reload → host.reload(into: lua); .metrics → context.metrics.all
//   .name args → host.command(named: "name") then host.runCommand("name", arguments:, in: lua)

import LuaBridge
import QueryEngine

public final class PluginHost: @unchecked Sendable {
    public let context: HemiContext
    public var searchPath: [String]
    /// Lua instructions one plugin may run while loading, and per call (a command, a metric's
    /// compute). Counted in steps of 1000.
    public var instructionBudget = 20_000_000
    /// Bytes a plugin call may add to the state.
    public var memoryCap = 64 << 20
    /// The state's own memory limit outside plugin calls (restored after each call).
    public var baseMemoryLimit: Int? = nil

    public private(set) var statuses: [PluginStatus] = []
    private(set) var commands: [String: PluginCommand] = [:]
    private(set) var parameters: [String: PluginParameter] = [:]
    private var overrides: [String: PluginParameter.Value] = [:]
    private(set) var metricHelp: [String: MetricHelp] = [:]
    private var only: Set<String>? = nil
    private var guardDepth = 0
    private var installed = Set<ObjectIdentifier>()

    public init(context: HemiContext, searchPath: [String]) {
        self.context = context
        self.searchPath = searchPath
    }

    // MARK: loading

    /// Loads every plugin on the search path (or only those named), each in its own sandbox;
    /// a plugin that fails is recorded and the others still load.
    @discardableResult
    public func loadAll(into lua: LuaState, only: Set<String>? = nil) -> [PluginStatus] {
        install(into: lua)
        self.only = only
        var seen: [String: String] = [:]
        var result: [PluginStatus] = []
        var candidates: [(name: String, path: String)] = []
        for dir in searchPath {
            for (name, path) in Self.pluginFolders(in: dir) {
                if let first = seen[name] {
                    result.append(PluginStatus(name: name, path: path, state: .skipped,
                                               reason: "shadowed by the plugin of the same name in \(first)"))
                    continue
                }
                seen[name] = path
                if let only, !only.contains(name) {
                    result.append(PluginStatus(name: name, path: path, state: .skipped, reason: "not selected"))
                    continue
                }
                candidates.append((name, path))
                result.append(PluginStatus(name: name, path: path, state: .failed))   // filled below
            }
        }
        // Phase 1: run each init.lua and read its manifest; phase 2: register them in
        // dependency order, those whose dependencies cannot load failing by name.
        _ = call(lua, "hemi._plugins.set_folders(...)",
                 args: [.table(candidates.map { LuaTableEntry(key: .string($0.name), value: .string($0.path)) })])
        var opened: [String: PluginStatus] = [:]
        var requires: [String: [(name: String, constraint: String)]] = [:]
        for (name, path) in candidates {
            let (status, deps) = open(name: name, folder: path, into: lua)
            opened[name] = status
            requires[name] = deps
        }
        let manifests = candidates.compactMap { c -> PluginDependencies.Manifest? in
            guard let s = opened[c.name], s.state == .loaded else { return nil }
            return PluginDependencies.Manifest(name: c.name, version: s.version ?? "0.0.0", requires: requires[c.name] ?? [])
        }
        let failedEarly = Set(candidates.map(\.name).filter { opened[$0]?.state != .loaded })
        let plan = PluginDependencies.plan(manifests, hemiVersion: HemiRuntime.version, failed: failedEarly)
        var failedLate = Set<String>()
        for name in plan.order {
            // A dependency that failed to register fails its dependents.
            if let dep = requires[name]?.first(where: { failedLate.contains($0.name) }) {
                opened[name] = failure(opened[name]!, "requires plugin '\(dep.name)', which did not load")
                failedLate.insert(name)
                continue
            }
            opened[name] = register(opened[name]!, into: lua)
            if opened[name]?.state != .loaded { failedLate.insert(name) }
        }
        for (name, problem) in plan.problems { opened[name] = failure(opened[name]!, problem) }
        // Statuses stay in search-path order (the registration order is the plan's).
        for i in result.indices where result[i].state == .failed && result[i].reason == nil {
            if let s = opened[result[i].name] { result[i] = s }
        }
        if let only {
            for name in only.sorted() where seen[name] == nil {
                result.append(PluginStatus(name: name, path: "", state: .failed,
                                           reason: "no plugin folder '\(name)' on the search path (\(searchPath.joined(separator: ", ")))"))
            }
        }
        statuses = result
        return result
    }

    /// A plugin that read its manifest but cannot register, with the reason.
    private func failure(_ s: PluginStatus, _ reason: String) -> PluginStatus {
        var s = s
        s.state = .failed
        s.reason = "plugin '\(s.name)': \(reason)"
        s.details = s.reason
        s.file = s.path + "/init.lua"
        return s
    }

    /// Forgets every plugin and loads them again (after edits); the user's parameter values stay.
    @discardableResult
    public func reload(into lua: LuaState) -> [PluginStatus] {
        for s in statuses { context.metrics.removeAll(from: s.name) }
        commands = [:]; parameters = [:]; metricHelp = [:]
        _ = try? lua.run("hemi._plugins.reset()", chunkName: "=(plugin host)")
        return loadAll(into: lua, only: only)
    }

    /// Phase 1 for one plugin: runs init.lua and checks the manifest (state .loaded here means
    /// "opened"); returns its `requires` in order.
    private func open(name: String, folder: String, into lua: LuaState) -> (PluginStatus, [(name: String, constraint: String)]) {
        let file = folder + "/init.lua"
        var status = PluginStatus(name: name, path: folder, state: .failed)
        let bytes: [UInt8]
        do { bytes = try FileIO.readAll(file) } catch {
            status.reason = "cannot read \(file)"
            status.file = file
            return (status, [])
        }
        let source = String(decoding: bytes, as: UTF8.self)
        let value = call(lua, "return hemi._plugins.open(...)", args: [.string(name), .string(file), .string(source)])
        status = read(value, into: status, file: file)
        let fields = LuaTableView(value.tableEntries)
        if fields.field("state")?.stringValue == "opened" { status.state = .loaded }
        let deps = LuaTableView((fields.field("requires") ?? .nil).tableEntries).array().compactMap { d -> (name: String, constraint: String)? in
            let f = LuaTableView(d.tableEntries)
            guard let n = f.field("name")?.stringValue, let c = f.field("constraint")?.stringValue else { return nil }
            return (n, c)
        }
        if status.state != .loaded { forget(name) }
        return (status, deps)
    }

    /// Phase 2: runs register(api) of an opened plugin.
    private func register(_ opened: PluginStatus, into lua: LuaState) -> PluginStatus {
        let name = opened.name
        let file = opened.path + "/init.lua"
        let value = call(lua, "return hemi._plugins.register(...)", args: [.string(name)])
        var status = read(value, into: opened, file: file)
        let fields = LuaTableView(value.tableEntries)
        status.state = fields.field("state")?.stringValue == "loaded" ? .loaded : .failed
        if status.state == .loaded {
            status.metrics = context.metrics.all.filter { $0.plugin == name }.map(\.name)
            for c in LuaTableView((fields.field("commands") ?? .nil).tableEntries).array() {
                let cf = LuaTableView(c.tableEntries)
                guard let cname = cf.field("name")?.stringValue else { continue }
                commands[cname] = PluginCommand(name: cname, description: cf.field("description")?.stringValue ?? "",
                                                usage: cf.field("usage")?.stringValue, plugin: name)
                status.commands.append(cname)
            }
        } else {
            forget(name)
        }
        return status
    }

    private func call(_ lua: LuaState, _ chunk: String, args: [LuaValue]) -> LuaValue {
        do {
            return try lua.run(chunk, chunkName: "=(plugin host)", args: args).first ?? .nil
        } catch {
            guardDepth = 0; restoreLimits(lua)
            return .table([LuaTableEntry(key: .string("state"), value: .string("failed")),
                           LuaTableEntry(key: .string("reason"), value: .string(error.message))])
        }
    }

    /// The manifest fields and the failure of a status table from the Lua half.
    private func read(_ value: LuaValue, into s: PluginStatus, file: String) -> PluginStatus {
        var status = s
        let fields = LuaTableView(value.tableEntries)
        if let st = fields.field("state")?.stringValue, let state = PluginStatus.State(rawValue: st) { status.state = state }
        status.version = fields.field("version")?.stringValue ?? status.version
        status.description = fields.field("description")?.stringValue ?? status.description
        status.author = fields.field("author")?.stringValue ?? status.author
        status.license = fields.field("license")?.stringValue ?? status.license
        if let reason = fields.field("reason")?.stringValue {
            status.details = reason
            let firstLine = reason.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? reason
            status.reason = firstLine
            (status.file, status.line) = Self.location(in: reason, preferring: file)
        }
        return status
    }

    /// Drops what a plugin that failed may have registered.
    private func forget(_ name: String) {
        context.metrics.removeAll(from: name)
        for (k, p) in parameters where p.plugin == name { parameters[k] = nil }
        for m in metricHelp.keys where context.metrics.metric(m) == nil { metricHelp[m] = nil }
    }

    /// The `file:line:` an error points at: the plugin's own file if it appears, else the first.
    static func location(in message: String, preferring file: String) -> (String?, Int?) {
        var fallback: (String?, Int?) = (nil, nil)
        for line in message.split(separator: "\n") {
            let rest = Substring(line.drop { $0 == " " || $0 == "\t" })
            // "path:12: message" — the path may itself contain ':' only rarely; take the first
            // ":<digits>:" of the line.
            guard let (path, number) = Self.pathAndLine(rest) else { continue }
            if path.hasPrefix("[") || path.isEmpty { continue }
            if path == file || path.hasSuffix("/init.lua") && file.hasSuffix(path) { return (path, number) }
            if fallback.0 == nil { fallback = (path, number) }
        }
        return fallback.0 == nil ? (file, nil) : fallback
    }

    /// Splits "path:12: rest" at the first ":<digits>:"; nil when the line has none.
    static func pathAndLine(_ line: Substring) -> (String, Int?)? {
        let bytes = Array(line.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: ":") {
                var j = i + 1
                while j < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[j]) { j += 1 }
                if j > i + 1, j < bytes.count, bytes[j] == UInt8(ascii: ":") {
                    return (String(decoding: bytes[0..<i], as: UTF8.self), Int(String(decoding: bytes[(i + 1)..<j], as: UTF8.self)))
                }
            }
            i += 1
        }
        return nil
    }

    // MARK: commands

    /// A plugin's dot-command by name (the REPL's `.name args`).
    public func command(named name: String) -> PluginCommand? { commands[name] }
    public var allCommands: [PluginCommand] { commands.values.sorted { $0.name < $1.name } }

    /// Runs a command with the rest of the dot-command line as its argument; returns what it
    /// returned (a query comes back as its rendered text, as the REPL displays it). Errors
    /// name the plugin and the cause.
    public func runCommand(_ name: String, arguments: String, in lua: LuaState) throws(LuaError) -> [LuaValue] {
        do {
            return try lua.run("return hemi._plugins.run_command_display(...)", chunkName: "=(plugin command)",
                               args: [.string(name), .string(arguments)])
        } catch {
            guardDepth = 0; restoreLimits(lua)
            throw error
        }
    }

    // MARK: parameters

    public var allParameters: [PluginParameter] { parameters.values.sorted { $0.fullName < $1.fullName } }

    /// Sets `plugin.name` to `value` (checked against the default's type); nil restores the default.
    public func setParameter(_ fullName: String, _ value: PluginParameter.Value?) throws(EngineError) {
        guard var p = parameters[fullName] else {
            let known = parameters.keys.sorted()
            throw EngineError("hemi.set_param: no parameter \"\(fullName)\"" + (known.isEmpty ? " (no plugin defines one)" : "; parameters: \(known.joined(separator: ", "))"))
        }
        if let value {
            switch (p.defaultValue, value) {
            case (.number, .number), (.string, .string), (.boolean, .boolean): break
            default: throw EngineError("hemi.set_param: \"\(fullName)\" takes a value like its default \(p.defaultValue), got \(value)")
            }
        }
        p.override = value
        overrides[fullName] = value
        parameters[fullName] = p
    }

    // MARK: limits

    func guardOn(_ lua: LuaState) {
        guardDepth += 1
        guard guardDepth == 1 else { return }
        lua.setInstructionBudget(instructionBudget)
        let cap = lua.memoryUsed + memoryCap
        lua.setMemoryLimit(baseMemoryLimit.map { min($0, cap) } ?? cap)
    }

    func guardOff(_ lua: LuaState) {
        guardDepth = max(0, guardDepth - 1)
        if guardDepth == 0 { restoreLimits(lua) }
    }

    /// After a failed call from Swift: no guard is open any more.
    func resetLimits(_ lua: LuaState) { guardDepth = 0; restoreLimits(lua) }

    private func restoreLimits(_ lua: LuaState) {
        lua.setInstructionBudget(nil)
        lua.setMemoryLimit(baseMemoryLimit)
    }

    // MARK: installing the host in a state

    /// Installs the sandbox, `hemi.help`, `hemi.plugins`, `hemi.param(s)`, `hemi.set_param`
    /// and `hemi.command` in a state that has `hemi` (HemiRuntime.install). Idempotent.
    public func install(into lua: LuaState) {
        guard installed.insert(ObjectIdentifier(lua)).inserted else { return }
        PluginNatives.install(self, into: lua)
        do { try lua.run(PluginSandboxLua.source, chunkName: "=(plugin host)") }
        catch { fatalError("plugin host chunk: \(error)") }
    }

    // Natives called by the Lua half.
    func registerMetric(plugin: String, version: String, spec: LuaTableView) -> String? {
        let name = spec.field("name")?.stringValue ?? ""
        let expr = spec.field("expr")?.stringValue
        if let expr {
            do throws(ExprError) { _ = try ExprParser.parse(expr) } catch {
                return "metric '\(name)': key 'expr' is not a valid expression: \(error.message) (in: \(expr))"
            }
        }
        let strings = { (key: String) in LuaTableView((spec.field(key) ?? .nil).tableEntries).array().compactMap(\.stringValue) }
        let table = spec.field("table")?.stringValue
        let grain = spec.field("grain")?.stringValue
        let metric = Metric(name: name, description: spec.field("description")?.stringValue ?? "",
                            unit: spec.field("unit")?.stringValue ?? "", expression: expr,
                            table: table ?? grain, inputs: strings("inputs"), plugin: plugin, version: version)
        do throws(EngineError) { try context.metrics.register(metric) } catch { return error.message }
        metricHelp[name] = MetricHelp(mode: spec.field("mode")?.stringValue ?? "expression",
                                      grain: grain, key: strings("key"), formula: spec.field("formula")?.stringValue,
                                      sources: strings("sources"), notes: spec.field("notes")?.stringValue)
        return nil
    }

    func registerParameter(plugin: String, name: String, value: PluginParameter.Value, description: String, unit: String?) -> String? {
        let full = plugin + "." + name
        if let p = parameters[full], p.plugin == plugin { return "parameter '\(name)' is registered twice" }
        var p = PluginParameter(fullName: full, plugin: plugin, defaultValue: value, override: nil,
                                description: description, unit: unit)
        if let o = overrides[full] {
            switch (value, o) {
            case (.number, .number), (.string, .string), (.boolean, .boolean): p.override = o
            default: overrides[full] = nil
            }
        }
        parameters[full] = p
        return nil
    }

    func parameter(_ fullName: String) -> PluginParameter? { parameters[fullName] }
}

extension LuaValue {
    var tableEntries: [LuaTableEntry] { if case .table(let e) = self { return e } else { return [] } }
}
