// The plugin host: finds plugin folders, loads each in its own world (PluginWorld: a
// lua_State of its own with its own memory cap and instruction budget), records what loaded
// and what failed and why, and keeps the registered metrics (in the context's
// MetricRegistry), commands and parameters. The user's state never runs plugin code: it
// reaches plugins only through natives that copy values across (PluginNatives) and the
// before-the-verb hook that adds Lua-computed metrics' columns (MetricColumns).
//
// Wiring (the driver and the REPL):
//   let host = PluginHost(context: ctx, searchPath: PluginHost.defaultSearchPath(
//       environment: env, installationPlugins: PluginHost.installationPluginsDirectory()))
//   host.loadAll(into: lua)                 // --no-plugins: host.install(into: lua) only
//   .plugins → host.statuses; .reload → host.reload(into: lua); .metrics → context.metrics.all
//   .name args → host.command(named: "name") then host.runCommand("name", arguments:, in: lua)

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LuaBridge
import QueryEngine

public final class PluginHost: @unchecked Sendable {
    static let apiVersion = 1
    /// Largest init.lua read (bytes): a plugin's entry file is source, not data.
    static let maxInitSize = 1 << 20
    /// Names a plugin command may not take: the REPL's own dot-commands (CONVENTIONS.md), which
    /// would otherwise shadow or be shadowed silently. REPLTests checks that every built-in
    /// dot-command is here.
    static let reservedCommandNames: Set<String> = [
        "tables", "schema", "sources", "metrics", "plugins", "reload", "mode", "output", "once", "help",
        "exit", "quit", "history", "read", "timer", "maxrows", "maxwidth", "last",
        "color", "pager", "cd", "echo", "print", "shell", "system",
    ]

    let context: HemiContext
    public var searchPath: [String]
    /// Lua instructions one plugin may run while loading, and per call (a command, a metric's
    /// compute), counted in steps of 1000; pattern matching and C loops a plugin sizes are
    /// charged to it too.
    var instructionBudget = 20_000_000
    /// Bytes a plugin's state may hold in all.
    var memoryCap = 64 << 20
    /// Bytes of engine work (tables its queries build, charged by the engine's WorkBudget)
    /// one plugin call may start, the queries it returns included.
    var engineBudget = 256 << 20

    public private(set) var statuses: [PluginStatus] = []
    private(set) var commands: [String: PluginCommand] = [:]
    private(set) var parameters: [String: PluginParameter] = [:]
    private var overrides: [String: PluginParameter.Value] = [:]
    private(set) var metricHelp: [String: MetricHelp] = [:]
    private var only: Set<String>? = nil
    private var installed = Set<ObjectIdentifier>()
    /// Every plugin folder found by the last loadAll, by name (for require of a declared
    /// dependency's module).
    private(set) var foundFolders: [String: String] = [:]
    /// The loaded plugins' worlds, by plugin name.
    private(set) var worlds: [String: PluginWorld] = [:]
    /// Lua-computed metrics: the world computing each, and its keys (alternatives, the first
    /// whose columns a query has is used; nil: per row).
    private(set) var luaMetrics: [String: (world: PluginWorld, keys: [[String]]?)] = [:]
    /// Per-table metrics' values, until a parameter changes or the plugins reload.
    private var metricCache: [String: QueryBox] = [:]
    private var computing: Set<String> = []

    init(context: HemiContext, searchPath: [String]) {
        self.context = context
        self.searchPath = searchPath
        PluginWorld.installFatalProbe()
        // Verbs in every state of this context (the user's and the plugins') see the
        // Lua-computed metrics their expressions name (MetricColumns.swift).
        context.beforeVerb = { [weak self] box, expressions in
            guard let self else { return box }
            return try self.metricColumns(box, expressions: expressions)
        }
    }

    // MARK: loading

    /// Loads every plugin on the search path (or only those named), each in its own world;
    /// a plugin that fails is recorded and the others still load.
    @discardableResult
    func loadAll(into lua: LuaState, only: Set<String>? = nil) -> [PluginStatus] {
        install(into: lua)
        self.only = only
        var seen: [String: String] = [:]
        var result: [PluginStatus] = []
        var candidates: [(name: String, path: String)] = []
        for dir in searchPath {
            for (name, path) in Self.pluginFolders(in: dir) {
                if let first = seen[name] {
                    result.append(PluginStatus(name: PluginText.clean(name), path: PluginText.clean(path), state: .skipped,
                                               reason: "shadowed by the plugin of the same name in \(PluginText.clean(first))"))
                    continue
                }
                seen[name] = path
                if let only, !only.contains(name) {
                    result.append(PluginStatus(name: PluginText.clean(name), path: PluginText.clean(path), state: .skipped, reason: "not selected"))
                    continue
                }
                candidates.append((name, path))
                result.append(PluginStatus(name: PluginText.clean(name), path: PluginText.clean(path), state: .failed))   // filled below
            }
        }
        foundFolders = [:]
        for c in candidates { foundFolders[c.name] = c.path }
        // Phase 1: each plugin's init.lua and manifest; phase 2: register(api) in dependency
        // order (PluginDependencies), those whose dependencies cannot load failing by name.
        var opened: [String: (status: PluginStatus, world: PluginWorld?)] = [:]
        for (name, path) in candidates { opened[name] = openPlugin(name: name, folder: path) }
        let manifests = candidates.compactMap { c -> PluginDependencies.Manifest? in
            guard let o = opened[c.name], let w = o.world else { return nil }
            return PluginDependencies.Manifest(name: c.name, version: o.status.version ?? "0.0.0", requires: w.requires)
        }
        let failedEarly = Set(candidates.map(\.name).filter { opened[$0]?.world == nil })
        let plan = PluginDependencies.plan(manifests, hemiVersion: HemiRuntime.version, failed: failedEarly)
        var statusOf: [String: PluginStatus] = [:]
        for (name, o) in opened { statusOf[name] = o.status }
        var failedLate = Set<String>()
        for name in plan.order {
            guard let o = opened[name], let world = o.world else { continue }
            if let dep = world.requires.first(where: { failedLate.contains($0.name) }) {
                statusOf[name] = dependencyFailure(o.status, world, "requires plugin '\(dep.name)', which did not load")
                failedLate.insert(name)
                continue
            }
            statusOf[name] = register(o.status, world)
            if statusOf[name]?.state != .loaded { failedLate.insert(name) }
        }
        for (name, problem) in plan.problems {
            if let o = opened[name], let world = o.world { statusOf[name] = dependencyFailure(o.status, world, problem) }
        }
        // Statuses stay in search-path order (the registration order is the plan's).
        var next = 0
        for i in result.indices where result[i].state == .failed && result[i].reason == nil {
            if let s = statusOf[candidates[next].name] { result[i] = s }
            next += 1
        }
        if let only {
            for name in only.sorted() where seen[name] == nil {
                result.append(PluginStatus(name: PluginText.clean(name), path: "", state: .failed,
                                           reason: "no plugin folder '\(PluginText.clean(name))' on the search path (\(searchPath.map { PluginText.clean($0) }.joined(separator: ", ")))"))
            }
        }
        statuses = result
        return result
    }

    /// Forgets every plugin (their states are closed) and loads them again (after edits);
    /// the user's parameter values stay.
    @discardableResult
    public func reload(into lua: LuaState) -> [PluginStatus] {
        for s in statuses { context.metrics.removeAll(from: s.name) }
        for w in worlds.values { context.metrics.removeAll(from: w.name) }
        commands = [:]; parameters = [:]; metricHelp = [:]
        worlds = [:]; luaMetrics = [:]; metricCache = [:]; computing = []
        return loadAll(into: lua, only: only)
    }

    /// Phase 1 for one plugin: its world, init.lua and manifest. A nil world: it failed.
    private func openPlugin(name: String, folder: String) -> (status: PluginStatus, world: PluginWorld?) {
        let file = folder + "/init.lua"
        var status = PluginStatus(name: PluginText.clean(name), path: PluginText.clean(folder), state: .failed)
        status.file = PluginText.clean(file)
        let source: String
        switch Self.readInit(file) {
        case .failure(let reason):
            status.reason = "plugin '\(PluginText.clean(name))': \(reason.message)"
            status.details = status.reason
            return (status, nil)
        case .success(let bytes):
            source = String(decoding: bytes, as: UTF8.self)
        }
        let world: PluginWorld
        do throws(LuaError) {
            world = try PluginWorld(name: name, folder: folder, file: file, host: self)
        } catch {
            status.reason = "plugin '\(PluginText.clean(name))': cannot make its Lua state: \(PluginText.clean(error.message))"
            return (status, nil)
        }
        var failure: LuaError? = nil
        do throws(LuaError) { _ = try world.open(source: source) } catch { failure = error }
        if let m = world.manifest {
            status.version = m.version; status.description = m.description
            status.author = m.author; status.license = m.license
        }
        if let failure { return (failed(status, world, failure), nil) }
        return (status, world)
    }

    /// Phase 2: register(api), then what it registered is the host's.
    private func register(_ opened: PluginStatus, _ world: PluginWorld) -> PluginStatus {
        var status = opened
        do throws(LuaError) { try world.register() } catch { return failed(status, world, error) }
        status.state = .loaded
        worlds[world.name] = world
        for metric in world.metrics where world.computes[metric] != nil {
            let keys = world.metricKeys[metric] ?? []
            luaMetrics[metric] = (world, keys.isEmpty ? nil : keys)
        }
        status.metrics = context.metrics.all.filter { $0.plugin == world.name }.map(\.name)
        for c in world.commands {
            commands[c.name] = c
            status.commands.append(c.name)
        }
        metricCache = [:]
        return status
    }

    private func failed(_ s: PluginStatus, _ world: PluginWorld, _ failure: LuaError) -> PluginStatus {
        var status = s
        status.state = world.incompatible ? .incompatible : .failed
        let text = PluginText.clean(failure.message, multiline: true)
        status.details = text
        status.reason = PluginText.cut(text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? text, at: 1000)
        (status.file, status.line) = Self.location(in: text, preferring: status.file ?? "")
        forget(world)
        return status
    }

    /// A plugin whose manifest loaded but whose dependencies cannot (PluginDependencies).
    private func dependencyFailure(_ s: PluginStatus, _ world: PluginWorld, _ reason: String) -> PluginStatus {
        var status = s
        status.state = .failed
        status.reason = "plugin '\(PluginText.clean(world.name))': \(PluginText.clean(reason))"
        status.details = status.reason
        forget(world)
        return status
    }

    /// Undoes what a plugin that failed had registered.
    private func forget(_ world: PluginWorld) {
        context.metrics.removeAll(from: world.name)
        for p in world.parameters { parameters[p] = nil }
        for m in world.metrics { metricHelp[m] = nil }
    }

    /// init.lua's bytes, if it is a regular file of at most `maxInitSize` bytes. Opened
    /// without blocking (a FIFO would wait for a writer forever) and checked on the open
    /// descriptor (a symlink to /dev/zero is a device, not a file); read no further than the
    /// limit whatever the size said.
    static func readInit(_ path: String) -> Result<[UInt8], PluginLoadError> {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .failure(PluginLoadError("cannot open \(PluginText.clean(path)): \(String(cString: strerror(errno)))")) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(PluginLoadError("cannot read \(PluginText.clean(path)): \(String(cString: strerror(errno)))")) }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            let kind: String
            switch st.st_mode & S_IFMT {
            case S_IFDIR: kind = "a directory"
            case S_IFIFO: kind = "a FIFO"
            case S_IFCHR: kind = "a character device"
            case S_IFBLK: kind = "a block device"
            case S_IFSOCK: kind = "a socket"
            default: kind = "not a regular file"
            }
            return .failure(PluginLoadError("\(PluginText.clean(path)) is \(kind); init.lua must be a regular file"))
        }
        if Int(st.st_size) > maxInitSize {
            return .failure(PluginLoadError("\(PluginText.clean(path)) is \(st.st_size) bytes; init.lua may be at most \(maxInitSize) bytes"))
        }
        var out = [UInt8](repeating: 0, count: maxInitSize + 1)
        var total = 0
        while total <= maxInitSize {
            let n = out.withUnsafeMutableBytes { read(fd, $0.baseAddress! + total, maxInitSize + 1 - total) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(PluginLoadError("cannot read \(PluginText.clean(path)): \(String(cString: strerror(errno)))"))
            }
            if n == 0 { break }
            total += n
        }
        if total > maxInitSize {
            return .failure(PluginLoadError("\(PluginText.clean(path)) grew past \(maxInitSize) bytes while being read; init.lua may be at most \(maxInitSize) bytes"))
        }
        return .success(Array(out[0..<total]))
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

    /// Why a plugin may not take a command name (nil: it may).
    func checkCommandName(_ name: String, plugin: String) -> String? {
        if Self.reservedCommandNames.contains(name) {
            return "command '\(name)' is a built-in command of Hemi (.\(name)); choose another name"
        }
        if let c = commands[name], c.plugin != plugin {
            return "command '\(name)' is already registered by plugin '\(PluginText.clean(c.plugin))'"
        }
        return nil
    }

    /// Runs a command with the rest of the dot-command line as its argument; returns its
    /// first two results as values in `lua`'s terms (a query as its rendered text, as the
    /// REPL displays it). Errors name the plugin and the cause.
    public func runCommand(_ name: String, arguments: String, in lua: LuaState) throws(LuaError) -> [LuaValue] {
        try commandResults(name, argument: arguments).map { c in
            switch c {
            case .value(let v): return v
            case .query(let box):
                do throws(EngineError) { return .string(QueryOutputs.display(try box.result(), context: context)) }
                catch { return .string(error.message) }
            }
        }
    }

    /// The command's results as they cross to the host.
    func commandResults(_ name: String, argument: String) throws(LuaError) -> [PluginWorld.Crossing] {
        guard let c = commands[name], let world = worlds[c.plugin] else {
            let names = commands.keys.sorted()
            throw .runtime("no plugin command '\(PluginText.clean(name))'" + (names.isEmpty ? " (no plugin defines a command)" : "; commands: \(names.joined(separator: ", "))"))
        }
        return try world.runCommand(name, argument: argument)
    }

    // MARK: Lua-computed metrics

    var hasLuaMetrics: Bool { !luaMetrics.isEmpty }

    /// A per-table metric's values (its key columns and its column), computed in its plugin's
    /// world once and kept until a parameter changes or the plugins reload.
    func metricValues(_ name: String, key: [String]) throws(LuaError) -> QueryBox {
        guard let (world, keys) = luaMetrics[name], let keys, keys.contains(key) else {
            throw .runtime("no per-table metric '\(name)' matched on \(key.joined(separator: ", "))")
        }
        let slot = keys.count > 1 ? name + "|" + key.joined(separator: ",") : name
        if let cached = metricCache[slot] { return cached }
        let plugin = PluginText.clean(world.name)
        guard computing.insert(name).inserted else {
            throw .runtime("metric '\(name)' (plugin \(plugin)) uses itself while it is being computed")
        }
        defer { computing.remove(name) }
        let out = try world.compute(name, key: key)
        guard case .query(let box) = out else {
            let got: String
            if case .value(let v) = out { got = v == .nil ? "nil" : PluginWorld.typeName(v) } else { got = "?" }
            throw .runtime("plugin '\(plugin)': compute of metric '\(name)' must return a query or a list of rows, returned \(got)")
        }
        let cols = key + [name]
        // The result was run inside the plugin's budget (PluginWorld.settled); the values are
        // selected from it, not from the plan run again.
        let result: Table
        do throws(EngineError) { result = try box.result() } catch {
            throw .runtime("plugin '\(plugin)': compute of metric '\(name)' failed: \(error.message)")
        }
        let have = result.columnNames
        for c in cols where !have.contains(c) {
            throw .runtime("plugin '\(plugin)': compute of metric '\(name)' returned no column '\(c)' (it must return the key columns \(key.joined(separator: ", ")) and a column named after the metric)")
        }
        let values: QueryBox
        do throws(EngineError) {
            values = QueryBox(try Query(result, name: name, resolver: context.metrics.resolver)
                .select(cols.map { NamedExpression($0, $0) }), tables: box.tables)
        } catch {
            throw .runtime("plugin '\(plugin)': compute of metric '\(name)' failed: \(error.message)")
        }
        metricCache[slot] = values
        return values
    }

    /// A per-row metric's value for each row, computed in its plugin's world.
    func metricRowValues(_ name: String, rows: [LuaValue]) throws(LuaError) -> [LuaValue] {
        guard let (world, _) = luaMetrics[name] else { throw .runtime("no Lua-computed metric '\(name)'") }
        guard computing.insert(name).inserted else {
            throw .runtime("metric '\(name)' (plugin \(PluginText.clean(world.name))) uses itself while it is being computed")
        }
        defer { computing.remove(name) }
        return try world.computeRows(name, rows: rows)
    }

    func clearMetricCache() { metricCache = [:] }

    // MARK: parameters

    var allParameters: [PluginParameter] { parameters.values.sorted { $0.fullName < $1.fullName } }

    /// Sets `plugin.name` to `value` (checked against the default's type); nil restores the default.
    func setParameter(_ fullName: String, _ value: PluginParameter.Value?) throws(EngineError) {
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

    // MARK: installing the host in the user's state

    /// Installs `hemi.help`, `hemi.plugins`, `hemi.param(s)`, `hemi.set_param`,
    /// `hemi.command` and metrics by name in a state that has `hemi` (HemiRuntime.install).
    /// Idempotent.
    public func install(into lua: LuaState) {
        guard installed.insert(ObjectIdentifier(lua)).inserted else { return }
        PluginNatives.installInfo({ self }, into: lua)
        PluginNatives.installUser({ self }, into: lua)
    }

    // Registration, called by the natives of a plugin's world.
    func registerMetric(plugin: String, version: String, spec: LuaTableView, computed: Bool) -> String? {
        let name = spec.field("name")?.stringValue ?? ""
        let expr = spec.field("expr")?.stringValue
        guard !name.isEmpty, (expr == nil) == computed else { return "metric '\(name)': give exactly one of 'expr' or 'compute'" }
        if let expr {
            if let error = ParsedExpression(expr).error {
                return "metric '\(name)': key 'expr' is not a valid expression: \(error.message) (in: \(expr))"
            }
        }
        let strings = { (key: String) in LuaTableView((spec.field(key) ?? .nil).tableEntries).array().compactMap(\.stringValue).map { PluginText.clean($0) } }
        let text = { (key: String) in spec.field(key)?.stringValue.map { PluginText.clean($0, multiline: true) } }
        let table = spec.field("table")?.stringValue
        let grain = spec.field("grain")?.stringValue
        let metric = Metric(name: name, description: text("description") ?? "",
                            unit: text("unit") ?? "", expression: expr,
                            table: table ?? grain, inputs: strings("inputs"), plugin: plugin, version: version)
        do throws(EngineError) { try context.metrics.register(metric) } catch { return error.message }
        metricHelp[name] = MetricHelp(mode: expr != nil ? "expression" : (spec.field("key").map { !$0.tableEntries.isEmpty } == true ? "per table" : "per row"),
                                      grain: grain.map { PluginText.clean($0) }, key: strings("key"), formula: text("formula"),
                                      sources: strings("sources"), notes: text("notes"))
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

/// Why init.lua was not read.
struct PluginLoadError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

extension LuaValue {
    var tableEntries: [LuaTableEntry] { if case .table(let e) = self { return e } else { return [] } }
}
