// `hemi plugin new NAME`: a working plugin folder — manifest, one metric, one command, a
// README, a test and a rockspec — that `hemi plugin test` and `hemi plugin check` pass as
// written. The files are written to a temporary folder beside the target and renamed into
// place, so a failure leaves nothing half-made.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QueryEngine

public enum PluginScaffold {
    /// Writes `<parent>/<name>/` and returns the files written (relative to it), in order.
    public static func create(name: String, in parent: String, hemiVersion: String = HemiRuntime.version) throws(EngineError) -> [String] {
        guard isPluginName(name) else {
            throw EngineError("hemi plugin new: '\(name)' is not a plugin name (expected lower-case letters, digits and _, starting with a letter, e.g. remit or trade_extra)")
        }
        let target = parent + "/" + name
        if FileIO.withPath(target, { access($0, F_OK) }) == 0 {
            throw EngineError("hemi plugin new: \(FileIO.shown(target)) already exists; choose another name or remove it")
        }
        let files = self.files(name: name, hemiVersion: hemiVersion)
        let staging = parent + "/.\(name).new-\(getpid())"
        do {
            try makeDirectory(staging)
            try makeDirectory(staging + "/tests")
            for (path, text) in files { try FileIO.writeAtomically(Array(text.utf8), to: staging + "/" + path) }
        } catch {
            removeTree(staging, files: files.map(\.path))
            throw EngineError("hemi plugin new: cannot write \(FileIO.shown(target)): \(error.message)")
        }
        guard FileIO.withPaths(staging, target, { rename($0, $1) }) == 0 else {
            removeTree(staging, files: files.map(\.path))
            throw EngineError("hemi plugin new: cannot create \(FileIO.shown(target)) (\(String(cString: strerror(errno))))")
        }
        return files.map(\.path)
    }

    static func isPluginName(_ s: String) -> Bool {
        guard let first = s.first, first.isASCII, first.isLowercase, s.count <= 64 else { return false }
        return s.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLowercase || $0.isNumber)) }
    }

    /// The folder's files and their text.
    static func files(name: String, hemiVersion: String) -> [(path: String, text: String)] {
        let metric = "\(name)_trade_total_usd_mn"
        let majorMinor = hemiVersion.split(separator: ".").prefix(2).joined(separator: ".")
        let initLua = """
        -- \(name): a Hemi plugin, made by `hemi plugin new \(name)`. Change the manifest, the metric
        -- and the command to your own; `hemi plugin test` runs tests/, `hemi plugin check` checks
        -- the manifest, the metric's expression, its unit and sources, and the README.

        ---@type HemiPlugin
        return {
          name = "\(name)",
          version = "0.1.0",
          api_version = 1,
          description = "US goods trade (exports + imports) with each partner",
          author = "Your Name",
          license = "MIT",
          requires = { hemi = ">=\(majorMinor)" },

          register = function(api)
            -- A metric is an engine expression over one table's columns, usable by name in
            -- filter, derive, sort and aggregates.
            api.metric{
              name = "\(metric)",
              description = "US goods exports to plus imports from the partner (Census basis)",
              unit = "US$ millions",
              table = "us_trade",
              inputs = { "us_exports_usd_mn", "us_imports_usd_mn" },
              expr = "us_exports_usd_mn + us_imports_usd_mn",
              sources = { "U.S. Census Bureau, U.S. Trade in Goods by Country, table us_trade" },
            }

            -- A command is `.\(name) [year]` in the REPL and hemi.command("\(name)", "2023") in Lua.
            api.command{
              name = "\(name)",
              usage = "[year]",
              description = "the five largest US goods-trade partners in a year (default 2024)",
              run = function(args)
                local year = tonumber(args) or 2024
                return hemi.table("us_trade")
                  :filter("year == " .. math.tointeger(year) .. " and group == 'lac_sovereign'")
                  :derive{ total = "\(metric)" }
                  :sort("total desc")
                  :limit(5)
                  :select("partner_name", "total")
              end,
            }
          end,
        }

        """
        let test = """
        -- Tests of the \(name) plugin: `hemi plugin test` runs every tests/*.lua in the plugin's
        -- sandbox with the bundled dataset. test(name, fn) declares one; expect(value) checks.

        test("\(metric) is exports plus imports", function()
          local row = hemi.table("us_trade"):filter("iso3 == 'MEX' and year == 2023")
            :derive{ total = "\(metric)" }:first()
          expect(row.total).to_be_near(row.us_exports_usd_mn + row.us_imports_usd_mn, 1e-6)
        end)

        test("the command lists five partners, the largest first", function()
          local q = run_command("\(name)", "2023")
          expect(q:count()).to_be(5)
          expect(q:first().partner_name).to_be("Mexico")
        end)

        """
        let readme = """
        # \(name)

        A Hemi plugin: US goods trade (exports + imports) with each partner.

        | Adds | Unit | Source |
        |---|---|---|
        | metric `\(metric)` on `us_trade`: `us_exports_usd_mn + us_imports_usd_mn` | US$ millions | U.S. Census Bureau, U.S. Trade in Goods by Country |
        | command `.\(name) [year]`: the five largest LAC partners in a year | | |

        ```sh
        hemi plugin test      # runs tests/*.lua
        hemi plugin check     # manifest, metric expressions, units, sources, this README
        HEMI_PLUGIN_PATH="$PWD/..;;" hemi -e 'hemi.help("\(metric)")'
        ```

        Shared as a LuaRocks rock (`hemi-plugin-\(name)-0.1.0-1.rockspec`):

        ```sh
        luarocks --lua-version=5.4 --tree ~/.local/share/hemi/rocks make
        ```

        """
        let rockspec = """
        -- A Hemi plugin as a LuaRocks rock: its files install under hemi/plugins/\(name) of the
        -- tree, where hemi looks (HEMI_ROCKS_TREE, default ~/.local/share/hemi/rocks).
        rockspec_format = "3.0"
        package = "hemi-plugin-\(name)"
        version = "0.1.0-1"
        source = { url = "file://." }
        description = {
          summary = "US goods trade (exports + imports) with each partner (Hemi plugin)",
          license = "MIT",
        }
        dependencies = {}
        build = {
          type = "none",
          install = {
            lua = {
              ["hemi.plugins.\(name).init"] = "init.lua",
              ["hemi.plugins.\(name).tests.\(name)_test"] = "tests/\(name)_test.lua",
            },
          },
        }

        """
        return [("init.lua", initLua), ("tests/\(name)_test.lua", test), ("README.md", readme),
                ("hemi-plugin-\(name)-0.1.0-1.rockspec", rockspec)]
    }

    private static func makeDirectory(_ path: String) throws(EngineError) {
        guard FileIO.withPath(path, { mkdir($0, 0o755) }) == 0 else {
            throw EngineError("cannot create \(FileIO.shown(path)) (\(String(cString: strerror(errno))))")
        }
    }

    private static func removeTree(_ dir: String, files: [String]) {
        for f in files { _ = FileIO.withPath(dir + "/" + f) { unlink($0) } }
        _ = FileIO.withPath(dir + "/tests") { rmdir($0) }
        _ = FileIO.withPath(dir) { rmdir($0) }
    }
}
