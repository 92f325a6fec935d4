// `require` inside a plugin: `require("stats")` reads `<plugin>/stats.lua` or
// `<plugin>/stats/init.lua`, `require("util.stats")` reads `<plugin>/util/stats.lua`, and
// nothing else. No package.path or cpath, no C modules (.so), no path leaving the plugin's
// folder: a name is dot-separated identifiers (so no `..`, `/` or absolute path), and the file
// found, symbolic links resolved, must still lie inside the folder (a link pointing out is
// refused). What is read is source text only; the sandbox loads it as text in the plugin's
// environment, once, under the plugin's budget.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QueryEngine

enum PluginModules {
    /// Largest module file read (bytes): a module is source, not data.
    static let maxModuleSize = 1 << 20

    /// The file `require(name)` loads for the plugin in `folder`, with its text, or why not
    /// (worded for the error `require` raises). A module the plugin's folder lacks may come
    /// from a plugin it declares in `requires`: `require("china.percentile")` reads
    /// `percentile.lua` of the china plugin's folder (`dependencies`: name → folder), which
    /// then runs in the requiring plugin's own sandbox.
    static func read(_ name: String, in folder: String,
                            dependencies: [String: String] = [:]) -> Result<(path: String, source: String), PluginModuleError> {
        let own = read(name, inFolder: folder)
        guard case .failure(let e) = own, e.notFound,
              let dot = name.firstIndex(of: "."), let depFolder = dependencies[String(name[..<dot])] else { return own }
        let rest = String(name[name.index(after: dot)...])
        switch read(rest, inFolder: depFolder) {
        case .success(let found): return .success(found)
        case .failure(let d) where d.notFound:
            return .failure(PluginModuleError(e.message + "\n\t" + d.message.split(separator: "\n").dropFirst().joined(separator: "\n\t"), notFound: true))
        case .failure(let d): return .failure(d)
        }
    }

    static func read(_ name: String, inFolder folder: String) -> Result<(path: String, source: String), PluginModuleError> {
        let segments = name.split(separator: ".", omittingEmptySubsequences: false)
        guard !name.isEmpty, segments.allSatisfy(isIdentifier) else {
            return .failure(PluginModuleError("require: '\(name)' is not a module name of this plugin "
                + "(expected names like \"stats\" or \"util.stats\": identifiers separated by dots; "
                + "a plugin requires only its own files, never a path)"))
        }
        guard let root = realPath(folder) else {
            return .failure(PluginModuleError("require: cannot resolve the plugin folder \(folder)"))
        }
        let relative = segments.joined(separator: "/")
        let candidates = [folder + "/" + relative + ".lua", folder + "/" + relative + "/init.lua"]
        for candidate in candidates {
            guard access(candidate, F_OK) == 0 else { continue }
            guard let real = realPath(candidate), real.hasPrefix(root + "/") else {
                return .failure(PluginModuleError("require: module '\(name)' (\(candidate)) leads outside the plugin's folder \(folder) (a symbolic link); a plugin may only require files inside it"))
            }
            var st = stat()
            guard stat(real, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
                return .failure(PluginModuleError("require: module '\(name)': \(candidate) is not a regular file"))
            }
            guard Int(st.st_size) <= maxModuleSize else {
                return .failure(PluginModuleError("require: module '\(name)': \(candidate) is \(st.st_size) bytes, more than the \(maxModuleSize) a module may have"))
            }
            do {
                let bytes = try FileIO.readAll(real)
                return .success((candidate, String(decoding: bytes, as: UTF8.self)))
            } catch {
                return .failure(PluginModuleError("require: module '\(name)': cannot read \(candidate)"))
            }
        }
        return .failure(PluginModuleError("require: module '\(name)' not found in the plugin's folder:\n\t"
            + candidates.map { "no file '\($0)'" }.joined(separator: "\n\t"), notFound: true))
    }

    static func isIdentifier(_ s: Substring) -> Bool {
        guard let first = s.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
        return s.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }

    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}

struct PluginModuleError: Error, Sendable {
    var message: String
    /// No file of that name (as opposed to a name or a file refused).
    var notFound = false
    init(_ message: String, notFound: Bool = false) { self.message = message; self.notFound = notFound }
}
