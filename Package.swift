// swift-tools-version:6.0
// Hemi: a scriptable query toolkit for US–Latin America policy data.
// Module dependencies point one way (see ../shared/DESIGN.md):
//   hemi → REPL → Scripting → {LuaBridge → CLua, PolicyData → QueryEngine}, REPL → CEditLine
import PackageDescription

let package = Package(
    name: "Hemi",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "hemi", targets: ["hemi"]),
    ],
    targets: [
        // Lua 5.4 from Debian (liblua5.4-dev) plus a C shim: macros as static inline functions,
        // the trampoline that raises Lua errors after Swift has returned, the interrupt hook.
        .systemLibrary(name: "CLuaSystem", path: "Sources/CLua/system", pkgConfig: "lua5.4",
                       providers: [.apt(["liblua5.4-dev"])]),
        .target(name: "CLua", dependencies: ["CLuaSystem"], path: "Sources/CLua", exclude: ["system"]),
        // libedit from Debian (libedit-dev), header <editline/readline.h>. Opened with dlopen
        // by the REPL, not linked (see shim.h): scripts start without it.
        .systemLibrary(name: "CEditLine", path: "Sources/CEditLine"),
        .target(name: "LuaBridge", dependencies: ["CLua"], exclude: ["README.md"]),
        // The Lua that ships inside the binary lives in `.lua` files under a module's `Lua/`
        // folder; this build-tool plugin turns them into a generated `EmbeddedLua` enum of
        // `LuaChunk`s at build time (no Foundation, no file lookup at run time).
        .executableTarget(name: "EmbedLuaTool", path: "Sources/EmbedLuaTool"),
        .plugin(name: "EmbedLuaPlugin", capability: .buildTool(), dependencies: ["EmbedLuaTool"],
                path: "Sources/EmbedLuaPlugin"),
        .target(name: "QueryEngine", exclude: ["README.md"]),
        // Resources/ is read in place (or from <prefix>/share/hemi/data), not through a
        // SwiftPM resource bundle: its generated accessor imports Foundation, which would triple
        // the binary and the start-up time.
        .target(name: "PolicyData", dependencies: ["QueryEngine"], exclude: ["build", "DATA.md", "README.md", "Resources"]),
        .target(name: "Scripting", dependencies: ["LuaBridge", "QueryEngine", "PolicyData"], exclude: ["README.md"],
                plugins: ["EmbedLuaPlugin"]),
        .target(name: "REPL", dependencies: ["Scripting", "LuaBridge", "CEditLine", "QueryEngine", "PolicyData"],
                exclude: ["README.md", "Kernel/python", "Kernel/PROTOCOL.md"], plugins: ["EmbedLuaPlugin"]),
        .executableTarget(name: "hemi", dependencies: ["REPL", "Scripting", "LuaBridge", "QueryEngine"]),

        // What every test target shares: running a child process with a deadline.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LuaBridgeTests", dependencies: ["LuaBridge"]),
        .testTarget(name: "QueryEngineTests", dependencies: ["TestSupport", "QueryEngine"], exclude: ["Differential/README.md"], resources: [.copy("Golden")]),
        .testTarget(name: "PolicyDataTests", dependencies: ["TestSupport", "PolicyData", "QueryEngine"]),
        .testTarget(name: "ScriptingTests", dependencies: ["TestSupport", "Scripting", "LuaBridge", "QueryEngine", "PolicyData"]),
        .testTarget(name: "REPLTests", dependencies: ["TestSupport", "REPL", "LuaBridge", "Scripting", "hemi"]),
        // Runs the built `hemi` binary: lua5.4 oracle corpus, golden CLI output, examples.
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "hemi"], exclude: ["Transcripts", "LuaTestes"], resources: [.copy("Corpus")]),
    ],
    swiftLanguageModes: [.v6]
)
