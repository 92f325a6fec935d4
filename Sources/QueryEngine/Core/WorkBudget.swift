// A cap on the engine work a caller starts. A plugin runs under a memory cap in Lua, but the
// tables its queries build live in Swift, out of the Lua allocator's sight: a join explosion
// in a plugin reached 12 GB against a 64 MB cap. So the host runs a plugin's call inside
// `WorkBudget.run(limit:owner:)`, and the engine charges what it materialises (rows of join
// output, columns a derive or a reader builds, strings `..` makes) to every budget active on
// the way in, failing with an error that names the owner and the limit.
//
// What is counted is the bytes the engine produces, cumulatively, not what is alive at a
// moment: the engine cannot cheaply tell when a table is freed, and a bound on the work done
// is also a bound on the memory held. Budgets nest (a plugin's call inside a user's budget
// pays both). The active chain is one global, not a thread-local, so the worker threads of a
// parallel operator charge the budget of the call that started them.
//
// `charge` also looks at the cancellation flag, so a loop that charges needs no separate
// `Cancellation.check`.

import Synchronization

public final class WorkBudget: Sendable {
    /// Bytes the owner may have the engine produce.
    public let limit: Int
    /// Who the budget belongs to, as the error names it: `plugin "trade"`.
    let owner: String
    let parent: WorkBudget?
    private let charged = Atomic<Int>(0)

    /// Bytes charged so far.
    var used: Int { charged.load(ordering: .relaxed) }

    /// True when a budget active now has passed its limit: its owner's work has failed, and
    /// (a charge that failed stays counted) every further charge in the call fails too. The
    /// plugin sandbox asks, so a plugin's pcall cannot catch its engine work's failure.
    public static var isExhausted: Bool {
        var budget = current
        while let b = budget {
            if b.used > b.limit { return true }
            budget = b.parent
        }
        return false
    }

    init(limit: Int, owner: String, parent: WorkBudget?) {
        self.limit = max(0, limit)
        self.owner = owner
        self.parent = parent
    }

    private static let active = Mutex<WorkBudget?>(nil)

    /// The innermost active budget, if any.
    static var current: WorkBudget? { active.withLock { $0 } }

    /// Runs `body` with a budget of `limit` bytes for the engine work it starts, inside the
    /// budgets already active. The budget ends when `body` returns or throws.
    public static func run<T, E: Error>(limit: Int, owner: String,
                                        _ body: (WorkBudget) throws(E) -> T) throws(E) -> T {
        let outer = current
        let budget = WorkBudget(limit: limit, owner: owner, parent: outer)
        active.withLock { $0 = budget }
        defer { active.withLock { $0 = outer } }
        return try body(budget)
    }

    /// Charges `bytes` the engine is about to produce to every active budget and to the
    /// user's ceiling (`MemoryCeiling`), and checks for cancellation. Call it from long loops
    /// in steps (every few thousand rows), not per row.
    /// `ceiling: false` leaves the resident-size look out, for a caller that bounds its own
    /// input against the ceiling and names it better (a reader names the file).
    static func charge(_ bytes: Int, ceiling: Bool = true) throws(EngineError) {
        try Cancellation.check()
        guard bytes > 0 else { return }
        var budget = current
        while let b = budget {
            try b.take(bytes)
            budget = b.parent
        }
        if ceiling { try MemoryCeiling.note(bytes) }
    }

    /// `charge(bytes)` for `rows` rows of `bytesPerRow` each, without overflow.
    static func charge(rows: Int, bytesPerRow: Int) throws(EngineError) {
        let (product, overflow) = rows.multipliedReportingOverflow(by: max(1, bytesPerRow))
        try charge(overflow ? Int.max / 2 : product)
    }

    private func take(_ bytes: Int) throws(EngineError) {
        let total = charged.wrappingAdd(bytes, ordering: .relaxed).newValue
        if total > limit || total < 0 {
            throw EngineError("\(owner): engine work passed its memory limit of \(ByteCount.text(limit)) "
                              + "(this query needs more; narrow it with filter, select or limit before a join or derive)")
        }
    }
}

/// Byte counts as people read them: "64 MB", "1.5 GB".
enum ByteCount {
    static func text(_ n: Int) -> String {
        let units: [(Int, String)] = [(1 << 40, "TB"), (1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "KB")]
        for (size, name) in units where n >= size {
            let whole = n / size, tenth = (n % size) * 10 / size
            return tenth == 0 || whole >= 100 ? "\(whole) \(name)" : "\(whole).\(tenth) \(name)"
        }
        return "\(n) bytes"
    }

    /// "512M", "2G", "64MB", "1.5GiB", "1048576" → bytes; nil when it is not a size.
    static func parse(_ text: String) -> Int? {
        var s = Substring(text.trimmingSpaces.uppercased())
        for suffix in ["IB", "B"] where s.hasSuffix(suffix) && s.count > suffix.count {
            s = s.dropLast(suffix.count); break
        }
        var scale = 1.0
        if let last = s.last, let i = "KMGT".firstIndex(of: last) {
            scale = Double(1 << (10 * ("KMGT".distance(from: "KMGT".startIndex, to: i) + 1)))
            s = s.dropLast()
        }
        guard let v = Double(s), v.isFinite, v > 0, v * scale < 9e18 else { return nil }
        return Int(v * scale)
    }
}

private extension String {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
