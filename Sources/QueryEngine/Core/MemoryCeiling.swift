// The user's own memory ceiling, `HEMI_MAX_MEMORY` (e.g. `512M`, `4G`). Readers stop a file
// that would pass it (`read_json("/dev/zero")` grew to 16.8 GB and aborted before), and the
// engine's work is checked against it as it charges bytes (`WorkBudget.charge`): every 32 MB
// charged, the process's resident size is read from /proc/self/statm and compared with the
// ceiling, so an exploding join ends with an error instead of the kernel's OOM killer.
//
// Without the variable the ceiling is half the machine's memory, or a quarter of the
// address-space limit when one is set (`prlimit --as`, `ulimit -v`), whichever is smaller: a
// reader briefly holds its buffer twice while growing it, and the runtime needs room too.

import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum MemoryCeiling {
    /// The name of the environment variable, as messages say it.
    static let variable = "HEMI_MAX_MEMORY"

    private static let configured = Atomic<Int>(0)   // 0: not decided yet
    private static let sinceLook = Atomic<Int>(0)
    private static let lookEvery = 32 << 20

    /// The ceiling in bytes. The first read decides it from `HEMI_MAX_MEMORY` or the machine.
    public static var bytes: Int {
        get {
            let v = configured.load(ordering: .relaxed)
            if v > 0 { return v }
            let decided = fromEnvironment(getenv(variable).map { String(cString: $0) })
            configured.store(decided, ordering: .relaxed)
            return decided
        }
        set { configured.store(max(1, newValue), ordering: .relaxed) }
    }

    /// The ceiling for a value of `HEMI_MAX_MEMORY` (nil or unreadable: the default).
    static func fromEnvironment(_ value: String?) -> Int {
        if let value, !value.isEmpty, let n = ByteCount.parse(value) { return n }
        return defaultBytes()
    }

    /// Ignores `HEMI_MAX_MEMORY` (hemi -E): the machine's default.
    public static func useDefault() { bytes = defaultBytes() }

    static func defaultBytes() -> Int {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        var ceiling = pages > 0 && size > 0 ? pages * size / 2 : 4 << 30
        var lim = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &lim) == 0, lim.rlim_cur != rlim_t.max {
            ceiling = min(ceiling, Int(clamping: lim.rlim_cur / 4))
        }
        return max(ceiling, 16 << 20)
    }

    /// The message for a limit passed by `what` (a file, or engine work).
    static func exceeded(_ what: String) -> EngineError {
        EngineError("\(what) passed the memory limit of \(ByteCount.text(bytes)) (set \(variable), e.g. \(variable)=8G, to allow more)")
    }

    /// Called by `WorkBudget.charge`: every 32 MB charged, compares the resident size with
    /// the ceiling.
    static func note(_ charged: Int) throws(EngineError) {
        let total = sinceLook.wrappingAdd(charged, ordering: .relaxed).newValue
        guard total >= lookEvery else { return }
        sinceLook.store(0, ordering: .relaxed)
        if let resident = residentBytes(), resident > bytes { throw exceeded("the engine's memory use (\(ByteCount.text(resident)))") }
    }

    /// The process's resident size, from /proc/self/statm (Linux); nil elsewhere.
    static func residentBytes() -> Int? {
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buf = [UInt8](repeating: 0, count: 128)
        let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        let fields = buf[0..<n].split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return nil }
        return pages * sysconf(Int32(_SC_PAGESIZE))
    }
}
