// Where plugins are found: the installation's `plugins/`, the user's
// `$XDG_DATA_HOME/hemi/plugins` (default ~/.local/share/hemi/plugins), and HEMI_PLUGIN_PATH,
// a `;`-separated list in which `;;` inserts the default directories (as LUA_PATH does).
// A plugin is a folder holding `init.lua`; earlier directories win over later ones.

import Foundation

extension PluginHost {
    /// The directories to search, in order. Without HEMI_PLUGIN_PATH: the user's directory,
    /// then the installation's (so a user can replace a bundled plugin by its name).
    public static func defaultSearchPath(environment: [String: String], installationPlugins: String?) -> [String] {
        var defaults: [String] = []
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty {
            defaults.append(data + "/hemi/plugins")
        } else if let home = environment["HOME"], !home.isEmpty {
            defaults.append(home + "/.local/share/hemi/plugins")
        }
        if let inst = installationPlugins { defaults.append(inst) }
        guard let custom = environment["HEMI_PLUGIN_PATH"] else { return defaults }
        var out: [String] = []
        var insertedDefaults = false
        // ";;" marks where the defaults go; split keeping empty pieces to find it.
        let text = custom.replacingOccurrences(of: ";;", with: ";\u{0}DEFAULTS\u{0};")
        for piece in text.split(separator: ";", omittingEmptySubsequences: true) {
            if piece == "\u{0}DEFAULTS\u{0}" {
                if !insertedDefaults { out += defaults; insertedDefaults = true }
            } else {
                out.append(String(piece))
            }
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
    }

    /// The installation's plugins directory: HEMI_PLUGINS_DIR if set; else the first
    /// `plugins` folder holding a plugin (a subfolder with init.lua) found walking up from the
    /// executable (`/proc/self/exe`): `<root>/.build/debug/hemi` finds `<root>/plugins`, and an
    /// installed `<prefix>/bin/hemi` finds `<prefix>/share/hemi/plugins` or `<prefix>/plugins`.
    public static func installationPluginsDirectory(environment: [String: String] = ProcessInfo.processInfo.environment,
                                                    executable: String? = nil) -> String? {
        if let dir = environment["HEMI_PLUGINS_DIR"], !dir.isEmpty { return dir }
        let exe = executable ?? (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments.first
        guard let exe else { return nil }
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent().standardizedFileURL.path
        for _ in 0..<8 {
            for candidate in [dir + "/plugins", dir + "/share/hemi/plugins"] where containsPlugins(candidate) {
                return candidate
            }
            let parent = URL(fileURLWithPath: dir).deletingLastPathComponent().path
            if parent == dir { break }
            dir = parent
        }
        return nil
    }

    static func containsPlugins(_ dir: String) -> Bool {
        !pluginFolders(in: dir).isEmpty
    }

    /// Subfolders of `dir` holding init.lua, sorted by name (a missing dir has none).
    static func pluginFolders(in dir: String) -> [(name: String, path: String)] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: dir) else { return [] }
        return names.sorted().compactMap { name in
            let path = dir + "/" + name
            var isDir: ObjCBool = false
            guard !name.hasPrefix("."), fm.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue,
                  fm.fileExists(atPath: path + "/init.lua") else { return nil }
            return (name, path)
        }
    }
}
