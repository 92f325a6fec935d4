// `hemi.check([claim_id])`: each claim of the `claims` table tested against the bundled data.
// The checks are Lua, written with the same query API a user has, so a reader can run any of
// them by hand; they live in Swift strings (ClaimCheckFramework, ClaimChecks*) so that the
// binary carries them and no file lookup can fail at run time.

import LuaBridge

public enum ClaimCheckLua {
    /// [-0, +0] Adds `hemi.check` to the `hemi` table already installed in `lua`.
    /// The framework chunk leaves a temporary global `__hemi_claim_define` through which each
    /// group of checks registers itself; the last step removes it, so scripts never see it.
    public static func install(into lua: LuaState) {
        let chunks: [(name: String, source: String)] = [
            ("=hemi.check", ClaimCheckFramework.source),
            ("=hemi.check(trade)", ClaimChecksTrade.source),
            ("=hemi.check(countries)", ClaimChecksCountries.source),
            ("=hemi.check(resources)", ClaimChecksResources.source),
            ("=hemi.check(finish)", "__hemi_claim_define = nil"),
        ]
        for chunk in chunks {
            // A failure here is a bug in the sources above, not in the user's input.
            do { _ = try lua.run(chunk.source, chunkName: chunk.name) }
            catch { fatalError("\(chunk.name): \(error.message)") }
        }
    }
}
