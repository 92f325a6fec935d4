import Testing
@testable import LuaBridge
@testable import Scripting

/// A query object holds its result outside Lua's heap; building the result tells the state's
/// collector its size (QueryBox.result → LuaState.collectorOwes). Without that, a loop of
/// queries dropped every result until Lua's own small allocations reached the collector's
/// pace: hundreds of results alive at once (Benchmarks/rowfunc: 600 MB more resident over 40
/// filters of 1M rows, each result written into fresh pages).
@Suite(.serialized) struct QueryCollectorTests {
    /// How many of 40 dropped filters over 20,000 rows (a 160 KB result each) are still
    /// alive after the loop, with their answers.
    func aliveAfterLoop(generational: Bool) throws -> [LuaValue] {
        let lua = try LuaState()
        HemiRuntime.install(into: lua)
        if generational { lua.useGenerationalCollector() }   // as the hemi command runs scripts
        return try lua.run("""
            local rows = {}
            for i = 1, 20000 do rows[i] = { x = i * 0.5 } end
            local t = hemi.from_rows(rows)
            rows = nil
            collectgarbage()
            local alive = setmetatable({}, { __mode = "v" })
            local counts = 0
            for i = 1, 40 do
              local q = t:filter("x > 1")
              counts = counts + q:count()
              alive[i] = q
            end
            local n = 0
            for _ in pairs(alive) do n = n + 1 end
            return n, counts
            """, chunkName: "=t")
    }

    @Test(arguments: [true, false]) func droppedQueriesAreCollectedAsTheLoopGoes(generational: Bool) throws {
        let out = try aliveAfterLoop(generational: generational)
        #expect(out.count == 2)
        guard case .integer(let alive) = out[0] else { Issue.record("\(out)"); return }
        #expect(alive <= 3, "\(alive) of 40 dropped queries still hold their results")
        #expect(out[1] == .integer(40 * 19998))
    }
}
