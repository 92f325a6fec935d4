// Returning freed memory to the system after a step that built something large from many
// temporaries (a parallel load's chunks): glibc keeps freed heap pages mapped, so without this
// the process would hold the scaffolding's pages as well as the result. malloc_trim is looked
// up at run time (glibc only; elsewhere this does nothing).

#if canImport(Glibc)
import Glibc
#endif

enum MemoryTrim {
    private typealias Trim = @convention(c) (Int) -> Int32

    private static let trim: Trim? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
        #else
        return nil
        #endif
    }()

    static func giveBack() { _ = trim?(0) }
}
