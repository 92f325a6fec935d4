// How the `hemi` command and `hemi report` load plugins: from the installation,
// $XDG_DATA_HOME/hemi/plugins and HEMI_PLUGIN_PATH. A plugin that fails is named on stderr
// with its cause; the others load and hemi goes on.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LuaBridge
import QueryEngine

extension PluginHost {
    /// Makes the host for `context` and loads the plugins (only those named in `only`, none
    /// with `noPlugins`: then only the host's Lua surface is installed). `environment` is
    /// the process environment, or [:] under -E.
    @discardableResult
    public static func startUp(into lua: LuaState, context: HemiContext, environment: [String: String],
                               only: [String]? = nil, noPlugins: Bool = false,
                               program: String = "hemi") -> PluginHost {
        let host = PluginHost(context: context, searchPath: defaultSearchPath(
            environment: environment, installationPlugins: installationPluginsDirectory()))
        context.plugins = host
        if noPlugins { host.install(into: lua); return host }
        for s in host.loadAll(into: lua, only: only.map(Set.init)) where s.state == .failed || s.state == .incompatible {
            FileIO.standardError("\(program): plugin \(s.summary)\n")
        }
        return host
    }

    /// The process environment as a dictionary.
    public static func processEnvironment() -> [String: String] {
        var env: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") { env[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
            p += 1
        }
        return env
    }
}
