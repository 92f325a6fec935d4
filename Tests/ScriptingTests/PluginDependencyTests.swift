// Version constraints and the load order of plugins that require others.

import Testing
@testable import Scripting

@Suite struct PluginVersionTests {
    func admits(_ c: String, _ v: String) throws -> Bool {
        try PluginVersionConstraint(c).admits(PluginVersion(Substring(v))!)
    }

    @Test func comparisonsCaretTildeAndBare() throws {
        #expect(try admits(">=0.2", "0.2.0") && admits(">=0.2", "1.0.0") && !admits(">=0.2", "0.1.9"))
        #expect(try admits("^1.0", "1.4.2") && !admits("^1.0", "2.0.0") && !admits("^1.0", "0.9.9"))
        #expect(try admits("^0.2", "0.2.7") && !admits("^0.2", "0.3.0"))
        #expect(try admits("~1.2", "1.2.9") && !admits("~1.2", "1.3.0"))
        #expect(try admits("1.2", "1.2.5") && !admits("1.2", "1.3.0") && admits("=1.2.3", "1.2.3"))
        #expect(try admits(">=1.2, <2", "1.9.0") && !admits(">=1.2, <2", "2.0.0") && admits("*", "7.0.0"))
        #expect(try admits("<2", "1.0.0-beta"))
    }

    @Test func aBadConstraintSaysWhatWasExpected() {
        #expect(throws: PluginVersionError.self) { try PluginVersionConstraint("about 1") }
        do { _ = try PluginVersionConstraint(">=x.1") } catch { #expect(error.message.contains("\"^1.0\"")) }
    }
}

@Suite struct PluginDependencyOrderTests {
    typealias M = PluginDependencies.Manifest

    @Test func dependenciesComeFirstAndTheRestKeepTheirOrder() {
        let plan = PluginDependencies.plan([
            M(name: "china", version: "1.0.0", requires: []),
            M(name: "engagement", version: "1.0.0", requires: [("trade", "^1.0"), ("china", ">=1")]),
            M(name: "resources", version: "1.0.0", requires: []),
            M(name: "trade", version: "1.2.0", requires: [("hemi", ">=0.1")]),
        ], hemiVersion: "0.2.0")
        #expect(plan.order == ["china", "trade", "engagement", "resources"])
        #expect(plan.problems.isEmpty)
    }

    @Test func missingIncompatibleAndTooOldHemiAreNamed() {
        let plan = PluginDependencies.plan([
            M(name: "a", version: "1.0.0", requires: [("ghost", "^1.0")]),
            M(name: "b", version: "1.0.0", requires: [("c", "^2.0")]),
            M(name: "c", version: "1.5.0", requires: []),
            M(name: "d", version: "1.0.0", requires: [("hemi", ">=9")]),
            M(name: "e", version: "1.0.0", requires: [("a", "*")]),
        ], hemiVersion: "0.2.0")
        #expect(plan.order == ["c"])
        #expect(plan.problems["a"] == "requires plugin 'ghost' (^1.0), which is not installed")
        #expect(plan.problems["b"] == "requires plugin 'c' ^2.0, found c 1.5.0")
        #expect(plan.problems["d"] == "requires hemi >=9; this is Hemi 0.2.0")
        #expect(plan.problems["e"] == "requires plugin 'a', which did not load")
    }

    @Test func aCycleIsReportedForEachMemberAndTheRestLoad() {
        let plan = PluginDependencies.plan([
            M(name: "x", version: "1.0.0", requires: [("y", "*")]),
            M(name: "y", version: "1.0.0", requires: [("z", "*")]),
            M(name: "z", version: "1.0.0", requires: [("x", "*")]),
            M(name: "free", version: "1.0.0", requires: []),
            M(name: "after", version: "1.0.0", requires: [("x", "*")]),
        ], hemiVersion: "0.2.0")
        #expect(plan.order == ["free"])
        for name in ["x", "y", "z"] { #expect(plan.problems[name] == "dependency cycle: x → y → z → x") }
        #expect(plan.problems["after"] == "requires plugin 'x', which did not load")
    }

    @Test func aDependencyThatFailedFailsItsDependents() {
        let plan = PluginDependencies.plan([M(name: "a", version: "1.0.0", requires: [("broken", "*")])],
                                           hemiVersion: "0.2.0", failed: ["broken"])
        #expect(plan.problems["a"] == "requires plugin 'broken', which did not load")
    }
}
