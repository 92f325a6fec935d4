import Testing
import CLua
@testable import LuaBridge

@Suite(.serialized) struct LuaObjectTests {
    final class Counter { var n = 0; nonisolated(unsafe) static var released = 0; deinit { Counter.released += 1 } }

    static var counterClass: LuaClass { LuaClass(name: "test.Counter", methods: [
        "bump": LuaCall.throwing { call in
            let c = try call.this("test.Counter", method: "bump", as: Counter.self)
            c.n += 1; call.pushInteger(Int64(c.n)); return .results(1)
        },
    ], metamethods: [
        "__tostring": { call in
            guard let c: Counter = call.object(1, className: "test.Counter") else { return .error("not a counter") }
            call.push(.string("Counter(\(c.n))")); return .results(1)
        },
    ]) }

    @Test func methodsNamesAndRelease() throws {
        let lua = try LuaState()
        let before = Counter.released
        do {
            let c = Counter()
            lua.register("new", in: "test") { call in call.state.pushObject(c, className: "test.Counter", as: Self.counterClass); return .results(1) }
        }
        let top = lua.top
        let out = try lua.run("local c = test.new(); c:bump(); return c:bump(), tostring(c), c", chunkName: "=t")
        #expect(out == [.integer(2), .string("Counter(2)"), .opaque("test.Counter")])
        #expect(lua.top == top, "stack balanced after pushing objects")
        // Lua's own wording for a bad self, with the class name.
        #expect(throws: LuaError.self) { try lua.run("local c = test.new(); c.bump('x')", chunkName: "=t") }
        do { try lua.run("local c = test.new(); c.bump('x')", chunkName: "=t") } catch {
            #expect(error.message.contains("calling 'bump' on bad self (test.Counter expected, got string)"), "\(error.message)")
        }
        try lua.run("test = nil; collectgarbage(); collectgarbage()", chunkName: "=t")
        #expect(Counter.released == before + 1, "__gc released the Swift object")
    }
}
