// `hemi kernel install [--user | --prefix P] [--python PY]`: writes the `hemi` kernelspec
// (kernel.json and the Python kernel, hemi_kernel.py) through jupyter_client's own
// KernelSpecManager.install_kernel_spec — the machinery `jupyter kernelspec install` uses — so
// the spec lands where `jupyter kernelspec list` looks: the user's Jupyter data folder with
// --user, P/share/jupyter/kernels with --prefix, the system folder otherwise. The kernel runs
// with the Python given (it must have ipykernel) and this very hemi binary.

#if canImport(Glibc)
import Glibc
#endif
import QueryEngine
import Scripting

public enum KernelInstall {
    static let usage = """
    usage: hemi kernel install [--user | --prefix PREFIX] [--python PYTHON]
      --user          install for this user (Jupyter's user data folder)
      --prefix P      install under P/share/jupyter/kernels (e.g. a virtual environment: sys.prefix)
      --python PY     the Python that runs the kernel; it needs ipykernel (default: python3 on PATH)
    Then `jupyter kernelspec list` shows `hemi`, and notebooks offer "Hemi (Lua 5.4)".
    """

    static let displayName = "Hemi (Lua 5.4)"

    /// `arguments` follow `kernel` on the command line. Returns the exit status.
    public static func run(_ arguments: [String], program: String = "hemi") -> Int32 {
        guard arguments.first == "install" else {
            return usageError(program, arguments.first.map { "unknown kernel command '\($0)' (expected install)" } ?? "missing command (expected install)")
        }
        var user = false, prefix: String?, python = "python3"
        var i = 1
        while i < arguments.count {
            let a = arguments[i]
            switch a {
            case "--user": user = true
            case "--prefix", "--python":
                guard i + 1 < arguments.count, !arguments[i + 1].isEmpty else { return usageError(program, "'\(a)' needs an argument") }
                i += 1
                if a == "--prefix" { prefix = arguments[i] } else { python = arguments[i] }
            case "-h", "--help": print(usage); return 0
            default: return usageError(program, "unrecognized option '\(a)'")
            }
            i += 1
        }
        if user && prefix != nil { return usageError(program, "--user and --prefix exclude each other") }
        guard let exe = FileIO.readLink("/proc/self/exe") else { return fail(program, "cannot tell where this hemi binary is (/proc/self/exe)") }
        guard let source = pythonKernelFile(executable: exe) else {
            return fail(program, "cannot find hemi_kernel.py (looked for share/hemi/jupyter/ and Sources/REPL/Kernel/python/ above \(exe))")
        }
        python = resolve(python) ?? python

        // The spec is assembled in a temporary folder, then installed by jupyter_client.
        var template = Array("/tmp/hemi-kernelspec-XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else { return fail(program, "cannot make a temporary folder: \(String(cString: strerror(errno)))") }
        let staging = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(staging + "/kernel.json"); unlink(staging + "/hemi_kernel.py"); rmdir(staging) }
        do throws(EngineError) {
            try FileIO.writeAtomically(Array(kernelJSON(python: python, hemi: exe).utf8), to: staging + "/kernel.json")
            try FileIO.writeAtomically(try FileIO.readAll(source), to: staging + "/hemi_kernel.py")
        } catch {
            return fail(program, error.message)
        }
        let script = """
            import sys
            try:
                import ipykernel, jupyter_client.kernelspec as ks
            except ImportError as e:
                sys.exit("%s has no %s: install it first (pip install ipykernel)" % (sys.executable, e.name))
            where = ks.KernelSpecManager().install_kernel_spec(sys.argv[1], "hemi", user=sys.argv[2] == "user",
                                                               prefix=sys.argv[3] or None)
            print("Installed kernelspec hemi in " + where)
            """
        let status = spawn([python, "-c", script, staging, user ? "user" : "system", prefix ?? ""])
        if status != 0 { return fail(program, status == 127 ? "cannot run \(python)" : "kernelspec not installed (\(python) exited with \(status))") }
        return 0
    }

    /// kernel.json: the Python kernel started with the connection file; it runs `hemi --kernel`.
    static func kernelJSON(python: String, hemi: String) -> String {
        JSONValue.object([
            ("argv", .array([.string(python), .string("{resource_dir}/hemi_kernel.py"), .string("-f"), .string("{connection_file}")])),
            ("display_name", .string(displayName)),
            ("language", .string("lua")),
            ("interrupt_mode", .string("signal")),
            ("env", .object([("HEMI_BINARY", .string(hemi))])),
            ("metadata", .object([("debugger", .bool(false)), ("hemi_version", .string(HemiRuntime.version))])),
        ]).text + "\n"
    }

    /// hemi_kernel.py beside an installed binary (`<prefix>/share/hemi/jupyter/`) or in the
    /// source tree above a built one (`<root>/.build/debug/hemi`).
    static func pythonKernelFile(executable: String) -> String? {
        var dir = executable
        for _ in 0..<8 {
            guard let slash = dir.lastIndex(of: "/") else { break }
            dir = String(dir[..<slash])
            for candidate in [dir + "/share/hemi/jupyter/hemi_kernel.py", dir + "/Sources/REPL/Kernel/python/hemi_kernel.py"]
            where access(candidate, R_OK) == 0 {
                return candidate
            }
            if dir.isEmpty { break }
        }
        return nil
    }

    /// A command name looked up on PATH, made absolute, so the kernelspec keeps working
    /// whatever PATH Jupyter has; a path with a slash is made absolute as it is.
    static func resolve(_ command: String) -> String? {
        if command.contains("/") {
            if command.hasPrefix("/") { return command }
            var buf = [CChar](repeating: 0, count: 4096)
            guard getcwd(&buf, buf.count) != nil else { return nil }
            return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) + "/" + command
        }
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") where access("\(dir)/\(command)", X_OK) == 0 {
            return "\(dir)/\(command)"
        }
        return nil
    }

    /// Runs a program with the same stdout and stderr; its exit status (127: could not start).
    static func spawn(_ argv: [String]) -> Int32 {
        var pid = pid_t()
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        guard posix_spawnp(&pid, argv[0], nil, nil, &cArgs, environ) == 0 else { return 127 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if status & 0x7f == 0 { return (status >> 8) & 0xff }
        return 128 + (status & 0x7f)
    }

    private static func usageError(_ program: String, _ message: String) -> Int32 {
        FileIO.standardError("\(program): kernel: \(message)\n\(usage)\n")
        return 2
    }

    private static func fail(_ program: String, _ message: String) -> Int32 {
        FileIO.standardError("\(program): kernel install: \(message)\n")
        return 1
    }
}
