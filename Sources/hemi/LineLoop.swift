import LuaBridge
#if canImport(Glibc)
import Glibc
#endif

/// A plain line loop in the manner of lua.c (the libedit REPL replaces it when it lands):
/// tries `return <line>` first, continues an incomplete chunk on `>>`, prints results.
struct LineLoop {
    let lua: LuaState

    func run() {
        var pending = ""
        while true {
            print(pending.isEmpty ? "> " : ">> ", terminator: ""); fflush(nil)
            guard let line = readLine(strippingNewline: true) else {
                if LuaInterrupt.isPending { LuaInterrupt.clear(); pending = ""; print(""); continue }
                print(""); return
            }
            let chunk = pending.isEmpty ? line : pending + "\n" + line
            if pending.isEmpty, lua.compile("return " + chunk, chunkName: "=stdin") == nil {
                execute("return " + chunk); continue
            }
            if let err = lua.compile(chunk, chunkName: "=stdin"), case .syntax(let m) = err, m.hasSuffix("<eof>") {
                pending = chunk; continue
            }
            pending = ""
            execute(chunk)
        }
    }

    private func execute(_ chunk: String) {
        LuaInterrupt.clear()
        do {
            let results = try lua.run(chunk, chunkName: "=stdin")
            if !results.isEmpty {
                // print the results through Lua's own print (tostring semantics)
                _ = try? lua.run("print(...)", chunkName: "=print", args: results)
            }
        } catch {
            if case .interrupted = error { print("Interrupted") } else { stderrWrite(error.message + "\n") }
        }
        LuaInterrupt.clear()
    }
}
