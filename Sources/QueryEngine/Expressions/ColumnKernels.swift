// Small building blocks of column-at-a-time evaluation: numeric views, validity algebra,
// constant columns.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum Kernels {
    /// A column holding `v` in each of `n` rows, typed `type` (for `nil`, all null).
    static func constant(_ v: Value, type: DataType?, count n: Int) -> Column {
        let allNull = v.isNull ? [Bool](repeating: false, count: n) : nil
        switch type ?? .string {
        case .integer:
            if case .int(let x) = v { return Column(.int([Int64](repeating: x, count: n))) }
            return Column(.int([Int64](repeating: 0, count: n)), valid: allNull)
        case .float:
            return Column(.double([Double](repeating: v.doubleValue ?? 0, count: n)), valid: allNull)
        case .string:
            if case .string(let s) = v { return Column(.string(codes: [UInt32](repeating: 0, count: n), dictionary: [s])) }
            if !v.isNull { return Column(.string(codes: [UInt32](repeating: 0, count: n), dictionary: [v.description])) }
            return Column(.string(codes: [UInt32](repeating: 0, count: n), dictionary: [""]), valid: allNull)
        case .boolean:
            if case .bool(let b) = v { return Column(.bool([Bool](repeating: b, count: n))) }
            return Column(.bool([Bool](repeating: false, count: n)), valid: allNull)
        case .date:
            if case .date(let d) = v { return Column(.date([Int32](repeating: d, count: n))) }
            return Column(.date([Int32](repeating: 0, count: n)), valid: allNull)
        }
    }

    /// Both present: the validity of a binary operation's result.
    static func both(_ a: [Bool]?, _ b: [Bool]?) -> [Bool]? { ArithmeticKernels.both(a, b) }

    static func doubles(_ c: Column) -> [Double] { ArithmeticKernels.doubles(c) }

    static func ints(_ c: Column) -> [Int64] {
        if case .int(let a) = c.storage { return a }
        return [Int64](repeating: 0, count: c.count)
    }

    static func bools(_ c: Column) -> [Bool] {
        if case .bool(let a) = c.storage { return a }
        return [Bool](repeating: false, count: c.count)
    }

    static func dates(_ c: Column) -> [Int32] {
        if case .date(let a) = c.storage { return a }
        return [Int32](repeating: 0, count: c.count)
    }

    /// The string of each row (nil for null rows). Slow path for per-row string work.
    static func strings(_ c: Column) -> (codes: [UInt32], dictionary: [String]) {
        if case .string(let codes, let dict) = c.storage { return (codes, dict) }
        // Non-string columns (concatenation of numbers) become their text.
        var b = ColumnBuilder(type: .string, capacity: c.count)
        for i in 0..<c.count { b.append(c[i].isNull ? .null : .string(c[i].description)) }
        if case .string(let codes, let dict) = b.finish().storage { return (codes, dict) }
        return ([], [])
    }

    /// Rank of each dictionary entry in the sorted union of two dictionaries, so strings from
    /// different columns compare by integer rank.
    static func ranks(_ a: [String], _ b: [String]) -> ([Int32], [Int32]) {
        let all = Array(Set(a.map(ByteKey.init)).union(b.map(ByteKey.init))).sorted()
        var rank: [ByteKey: Int32] = [:]
        rank.reserveCapacity(all.count)
        for (i, s) in all.enumerated() { rank[s] = Int32(i) }
        return (a.map { rank[ByteKey($0)] ?? 0 }, b.map { rank[ByteKey($0)] ?? 0 })
    }

    /// Rank of each dictionary entry among the entries of one dictionary (sort, min, max).
    static func ranks(_ a: [String]) -> [Int32] {
        let order = a.indices.sorted { ByteKey.compare(a[$0], a[$1]) < 0 }
        var rank = [Int32](repeating: 0, count: a.count)
        var r: Int32 = 0
        for (k, i) in order.enumerated() {
            if k > 0 && !ByteKey.equal(a[order[k - 1]], a[i]) { r += 1 }
            rank[i] = r
        }
        return rank
    }

    static func power(_ a: Double, _ b: Double) -> Double { pow(a, b) }
}
