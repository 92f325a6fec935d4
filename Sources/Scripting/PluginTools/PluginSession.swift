// A Hemi session for `hemi plugin test` and `hemi plugin check`: a state with `hemi` and the
// bundled dataset, the plugin folder's parent searched first (so that folder's plugin is the
// one loaded, whatever else shares its name), then the usual places, so the plugins it
// requires are found as they would be in use.

import LuaBridge
import QueryEngine

final class PluginSession {
    let lua: LuaState
    let host: PluginHost
    let folder: String
    let name: String

    init(folder: String, environment: [String: String]) throws(LuaError) {
        self.folder = PluginHost.absolutePath(folder)
        name = PluginChecker.lastComponent(self.folder)
        lua = try LuaState()
        let context = HemiRuntime.install(into: lua)
        var path = [PluginHost.parentDirectory(of: self.folder)]
        for dir in PluginHost.defaultSearchPath(environment: environment,
                                                installationPlugins: PluginHost.installationPluginsDirectory(environment: environment))
            where !path.contains(dir) { path.append(dir) }
        host = PluginHost(context: context, searchPath: path)
        context.plugins = host
        host.loadAll(into: lua)
    }

    /// The status of the plugin in `folder`.
    var status: PluginStatus {
        host.statuses.first { $0.path == folder }
            ?? PluginStatus(name: name, path: folder, state: .failed,
                            reason: "no plugin was loaded from \(folder) (a plugin folder holds init.lua)")
    }
}
