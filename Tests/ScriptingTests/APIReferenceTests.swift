// The API reference against the running API: every function of `hemi`, every query and
// grouped-query method and every function of the plugin `api` has an entry, and no entry
// names something that does not exist; the LuaCATS file built from it is valid Lua; help
// reads the same entries.

import Foundation
import TestSupport
import Testing
@testable import LuaBridge
@testable import Scripting

@Suite(.serialized) struct APIReferenceTests {
    /// Names found in the running state, as the reference writes them (`hemi.table`,
    /// `HemiQuery:filter`, `api.metric`, fields as `hemi.version`). Names starting with `_`
    /// are the host's internals.
    static func runningAPI() throws -> Set<String> {
        let probe = PluginFixture.manifest("probe", register: """
            local names = {}
            for k, v in pairs(api) do names[#names + 1] = k .. "=" .. type(v) end
            api.command{ name = "probe_api", description = "lists api", run = function() return table.concat(names, " ") end }
            """)
        let dir = try PluginFixture.directory(["probe": probe])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (lua, host) = try PluginFixture.load([dir])
        #expect(PluginFixture.status(host, "probe")?.state == .loaded, "\(PluginFixture.status(host, "probe")?.reason ?? "")")
        let listed = try lua.eval("""
            local out = {}
            local function add(prefix, sep, t)
              for k, v in pairs(t) do
                if type(k) == "string" and k:sub(1, 1) ~= "_" then
                  out[#out + 1] = prefix .. (type(v) == "function" and sep or ".") .. k .. "=" .. type(v)
                end
              end
            end
            add("hemi", ".", hemi)
            local q = hemi.table("countries")
            add("HemiQuery", ":", getmetatable(q).__index)
            add("HemiGrouped", ":", getmetatable(q:group("group")).__index)
            for entry in hemi.command("probe_api"):gmatch("%S+") do
              local k, t = entry:match("^(.-)=(.*)$")
              out[#out + 1] = "api." .. k .. "=" .. t
            end
            return table.concat(out, "\\n")
            """).stringValue ?? ""
        var names = Set<String>()
        for line in listed.split(separator: "\n") {
            let parts = line.split(separator: "=")
            names.insert(String(parts[0]))
        }
        return names
    }

    static var documented: Set<String> {
        Set(HemiAPI.entries.filter { e in
            switch e.kind {
            case .function, .method: return true
            case .field: return e.owner == "hemi" || e.owner == "api"
            case .class: return false
            }
        }.map(\.qualifiedName))
    }

    @Test func everyRunningFunctionHasAnEntry() throws {
        let missing = try Self.runningAPI().subtracting(Self.documented).sorted()
        #expect(missing.isEmpty, "not in the API reference (add a line to Sources/Scripting/API/APIReference.swift): \(missing.joined(separator: ", "))")
    }

    @Test func everyEntryNamesSomethingThatExists() throws {
        let extra = Self.documented.subtracting(try Self.runningAPI()).sorted()
        #expect(extra.isEmpty, "in the API reference but not in the running API: \(extra.joined(separator: ", "))")
    }

    @Test func everyLineOfTheReferenceParses() throws {
        let lines = APIReference.text.split(separator: "\n").filter { !$0.allSatisfy { $0 == " " } }
        #expect(HemiAPI.entries.count == lines.count)
        #expect(HemiAPI.entries.count > 150)
        // Every type a signature names is a class of the reference or a LuaCATS built-in.
        let classes = Set(HemiAPI.entries.filter { $0.kind == .class }.map(\.name))
        for e in HemiAPI.entries where e.kind != .class {
            let owner = ["hemi": "Hemi", "api": "HemiPluginAPI"][e.owner] ?? e.owner
            #expect(classes.contains(owner), "\(e.qualifiedName): no class \(owner)")
        }
        let bad = try? APIEntry.parse("function hemi.x(a string) — no colon")
        #expect(bad == nil)
    }

    @Test func theLuaCATSFileIsValidLuaWithAnAnnotationPerFunction() throws {
        let text = HemiAPI.luaCATS(version: HemiRuntime.version)
        #expect(text.hasPrefix("---@meta hemi\n"))
        #expect(text.contains("---@class HemiQuery\n"))
        #expect(text.contains("---@param condition string|fun(row: table): boolean\n---@param params? table<string, string|number|boolean>\n---@return HemiQuery\nfunction HemiQuery:filter(condition, params) end\n"))
        #expect(text.contains("---@field register fun(api: HemiPluginAPI)"))
        for e in HemiAPI.entries where e.kind == .function || e.kind == .method {
            let local = ["hemi": "hemi", "api": "api"][e.owner] ?? e.owner
            let sep = e.kind == .method ? ":" : "."
            #expect(text.contains("function \(local)\(sep)\(e.name)("), "no annotation for \(e.qualifiedName)")
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hemi-types-\(getpid()).lua")
        try text.write(to: file, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let r = try ChildProcess.run("/usr/bin/luac5.4", ["-p", file.path])
        #expect(r.status == 0, "luac5.4 -p: \(r.stderr)")
    }

    @Test func helpReadsTheSameEntries() throws {
        let (lua, _) = try PluginFixture.load([])
        let table = try lua.eval("return hemi.help('hemi.table', false)").stringValue ?? ""
        #expect(table.hasPrefix("hemi.table(name: string): HemiQuery\n  A bundled table as a lazy query"))
        let filter = try lua.eval("return hemi.help('filter', false)").stringValue ?? ""
        #expect(filter.hasPrefix("HemiQuery:filter(condition: string|fun(row: table): boolean, params?: table<string, string|number|boolean>): HemiQuery"))
        let metric = try lua.eval("return hemi.help('api.metric', false)").stringValue ?? ""
        #expect(metric.hasPrefix("api.metric(spec: HemiMetricSpec)"))
    }
}

/// The plugin guide's `.luarc.json` is valid JSON naming the folder `make install` fills.
@Suite struct EditorGuideTests {
    @Test func theGuidesLuarcPointsAtTheInstalledTypes() throws {
        let readme = try String(contentsOfFile: PluginFixture.bundledPlugins + "/README.md", encoding: .utf8)
        let start = try #require(readme.range(of: "```json\n"))
        let end = try #require(readme.range(of: "\n```", range: start.upperBound..<readme.endIndex))
        let json = String(readme[start.upperBound..<end.lowerBound])
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?["runtime.version"] as? String == "Lua 5.4")
        #expect((object?["workspace.library"] as? [String])?.first?.hasSuffix("/share/hemi/types") == true)
        #expect(json.split(separator: "\n").count == 4, "two lines inside the braces")
        let makefile = try String(contentsOfFile: PluginFixture.repoRoot + "/Makefile", encoding: .utf8)
        #expect(makefile.contains("share/hemi/types/hemi.lua"))
    }
}
