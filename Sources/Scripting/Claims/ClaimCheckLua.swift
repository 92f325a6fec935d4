// `hemi.check([claim_id])`: each claim of the `claims` table tested against the bundled data.
// The checks are Lua, written with the same query API a user has, so a reader can run any of
// them by hand. They live in Lua/claims/*.lua, embedded at build time (EmbedLuaPlugin), so
// the binary carries them and no file lookup can fail at run time.

import LuaBridge

enum ClaimCheckLua {
    /// Registry key under which claims/framework.lua's `{ define, util }` is kept for the
    /// claim groups (never a global).
    static let framework = "claims.framework"
    /// The groups of checks, each receiving the framework as its first `...`.
    static let groups = [EmbeddedLua.claims_trade, EmbeddedLua.claims_countries, EmbeddedLua.claims_resources]

    /// [-0, +0] Adds `hemi.check` to the `hemi` table already installed in `lua`. The checks
    /// are compiled on the first call, not at start-up: the stub (claims/stub.lua) calls
    /// `hemi._load_claim_checks`, which runs the framework (defining the real `hemi.check`)
    /// and the groups, then the stub removes the loader.
    static func install(into lua: LuaState) {
        lua.register("_load_claim_checks", in: "hemi", LuaCall.throwing { call in
            try call.state.run(EmbeddedLua.claims_framework, keepAs: framework)
            for group in groups { try call.state.run(group, kept: [framework]) }
            return .results(0)
        })
        do { try lua.run(EmbeddedLua.claims_stub) } catch { fatalError("hemi.check stub: \(error.message)") }
    }
}
