// `hemi.check([claim_id])`: each claim of the `claims` table tested against the bundled data.
// The checks are Lua, written with the same query API a user has, so a reader can run any of
// them by hand; they live in Swift strings (ClaimCheckFramework, ClaimChecks*) so that the
// binary carries them and no file lookup can fail at run time.

import LuaBridge

public enum ClaimCheckLua {
    /// [-0, +0] Adds `hemi.check` to the `hemi` table already installed in `lua`. The checks
    /// are compiled on the first call, not at start-up (they are most of the Lua hemi carries,
    /// and `hemi -e 'print(1)'` should not pay for them): the stub loads them, and they replace
    /// it with the real `hemi.check`.
    /// The framework chunk leaves a temporary global `__hemi_claim_define` through which each
    /// group of checks registers itself; the last step removes it, so scripts never see it.
    public static func install(into lua: LuaState) {
        lua.register("_load_claim_checks", in: "hemi") { call in
            for chunk in chunks {
                do throws(LuaError) { _ = try call.state.run(chunk.source, chunkName: chunk.name) }
                catch { return .error("\(chunk.name): \(error.message)") }
            }
            return .results(0)
        }
        do {
            _ = try lua.run("""
                local hemi = hemi
                function hemi.check(...)
                  hemi._load_claim_checks()
                  hemi._load_claim_checks = nil
                  return hemi.check(...)
                end
                """, chunkName: "=hemi.check")
        } catch { fatalError("hemi.check stub: \(error.message)") }
    }

    static let chunks: [(name: String, source: String)] = [
        ("=hemi.check", ClaimCheckFramework.source),
        ("=hemi.check(trade)", ClaimChecksTrade.source),
        ("=hemi.check(countries)", ClaimChecksCountries.source),
        ("=hemi.check(resources)", ClaimChecksResources.source),
        ("=hemi.check(finish)", "__hemi_claim_define = nil"),
    ]
}
