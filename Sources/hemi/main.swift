#if canImport(Glibc)
import Glibc
#endif
import QueryEngine

// argv as the OS gave it: CommandLine.arguments replaces bytes that are not UTF-8 with U+FFFD,
// so `hemi $'\xff.lua'` would name another file; ByteText keeps them (FileIO.withPath gives
// them back to open(), and Lua's `arg` receives them unchanged).
let argv = (0..<Int(CommandLine.argc)).map { FileIO.pathString(cString: CommandLine.unsafeArgv[$0]!) }
exit(Driver().run(argv))
