import Testing
import Foundation
@testable import LuaBridge

@Suite(.serialized) struct LuaStateTests {
    @Test func roundTripsEveryValueKind() throws {
        let lua = try LuaState()
        let values: [LuaValue] = [.nil, .boolean(true), .integer(-7), .number(2.5),
                                  .string([0, 0xff, 0x41]), .string("Perú")]
        for v in values {
            let before = lua.top
            let out = try lua.run("return ...", chunkName: "=test", args: [v])
            #expect(out == [v])
            #expect(lua.top == before)
        }
        let t = try lua.run("return {1, 2, x = 'y'}", chunkName: "=test")
        guard case .table(let entries) = t[0] else { Issue.record("not a table"); return }
        #expect(entries.count == 3)
    }

    @Test func cyclesAreMarked() throws {
        let lua = try LuaState()
        let out = try lua.run("local t = {}; t.self = t; return t", chunkName: "=test")
        #expect(out == [.table([LuaTableEntry(key: .string("self"), value: .cycle)])])
    }

    @Test func errorsAreTypedWithChunkNames() throws {
        let lua = try LuaState()
        #expect(throws: LuaError.self) { try lua.run("x = ", chunkName: "=(command line)") }
        do { try lua.run("error('boom')", chunkName: "=(command line)"); Issue.record("no error") } catch {
            guard case .runtime(let m) = error else { Issue.record("wrong kind \(error)"); return }
            #expect(m.hasPrefix("(command line):1: boom\nstack traceback:"))
        }
        #expect(lua.top == 0)
    }

    @Test func swiftFunctionsRaiseWithoutCrossingSwiftFrames() throws {
        let lua = try LuaState()
        lua.register("twice", in: "t") { call in
            switch call.argument(1) {
            case .integer(let i): call.push(.integer(i * 2)); return .results(1)
            default: return .error("bad argument #1 to 'twice' (number expected, got \(call.typeName(1)))")
            }
        }
        #expect(try lua.run("return t.twice(21)", chunkName: "=t") == [.integer(42)])
        let caught = try lua.run("return pcall(t.twice, 'x')", chunkName: "=t")
        #expect(caught == [.boolean(false), .string("bad argument #1 to 'twice' (number expected, got string)")])
        #expect(lua.top == 0)
    }

    final class Counter: @unchecked Sendable { var n = 0 }
    final class Probe { let c: Counter; init(_ c: Counter) { self.c = c }; deinit { c.n += 1 } }

    @Test func closuresAreReleasedByGarbageCollection() throws {
        let lua = try LuaState()
        let counter = Counter()
        do {
            let probe = Probe(counter)
            lua.register("f", in: "tmp") { _ in _ = probe; return .results(0) }
        }
        try lua.run("tmp = nil; collectgarbage(); collectgarbage()", chunkName: "=t")
        #expect(counter.n == 1)
    }

    @Test func memoryCapRaisesCatchableError() throws {
        let lua = try LuaState(memoryLimit: 2_000_000)
        let out = try lua.run("local ok, e = pcall(function() local t = {} for i = 1, 1e7 do t[i] = i end end) return ok, e",
                              chunkName: "=t")
        #expect(out == [.boolean(false), .string("not enough memory")])
        #expect(try lua.run("return 1 + 1", chunkName: "=t") == [.integer(2)])
    }

    @Test func instructionBudgetStopsLoops() throws {
        let lua = try LuaState()
        lua.setInstructionBudget(1_000_000)
        #expect { try lua.run("while true do end", chunkName: "=t") } throws: { e in
            if case LuaError.budget = e { return true }; return false
        }
        lua.setInstructionBudget(nil)
    }

    @Test func interruptStopsPcallWrappedLoopsAndCoroutines() throws {
        let lua = try LuaState()
        for code in ["while true do end",
                     "while true do pcall(function() while true do end end) end",
                     "coroutine.wrap(function() while true do end end)()"] {
            LuaInterrupt.request()   // pending before the call: the hook fires within 1000 instructions
            #expect { try lua.run(code, chunkName: "=t") } throws: { e in
                if case LuaError.interrupted = e { return true }; return false
            }
            LuaInterrupt.clear()
            #expect(try lua.run("return 1", chunkName: "=t") == [.integer(1)])
        }
    }

    /// An interrupt that arrives while code runs (not pending before): the main thread has no
    /// hook until the request arms one, and a coroutine created earlier has its own.
    @Test func interruptArrivingMidRunStopsMainLoopsAndEarlierCoroutines() throws {
        let lua = try LuaState()
        for code in ["while true do end",
                     "while true do pcall(function() while true do end end) end",
                     "local co = coroutine.wrap(function() while true do end end); co()",
                     "local co = coroutine.create(function() while true do end end); assert(coroutine.resume(co)); error('unreachable')"] {
            // The run only ends once the request has been made, so the thread is done by then.
            Thread.detachNewThread { usleep(50_000); LuaInterrupt.request() }
            #expect { try lua.run(code, chunkName: "=t") } throws: { e in
                if case LuaError.interrupted = e { return true }; return false
            }
            LuaInterrupt.clear()
            #expect(try lua.run("return 1", chunkName: "=t") == [.integer(1)])
        }
    }

    /// The main thread runs without a hook (a count hook halves the VM's speed); a budget arms
    /// one and removing the budget disarms it; coroutines always carry one.
    @Test func mainThreadCarriesAHookOnlyUnderABudget() throws {
        let lua = try LuaState()
        #expect(try lua.run("return debug.gethook() == nil", chunkName: "=t") == [.boolean(true)])
        #expect(try lua.run("return (select(3, debug.gethook(coroutine.create(print))))", chunkName: "=t") == [.integer(1000)])
        #expect(try lua.run("local co = coroutine.wrap(function() return (select(3, debug.gethook())) end); return co()", chunkName: "=t") == [.integer(1000)])
        lua.setInstructionBudget(10_000_000)
        #expect(try lua.run("return (select(3, debug.gethook()))", chunkName: "=t") == [.integer(1000)])
        lua.setInstructionBudget(nil)
        #expect(try lua.run("return debug.gethook() == nil", chunkName: "=t") == [.boolean(true)])
    }

    @Test func budgetCountsInsideCoroutines() throws {
        let lua = try LuaState()
        lua.setInstructionBudget(1_000_000)
        #expect { try lua.run("coroutine.wrap(function() while true do end end)()", chunkName: "=t") } throws: { e in
            if case LuaError.budget = e { return true }; return false
        }
        lua.setInstructionBudget(nil)
    }

    /// A Swift function called from a coroutine reads its arguments from, and returns its
    /// results to, the coroutine's stack.
    @Test func swiftFunctionsWorkInsideCoroutines() throws {
        let lua = try LuaState()
        lua.register("add", in: "t") { call in
            guard call.isInteger(1), call.isInteger(2) else { return .error("add: two integers expected") }
            call.pushInteger(call.integer(1) + call.integer(2)); return .results(1)
        }
        let before = lua.top
        let out = try lua.run("""
            local co = coroutine.wrap(function(a) local x = t.add(a, 2); local y = coroutine.yield(x); return t.add(y, 10) end)
            return co(1), co(5)
            """, chunkName: "=t")
        #expect(out == [.integer(3), .integer(15)])
        #expect(lua.top == before)
        // Errors raised by the function inside a coroutine reach the coroutine's caller.
        #expect { try lua.run("coroutine.wrap(function() t.add() end)()", chunkName: "=t") } throws: { e in
            (e as? LuaError)?.message.contains("add: two integers expected") == true
        }
        #expect(try lua.run("return coroutine.wrap(function() return pcall(t.add, 1) end)()", chunkName: "=t")
                == [.boolean(false), .string("add: two integers expected")])
        #expect(lua.top == before)
    }
}
