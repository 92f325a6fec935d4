import Foundation

/// Finds the built `hemi` and runs it. The binary sits in the products directory beside the
/// test bundle; `HEMI_BIN` overrides.
enum HemiBinary {
    static var path: String {
        if let p = ProcessInfo.processInfo.environment["HEMI_BIN"] { return p }
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var dir = bundleDir
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("hemi").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return bundleDir.appendingPathComponent("hemi").path
    }

    struct Output { var stdout: String; var stderr: String; var status: Int32 }

    static func run(_ executable: String, _ args: [String], stdin: String = "", cwd: URL? = nil) throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
        p.arguments = executable.hasPrefix("/") ? args : [executable] + args
        if let cwd { p.currentDirectoryURL = cwd }
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out; p.standardError = err; p.standardInput = inp
        try p.run()
        inp.fileHandleForWriting.write(stdin.data(using: .utf8)!)
        try inp.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Output(stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self),
                      status: p.terminationStatus)
    }
}
