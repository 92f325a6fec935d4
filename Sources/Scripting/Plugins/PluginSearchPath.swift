// Where plugins are found: the installation's `plugins/`, the user's
// `$XDG_DATA_HOME/hemi/plugins` (default ~/.local/share/hemi/plugins), the LuaRocks tree
// HEMI_ROCKS_TREE (default ~/.local/share/hemi/rocks), and HEMI_PLUGIN_PATH,
// a `;`-separated list in which `;;` inserts the default directories (as LUA_PATH does).
// A plugin is a folder holding `init.lua`; earlier directories win over later ones.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QueryEngine

extension PluginHost {
    /// The directories to search, in order. Without HEMI_PLUGIN_PATH: the user's directory,
    /// then the rocks tree's, then the installation's (so a user can replace a bundled plugin
    /// by its name).
    static func defaultSearchPath(environment: [String: String], installationPlugins: String?) -> [String] {
        var defaults: [String] = []
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty {
            defaults.append(data + "/hemi/plugins")
        } else if let home = environment["HOME"], !home.isEmpty {
            defaults.append(home + "/.local/share/hemi/plugins")
        }
        // Plugins installed as LuaRocks rocks, between the user's own and the installation's.
        if let tree = rocksTree(environment: environment) { defaults += rocksPluginDirectories(tree: tree) }
        if let inst = installationPlugins { defaults.append(inst) }
        guard let custom = environment["HEMI_PLUGIN_PATH"] else { return defaults }
        var out: [String] = []
        var insertedDefaults = false
        // ";;" (an empty piece between two separators) marks where the defaults go.
        let pieces = custom.split(separator: ";", omittingEmptySubsequences: false)
        for (i, piece) in pieces.enumerated() {
            if !piece.isEmpty { out.append(String(piece)); continue }
            let betweenTwo = i > 0 && i < pieces.count - 1
            if betweenTwo && !insertedDefaults { out += defaults; insertedDefaults = true }
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
    }

    /// The LuaRocks tree searched for plugins installed as rocks: HEMI_ROCKS_TREE, else
    /// `$XDG_DATA_HOME/hemi/rocks`, else `~/.local/share/hemi/rocks` (what
    /// `luarocks --tree ~/.local/share/hemi/rocks install hemi-plugin-NAME` fills).
    static func rocksTree(environment: [String: String]) -> String? {
        if let tree = environment["HEMI_ROCKS_TREE"], !tree.isEmpty { return tree }
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/hemi/rocks" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/share/hemi/rocks" }
        return nil
    }

    /// The folders of a rocks tree where plugins land: a rock installs its Lua files under
    /// `share/lua/<version>/` of the tree, for the Lua version luarocks ran for (Debian's
    /// `luarocks` defaults to 5.1; `--lua-version=5.4` chooses), and a plugin rock puts them in
    /// `hemi/plugins/NAME`. A plugin is plain Lua, so every version's folder is searched, 5.4
    /// first; only those that exist are listed.
    static func rocksPluginDirectories(tree: String) -> [String] {
        ["5.4", "5.3", "5.2", "5.1"].map { tree + "/share/lua/" + $0 + "/hemi/plugins" }.filter { dir in
            var st = stat()
            return stat(dir, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
        }
    }

    /// The installation's plugins directory: HEMI_PLUGINS_DIR if set; else the first
    /// `plugins` folder holding a plugin (a subfolder with init.lua) found walking up from the
    /// executable (`/proc/self/exe`): `<root>/.build/debug/hemi` finds `<root>/plugins`, and an
    /// installed `<prefix>/bin/hemi` finds `<prefix>/share/hemi/plugins` or `<prefix>/plugins`.
    static func installationPluginsDirectory(environment: [String: String] = processEnvironment(),
                                                    executable: String? = nil) -> String? {
        if let dir = environment["HEMI_PLUGINS_DIR"], !dir.isEmpty { return dir }
        guard let exe = executable ?? FileIO.readLink("/proc/self/exe") ?? CommandLine.arguments.first else { return nil }
        var dir = parentDirectory(of: absolutePath(exe))
        for _ in 0..<8 {
            for candidate in [dir + "/plugins", dir + "/share/hemi/plugins"] where containsPlugins(candidate) {
                return candidate
            }
            let parent = parentDirectory(of: dir)
            if parent == dir { break }
            dir = parent
        }
        return nil
    }

    /// `path` made absolute against the working directory, with `.`, `..` and doubled slashes
    /// resolved by name (as URL.standardizedFileURL did; symbolic links are left alone).
    static func absolutePath(_ path: String) -> String {
        var full = path
        if !path.hasPrefix("/") {
            var buf = [CChar](repeating: 0, count: 4096)
            if getcwd(&buf, buf.count) != nil {
                full = String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) + "/" + path
            }
        }
        var parts: [Substring] = []
        for p in full.split(separator: "/") {
            if p == "." { continue }
            if p == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(p)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The folder holding `path` ("/" for a top-level entry and for "/" itself).
    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    static func containsPlugins(_ dir: String) -> Bool {
        !pluginFolders(in: dir).isEmpty
    }

    /// Subfolders of `dir` holding init.lua, sorted by name (a missing dir has none).
    static func pluginFolders(in dir: String) -> [(name: String, path: String)] {
        guard let stream = opendir(dir) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted().compactMap { name in
            let path = dir + "/" + name
            var st = stat()
            guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR,
                  access(path + "/init.lua", F_OK) == 0 else { return nil }
            return (name, path)
        }
    }
}
