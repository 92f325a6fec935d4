import Testing
@testable import LuaBridge
@testable import QueryEngine
@testable import Scripting

/// A plugin cannot catch a limit's failure raised while another plugin's metric ran for it:
/// the other plugin's engine budget or instruction budget (issue #12). Its pcall hands the
/// error back, its command fails naming both plugins, and an ordinary error is still caught.
@Suite(.serialized) struct PluginLimitCatchTests {
    static let boom = PluginFixture.manifest("b_boom", register: """
        api.metric{ name = "boom_metric", description = "d", unit = "u", grain = "x", key = { "k" },
          compute = function()
            local rows = {} for i = 1, 5000 do rows[i] = { k = 1, boom_metric = i } end
            local q = hemi.from_rows(rows)
            return q:join(q:select("k"), "k")
          end }
        api.metric{ name = "spin_metric", description = "d", unit = "u", grain = "x", key = { "k" },
          compute = function() while true do end end }
        api.metric{ name = "plain_error_metric", description = "d", unit = "u", grain = "x", key = { "k" },
          compute = function() error("an ordinary failure") end }
        """)
    static let catcher = PluginFixture.manifest("a_catcher", register: """
        api.command{ name = "catch_metric", description = "d", run = function(m)
          local ok, err = pcall(function() return hemi.from_rows{ { k = 1 } }:derive{ v = m }:count() end)
          return "caught: " .. tostring(ok)
        end }
        """)

    func run(_ metric: String) throws -> (Bool, String) {
        let dir = try PluginFixture.directory(["b_boom": Self.boom, "a_catcher": Self.catcher])
        let (lua, host) = try PluginFixture.load([dir])
        #expect(PluginFixture.status(host, "a_catcher")?.state == .loaded)
        #expect(PluginFixture.status(host, "b_boom")?.state == .loaded)
        let out = try lua.run("return pcall(hemi.command, 'catch_metric', '\(metric)')", chunkName: "=t")
        guard case .boolean(let ok)? = out.first, case .string(let b)? = out.dropFirst().first else { return (false, "\(out)") }
        return (ok, String(decoding: b, as: UTF8.self))
    }

    @Test func anotherPluginsEngineBudgetIsNotCaught() throws {
        let (ok, text) = try run("boom_metric")
        #expect(!ok)
        #expect(text.contains("plugin 'a_catcher'") && text.contains("plugin 'b_boom'") && text.contains("engine work passed its memory limit"), "\(text)")
        #expect(!text.contains("caught:"))
    }

    @Test func anotherPluginsInstructionBudgetIsNotCaught() throws {
        let (ok, text) = try run("spin_metric")
        #expect(!ok)
        #expect(text.contains("plugin 'a_catcher'") && text.contains("instruction budget exceeded"), "\(text)")
    }

    @Test func anOrdinaryErrorIsStillCaught() throws {
        let (ok, text) = try run("plain_error_metric")
        #expect(ok)
        #expect(text == "caught: false", "\(text)")
    }
}
