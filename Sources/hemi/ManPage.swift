// hemi(1): the man page `make install` places in <prefix>/share/man/man1, printed by
// `hemi --man`. The OPTIONS section is made from the same usage text `hemi --help` prints (and
// the README shows), so the three cannot drift apart; the other sections say what the README
// says about files, the environment and exit status.

enum ManPage {
    /// The page in roff (man(7) macros).
    static func roff(version: String) -> String {
        var out = [
            ".TH HEMI 1 \"\" \"Hemi \(version)\" \"User Commands\"",
            ".SH NAME",
            "hemi \\- query US\\(enLatin America policy data from Lua",
            ".SH SYNOPSIS",
            ".B hemi",
            "[\\fIoptions\\fR] [\\fIscript\\fR [\\fIargs\\fR]]",
            ".br",
            ".B hemi report",
            "\\fIscript.lua\\fR \\-o \\fIreport.md\\fR|\\fIreport.ipynb\\fR [\\fIargs\\fR]",
            ".br",
            ".B hemi kernel install",
            "[\\-\\-user | \\-\\-prefix \\fIP\\fR] [\\-\\-python \\fIPY\\fR]",
            ".br",
            ".B hemi plugin",
            "new \\fINAME\\fR | test [\\fIDIR\\fR...] | check [\\fIDIR\\fR]",
            ".SH DESCRIPTION",
            "Hemi runs Lua 5.4 the way",
            ".BR lua (1)",
            "does, with a global",
            ".B hemi",
            "table over a curated, sourced dataset of US goods trade, Chinese finance, trade",
            "agreements, resources, migration and governance in Latin America and the Caribbean.",
            "Queries are lazy tables: verbs such as filter, derive, group and sort build a plan that",
            "runs when a result is needed. Plugins written in Lua add metrics and commands.",
            ".PP",
            "Without a script, hemi starts its interactive prompt when standard input is a terminal,",
            "and runs standard input as a script otherwise.",
            ".PP",
            "hemi kernel install writes the Jupyter kernelspec \"Hemi (Lua 5.4)\"; the kernel runs",
            ".B hemi \\-\\-kernel,",
            "which serves one session as JSON lines on standard input and output.",
            ".SH OPTIONS",
        ]
        for line in CommandLineOptions.usage.split(separator: "\n").dropFirst(2) {
            let (option, text) = split(line.drop { $0 == " " })
            out += [".TP", ".B " + escape(option), escape(text)]
        }
        out += [
            ".SH PLUGIN COMMANDS",
            ".TP", ".B hemi plugin new \\fINAME\\fR [\\-\\-dir \\fIDIR\\fR]", "write a working plugin folder: manifest, one metric, one command, README, a test and a rockspec",
            ".TP", ".B hemi plugin test [\\fIDIR\\fR...]", "run each plugin's tests/*.lua in its sandbox; one line per test, then N passed, N failed; exit 1 on a failure",
            ".TP", ".B hemi plugin check [\\fIDIR\\fR]", "check the manifest, that each metric's expression binds, its unit and sources, and the README; each problem with file and line",
            ".SH ENVIRONMENT",
        ]
        let environment: [(String, String)] = [
            ("HEMI_INIT", "a Lua chunk, or @file, run before anything else (as LUA_INIT); ignored under \\-E"),
            ("HEMI_PLUGIN_PATH", "a ;\\-separated list of folders holding plugins; ;; inserts the default places"),
            ("HEMI_ROCKS_TREE", "the LuaRocks tree searched for plugins installed as rocks, in share/lua/5.4/hemi/plugins (also 5.3, 5.2, 5.1); default $XDG_DATA_HOME/hemi/rocks, i.e. ~/.local/share/hemi/rocks"),
            ("HEMI_DATA_DIR", "a folder holding catalog.json and the tables' CSV files, used instead of the bundled data"),
            ("HEMI_PLUGINS_DIR", "the installation's plugins folder, instead of the one found beside the binary"),
            ("HEMI_HISTORY", "the REPL's history file (default $XDG_STATE_HOME/hemi/history)"),
            ("XDG_CONFIG_HOME", "$XDG_CONFIG_HOME/hemi/init.lua runs when the REPL starts"),
            ("XDG_DATA_HOME", "$XDG_DATA_HOME/hemi/plugins holds the user's plugins (default ~/.local/share)"),
            ("NO_COLOR", "when set to a non\\-empty value, output has no colour"),
        ]
        for (name, text) in environment { out += [".TP", ".B " + name, text] }
        out += [
            ".SH FILES",
            ".TP", ".I <prefix>/share/hemi/data", "the bundled dataset (catalog.json and one CSV per table), found from the binary's own location",
            ".TP", ".I <prefix>/share/hemi/plugins", "the bundled plugins: trade, china, resources, engagement",
            ".TP", ".I <prefix>/share/hemi/types/hemi.lua", "LuaCATS annotations of the API (hemi \\-\\-types); list the folder in workspace.library of .luarc.json",
            ".TP", ".I ~/.local/share/hemi/plugins", "the user's plugins",
            ".TP", ".I ~/.local/share/hemi/rocks", "the LuaRocks tree of plugins installed as rocks (luarocks \\-\\-tree ~/.local/share/hemi/rocks install hemi\\-plugin\\-NAME)",
            ".SH EXIT STATUS",
            "0 on success; 1 after a script or runtime error; 2 after a usage error; 130 after an interrupt (SIGINT).",
            ".SH EXAMPLES",
            ".nf",
            "hemi \\-e 'hemi.table(\"us_trade\"):filter(\"year == 2024\"):sort(\"us_exports_usd_mn desc\"):limit(5):show()'",
            "hemi \\-c '.schema us_trade'",
            "hemi report partners.lua \\-o report.md 2023",
            ".fi",
            ".SH SEE ALSO",
            ".BR lua (1),",
            ".BR luarocks (1),",
            ".BR sqlite3 (1)",
        ]
        return out.joined(separator: "\n") + "\n"
    }

    /// "-e stat   execute string 'stat'" → ("-e stat", "execute string 'stat'"): the option ends
    /// at the first run of two spaces.
    static func split(_ line: Substring) -> (String, String) {
        var i = line.startIndex
        while i < line.endIndex {
            let next = line.index(after: i)
            if line[i] == " ", next < line.endIndex, line[next] == " " {
                return (String(line[..<i]), String(line[next...].drop { $0 == " " }))
            }
            i = next
        }
        return (String(line), "")
    }

    /// Text made safe for roff: backslashes and hyphens escaped, a leading dot or quote guarded.
    static func escape(_ s: String) -> String {
        var t = s.replacingAll("\\", with: "\\e").replacingAll("-", with: "\\-")
        if t.hasPrefix(".") || t.hasPrefix("'") { t = "\\&" + t }
        return t
    }
}

private extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
