import Testing
@testable import REPL
@testable import Scripting

/// A plugin may not register a dot-command named like one of the REPL's own (it would shadow
/// it, or be shadowed, silently): every built-in must be in the plugin host's reserved list.
@Suite struct ReservedCommandNamesTests {
    @Test func everyBuiltinDotCommandIsReservedFromPlugins() {
        var c = DotCommands()
        BuiltinCommands.register(into: &c)
        DataCommands.register(into: &c)
        OutputCommands.register(into: &c)
        ShellCommands.register(into: &c)
        #expect(!c.commands.isEmpty)
        for name in c.commands.keys.sorted() {
            #expect(PluginHost.reservedCommandNames.contains(name), ".\(name) is a built-in the plugin host does not reserve")
        }
    }
}
