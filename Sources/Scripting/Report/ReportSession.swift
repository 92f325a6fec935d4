// Which Lua states are writing a report. `hemi report` marks its state; the parts of Hemi
// that show things (the chart functions, a query's show()) ask here and, when a report is
// active, hand it their output instead of printing it.

import LuaBridge
import Synchronization

enum ReportSession {
    private static let active = Mutex<[ObjectIdentifier: ReportDocument]>([:])

    /// The report `lua` is writing, if any.
    static func active(in lua: LuaState) -> ReportDocument? {
        active.withLock { $0[ObjectIdentifier(lua)] }
    }

    /// Runs `body` with `report` active for `lua`; always deactivates it afterwards.
    static func with<T, E: Error>(_ report: ReportDocument, in lua: LuaState, _ body: () throws(E) -> T) throws(E) -> T {
        active.withLock { $0[ObjectIdentifier(lua)] = report }
        defer { _ = active.withLock { $0.removeValue(forKey: ObjectIdentifier(lua)) } }
        return try body()
    }
}
