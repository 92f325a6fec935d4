import Foundation
import Testing
import TestSupport

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

    /// Runs a program to its end, at most `timeout` seconds (TestSupport's default otherwise);
    /// a child that outlives it is killed and the test records an issue naming the command.
    static func run(_ executable: String, _ args: [String], stdin: String = "", cwd: URL? = nil,
                    timeout: Double? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> Output {
        let r = try ChildProcess.run(executable, args, stdin: Array(stdin.utf8), cwd: cwd?.path, timeout: timeout,
                                     sourceLocation: sourceLocation)
        return Output(stdout: r.stdout, stderr: r.stderr, status: r.status)
    }
}
