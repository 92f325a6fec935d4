// `hemi report script.lua -o report.ipynb`: the script as a Jupyter notebook for the Hemi
// kernel, with its outputs. The script is cut into cells at blank lines (a paragraph that
// leaves a chunk open joins the next); a paragraph of `--` comments becomes a Markdown cell.
// Each code cell is run by the kernel's own session (KernelSession) in order, so its outputs
// are exactly what the kernel gives when the notebook is run again. Top-level `local`s become
// globals in the cells, or a later cell could not see them. A failing cell writes nothing and
// exits 1, as a failing `hemi report` does.

#if canImport(Glibc)
import Glibc
#endif
import LuaBridge
import QueryEngine
import Scripting

public enum NotebookReport {
    /// Runs `script` cell by cell and writes the notebook to `output` (the driver has parsed
    /// the command line: `Sources/hemi/ReportArguments.swift`). Returns the exit status.
    public static func run(script: String, output: String, scriptArgs: [String] = [], program: String = "hemi") -> Int32 {
        let source: String
        do throws(EngineError) { source = String(decoding: try FileIO.readAll(script), as: UTF8.self) } catch {
            FileIO.standardError("\(program): \(error.message)\n")
            return 1
        }
        let lua: LuaState
        do { lua = try LuaState() } catch {
            FileIO.standardError("\(program): cannot create state: \(error)\n")
            return 1
        }
        let context = HemiRuntime.install(into: lua)
        PluginHost.startUp(into: lua, context: context, environment: PluginHost.processEnvironment(), program: program)
        var cells = self.cells(source) { KernelCell.isOpen($0, in: lua) }
        for (k, cell) in cells.enumerated() where cell.code {
            cells[k].text = globalised(cell.text) { lua.compile($0, chunkName: "=cell") == nil }
        }
        if !scriptArgs.isEmpty {
            // The script's arguments, as a first cell, so the notebook runs again the same way.
            let values = ([script] + scriptArgs).map { JSONValue.string($0).text }
            cells.insert(Cell(code: true, text: "arg = { [0] = \(values[0]), \(values.dropFirst().joined(separator: ", ")) }"), at: 0)
        }

        let channel: KernelChannel
        do { channel = try KernelChannel() } catch {
            FileIO.standardError("\(program): \(error.message)\n")
            return 1
        }
        var messages: [JSONValue] = []
        channel.deliver = { messages.append($0) }
        let session = KernelSession(lua: lua, channel: channel)
        var count = 0
        var json: [JSONValue] = []
        for cell in cells {
            guard cell.code else {
                json.append(.object([("cell_type", .string("markdown")), ("id", .string("cell-\(json.count + 1)")),
                                     ("metadata", .object([])), ("source", .string(cell.text))]))
                continue
            }
            count += 1
            messages = []
            let reply = session.execute(cell.text, id: .number(Double(count)), silent: false, count: count)
            if reply.first?.1 != .string("ok") {
                channel.restore()
                var lines: [String] = []
                if case .array(let items)? = JSONValue.object(reply)["traceback"] { lines = items.compactMap { $0.stringValue } }
                FileIO.standardError("\(program): \(script): cell \(count) failed:\n\(lines.joined(separator: "\n"))\n")
                return 1
            }
            json.append(.object([
                ("cell_type", .string("code")), ("id", .string("cell-\(json.count + 1)")),
                ("execution_count", .number(Double(count))), ("metadata", .object([])),
                ("outputs", .array(outputs(messages, count: count))), ("source", .string(cell.text)),
            ]))
        }
        channel.restore()
        let notebook = JSONValue.object([
            ("cells", .array(json)),
            ("metadata", .object([
                ("kernelspec", .object([("display_name", .string(KernelInstall.displayName)), ("language", .string("lua")), ("name", .string("hemi"))])),
                ("language_info", JSONValue.object(KernelServer.kernelInfo(lua))["language_info"] ?? .null),
            ])),
            ("nbformat", .number(4)), ("nbformat_minor", .number(5)),
        ])
        do throws(EngineError) { try FileIO.writeAtomically(notebook.bytes + [0x0A], to: output) } catch {
            FileIO.standardError("\(program): \(error.message)\n")
            return 1
        }
        return 0
    }

    /// Kernel messages as notebook outputs; consecutive stream texts of one name are joined
    /// (how often the kernel flushed is not part of the output).
    static func outputs(_ messages: [JSONValue], count: Int) -> [JSONValue] {
        var out: [JSONValue] = []
        for m in messages {
            switch m["type"]?.stringValue {
            case "stream"?:
                let name = m["name"] ?? .null, text = m["text"]?.stringValue ?? ""
                if case .object(let last)? = out.last, last.first?.1 == .string("stream"), last.count > 1, last[1].1 == name {
                    out[out.count - 1] = .object([("output_type", .string("stream")), ("name", name),
                                                  ("text", .string((last[2].1.stringValue ?? "") + text))])
                } else {
                    out.append(.object([("output_type", .string("stream")), ("name", name), ("text", .string(text))]))
                }
            case "display_data"?:
                out.append(.object([("output_type", .string("display_data")), ("data", m["data"] ?? .object([])), ("metadata", .object([]))]))
            case "execute_result"?:
                out.append(.object([("output_type", .string("execute_result")), ("data", m["data"] ?? .object([])),
                                    ("metadata", .object([])), ("execution_count", .number(Double(count)))]))
            default: continue
            }
        }
        return out
    }

    struct Cell: Equatable {
        var code: Bool
        var text: String
    }

    /// The script cut into cells at blank lines; `isOpen` tells an unfinished chunk.
    static func cells(_ source: String, isOpen: (String) -> Bool) -> [Cell] {
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.first?.hasPrefix("#!") == true { lines.removeFirst() }
        var out: [Cell] = []
        var paragraph: [String] = []
        func close(force: Bool) {
            while paragraph.last?.allSatisfy(\.isWhitespace) == true { paragraph.removeLast() }
            guard !paragraph.isEmpty else { return }
            let text = paragraph.joined(separator: "\n")
            let comments = paragraph.allSatisfy { $0.hasPrefix("--") && !$0.hasPrefix("--[[") }
            if comments {
                let markdown = paragraph.map { line -> String in
                    let body = line.dropFirst(2)
                    return String(body.hasPrefix(" ") ? body.dropFirst() : body)
                }
                out.append(Cell(code: false, text: markdown.joined(separator: "\n")))
            } else {
                if !force && isOpen(text) { paragraph.append(""); return }
                out.append(Cell(code: true, text: text))
            }
            paragraph = []
        }
        for line in lines {
            if line.allSatisfy(\.isWhitespace) { close(force: false); continue }
            paragraph.append(line)
        }
        close(force: true)
        return out
    }

    /// `local x = …` and `local function f` at column 0 as globals (`x = …`, `function f`),
    /// so later cells see them; kept as written when the result does not compile.
    static func globalised(_ text: String, compiles: (String) -> Bool) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.hasPrefix("local ") else { return String(line) }
            let rest = line.dropFirst(6)
            if rest.hasPrefix("function ") { return String(rest) }
            if rest.contains("=") { return String(rest) }
            return String(rest) + " = nil"
        }
        let changed = lines.joined(separator: "\n")
        return changed != text && compiles(changed) ? changed : text
    }
}
