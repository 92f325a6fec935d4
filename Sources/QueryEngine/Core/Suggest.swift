// "Did you mean": the one edit distance of the code base, in Core/ because the binder, the
// readers, the dataset, the country lookup and the REPL all suggest names.

/// "Did you mean" candidates: edit distance, case-insensitive, closest first. `distance` is
/// the one Levenshtein distance of the code base (the dataset, country lookup and the REPL
/// use it too).
public enum Suggest {
    static func closest(_ name: String, _ candidates: [String], limit: Int = 3) -> [String] {
        let target = Array(name.lowercased())
        let budget = max(2, target.count / 3)
        var scored: [(Int, String)] = []
        for c in candidates {
            let lc = c.lowercased()
            var d = distance(target, Array(lc))
            let shorter = min(lc.count, target.count)
            if shorter >= 3, lc.hasPrefix(String(target)) || String(target).hasPrefix(lc) { d = min(d, 1) }
            if d <= budget { scored.append((d, c)) }
        }
        return scored.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.prefix(limit).map(\.1)
    }

    /// Levenshtein distance over characters (insert, delete, substitute cost 1).
    public static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
