#if canImport(Glibc)
import Glibc
#endif
exit(Driver().run(CommandLine.arguments))
