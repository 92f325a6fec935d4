// Load order from the manifests' `requires`: each plugin after the plugins it requires, and
// the ones that cannot load said by name — a dependency missing, of a version the constraint
// does not admit, itself failed, or a cycle. Plugins not involved keep their search-path order.

enum PluginDependencies {
    struct Manifest: Sendable {
        var name: String
        var version: String
        /// (name, constraint) in the manifest's order; `hemi` is Hemi itself.
        var requires: [(name: String, constraint: String)]
        init(name: String, version: String, requires: [(name: String, constraint: String)]) {
            self.name = name; self.version = version; self.requires = requires
        }
    }

    /// The order to register the plugins in, and why the others cannot be registered.
    /// `failed` are plugins already known to have failed (their manifest did not load).
    static func plan(_ manifests: [Manifest], hemiVersion: String,
                            failed: Set<String> = []) -> (order: [String], problems: [String: String]) {
        var byName: [String: Manifest] = [:]
        for m in manifests { byName[m.name] = m }
        var problems: [String: String] = [:]
        // Own problems first: a constraint that does not parse, a dependency absent or of the
        // wrong version, Hemi too old.
        for m in manifests {
            for (dep, text) in m.requires {
                let constraint: PluginVersionConstraint
                do throws(PluginVersionError) { constraint = try PluginVersionConstraint(text) } catch {
                    problems[m.name] = "requires \(dep): \(error.message)"; break
                }
                if dep == "hemi" {
                    if let v = PluginVersion(Substring(hemiVersion)), !constraint.admits(v) {
                        problems[m.name] = "requires hemi \(text); this is Hemi \(hemiVersion)"; break
                    }
                    continue
                }
                if dep == m.name { problems[m.name] = "requires itself"; break }
                if failed.contains(dep) { continue }   // said below, once its failure is known
                guard let d = byName[dep] else {
                    problems[m.name] = "requires plugin '\(dep)' (\(text)), which is not installed"; break
                }
                guard let v = PluginVersion(Substring(d.version)), constraint.admits(v) else {
                    problems[m.name] = "requires plugin '\(dep)' \(text), found \(dep) \(d.version)"; break
                }
            }
        }
        // Depth-first over the plugins in their order: each after its dependencies; a plugin
        // met again while its own dependencies are being visited closes a cycle.
        var order: [String] = []
        var state: [String: Int] = [:]   // 1 visiting, 2 done
        var stack: [String] = []
        func visit(_ name: String) {
            if state[name] == 2 { return }
            guard let m = byName[name] else { return }
            state[name] = 1
            stack.append(name)
            for (dep, _) in m.requires where dep != "hemi" && dep != name && byName[dep] != nil {
                if state[dep] == 1 {
                    let cycle = Array(stack[stack.lastIndex(of: dep)!...]) + [dep]
                    for member in cycle.dropLast() where problems[member] == nil {
                        problems[member] = "dependency cycle: \(cycle.joined(separator: " → "))"
                    }
                    continue
                }
                visit(dep)
            }
            stack.removeLast()
            state[name] = 2
            order.append(name)
        }
        for m in manifests { visit(m.name) }
        // A plugin whose dependency cannot load cannot load either (in order, so chains pass on).
        var cannot = failed.union(problems.keys)
        for name in order where problems[name] == nil {
            if let dep = byName[name]!.requires.first(where: { cannot.contains($0.name) && $0.name != name }) {
                problems[name] = "requires plugin '\(dep.name)', which did not load"
                cannot.insert(name)
            }
        }
        return (order.filter { problems[$0] == nil }, problems)
    }
}
