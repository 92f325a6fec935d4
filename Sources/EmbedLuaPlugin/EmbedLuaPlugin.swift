// The build-tool plugin that embeds a module's Lua: every `.lua` file under
// `Sources/<Module>/Lua/` becomes a `LuaChunk` constant in a generated `EmbeddedLua.swift`
// (see Sources/Scripting/README.md, "Lua in .lua files"). A plugin rather than a committed
// generated file, so an edited `.lua` can never ship stale: the build regenerates the Swift
// file whenever one of the inputs changes.
import PackagePlugin

@main
struct EmbedLuaPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        let lua = module.sourceFiles.map(\.url).filter { $0.pathExtension == "lua" }
            .sorted { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedLua.swift")
        return [.buildCommand(
            displayName: "Embedding \(lua.count) Lua file(s) in \(target.name)",
            executable: try context.tool(named: "EmbedLuaTool").url,
            arguments: [output.path(percentEncoded: false), target.name.lowercased()]
                + lua.map { $0.path(percentEncoded: false) },
            inputFiles: lua,
            outputFiles: [output])]
    }
}
