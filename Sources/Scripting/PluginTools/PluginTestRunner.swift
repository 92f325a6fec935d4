// `hemi plugin test [DIR...]`: runs each plugin's tests/*.lua in the plugin's own sandbox,
// with the bundled dataset and the expect-style helpers of Lua/plugin_test.lua, and prints one
// line per test and a closing `N passed, N failed`. A plugin that does not load, a test file
// that does not compile or declares no test, and a plugin without tests count as failures.

import LuaBridge
import QueryEngine

public enum PluginTestRunner {
    struct Result: Sendable, Equatable {
        var plugin: String
        var file: String
        var name: String
        var passed: Bool
        var message: String?

        /// `ok    percapita  tests/metric_test.lua: …` / `FAIL  percapita  …: why`.
        var line: String {
            (passed ? "ok    " : "FAIL  ") + "\(plugin)  \(file): \(name)" + (message.map { "\n      " + $0.split(separator: "\n").prefix(4).joined(separator: "\n      ") } ?? "")
        }
    }

    /// Runs the tests of each folder, printing as it goes; exit status 0 when all passed.
    public static func run(folders: [String], environment: [String: String]) -> Int32 {
        var passed = 0, failed = 0
        for folder in folders {
            for r in results(folder: folder, environment: environment) {
                print(r.line)
                if r.passed { passed += 1 } else { failed += 1 }
            }
        }
        print("\(passed) passed, \(failed) failed")
        return failed == 0 ? 0 : 1
    }

    /// The results of one plugin folder's tests, in file then declaration order.
    static func results(folder: String, environment: [String: String]) -> [Result] {
        let session: PluginSession
        do { session = try PluginSession(folder: folder, environment: environment) } catch {
            return [Result(plugin: folder, file: folder, name: "(starting Hemi)", passed: false, message: error.message)]
        }
        let name = session.name
        let status = session.status
        guard status.state == .loaded else {
            return [Result(plugin: name, file: "init.lua", name: "(loading the plugin)", passed: false,
                           message: "\(status.state.rawValue): \(status.reason ?? "")")]
        }
        let files = PluginChecker.listing(session.folder + "/tests").filter { $0.hasSuffix(".lua") }
        if files.isEmpty {
            return [Result(plugin: name, file: "tests/", name: "(finding tests)", passed: false,
                           message: "no tests: write tests/*.lua with test(name, function() ... expect(x).to_be(y) end)")]
        }
        var out: [Result] = []
        for file in files {
            let relative = "tests/" + file
            let path = session.folder + "/" + relative
            guard let bytes = try? FileIO.readAll(path) else {
                out.append(Result(plugin: name, file: relative, name: "(reading the file)", passed: false, message: "cannot read \(path)"))
                continue
            }
            for r in session.host.runTestFile(plugin: name, source: String(decoding: bytes, as: UTF8.self),
                                              chunkName: "@" + name + "/" + relative) {
                out.append(Result(plugin: name, file: relative, name: r.name, passed: r.ok, message: r.message))
            }
        }
        return out
    }
}

extension PluginHost {
    /// Runs one test file in the loaded plugin's own state (PluginWorld.runTests).
    func runTestFile(plugin: String, source: String, chunkName: String) -> [(name: String, ok: Bool, message: String?)] {
        guard let world = worlds[plugin] else { return [("(running the file)", false, "plugin '\(plugin)' is not loaded")] }
        return world.runTests(source: source, chunkName: chunkName)
    }
}
