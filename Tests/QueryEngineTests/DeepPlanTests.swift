import Testing
import Glibc
@testable import QueryEngine

/// Plans of any length either run or stop with a clear error, never with a stack overflow.
@Suite struct DeepPlanTests {
    static let one = try! Table(fields: ["c0"], columns: [Column(.int([1]))])

    static func chain(_ n: Int) throws -> Query {
        var q = Query(one)
        for _ in 0..<n { q = try q.filter("c0 > 0") }
        return q
    }

    /// Runs `body` on a thread with a 1 MB stack (a debug build's frames are large; this is
    /// the bound `Query.maxDepth` promises).
    static func onSmallStack(_ body: @escaping @Sendable () -> Void) {
        final class Box: @unchecked Sendable { let f: @Sendable () -> Void; init(_ f: @escaping @Sendable () -> Void) { self.f = f } }
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        pthread_attr_setstacksize(&attr, 1 << 20)
        var thread = pthread_t()
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        pthread_create(&thread, &attr, { p in
            let b = Unmanaged<Box>.fromOpaque(p!).takeRetainedValue()
            b.f()
            return nil
        }, box)
        pthread_join(thread, nil)
        pthread_attr_destroy(&attr)
    }

    @Test func sixtyThousandFiltersStopWithAClearErrorAtTheVerbThatGoesTooFar() {
        let error = engineError { _ = try Self.chain(60_000) }
        #expect(error?.message == "filter: the query would chain 1,001 verbs, more than the 1,000 a query may have; combine conditions in one filter (a and b), or continue from a result: hemi.from_rows(q:collect())")
    }

    @Test func theDeepestAllowedPlanRunsExplainsAndFreesOnASmallStack() {
        Self.onSmallStack {
            guard let q = try? Self.chain(Query.maxDepth) else { Issue.record("the deepest plan was refused"); return }
            #expect(q.depth == Query.maxDepth)
            #expect((try? q.execute().rowCount) == 1)
            #expect(q.fields.map(\.name) == ["c0"])
            let text = q.explain()
            // Linear: a line per verb, indentation capped at 32 levels.
            #expect(text.split(separator: "\n").count == Query.maxDepth + 1)
            #expect(text.utf8.count < 100 * (Query.maxDepth + 1))
            #expect(text.hasSuffix("\n" + String(repeating: "  ", count: 32) + "[1000] source table (1 rows, 1 columns)"))
        }
    }

    @Test func joinsCountBothSides() throws {
        let deep = try Self.chain(10), shallow = try Self.chain(2)
        #expect(try deep.join(shallow, on: [("c0", "c0")]).depth == 13)
        // A self-join counts its input twice (the executor runs it twice): 40 of them would be
        // a tree of 2^40 verbs; the tenth is refused.
        var q = Query(Self.one)
        let error = engineError { for _ in 0..<40 { q = try q.join(q, on: [("c0", "c0")]) } }
        #expect(q.depth == 511)
        #expect(error?.message.hasPrefix("join: the query would chain 1,023 verbs") == true)
    }
}
