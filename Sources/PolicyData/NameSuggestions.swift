// "Did you mean" for names typed by users: table names here, and anything else a caller
// wants to suggest (countries, columns). Case-insensitive edit distance, with names that
// contain the typed text ranked first, so "trade" suggests us_trade and china_trade.

import QueryEngine

enum NameSuggestions {
    /// Up to `limit` candidates closest to `typed`, best first; only reasonably close ones.
    static func closest(to typed: String, in candidates: [String], limit: Int = 3) -> [String] {
        let needle = Array(typed.lowercased())
        var scored: [(score: Int, name: String)] = []
        for name in candidates {
            let hay = name.lowercased()
            let distance = Suggest.distance(needle, Array(hay))
            // A contained name is as good as a one-letter typo.
            let score = (!needle.isEmpty && hay.contains(String(needle))) ? min(distance, 1) : distance
            if score <= max(2, needle.count / 3) { scored.append((score, name)) }
        }
        scored.sort { $0.score != $1.score ? $0.score < $1.score : $0.name < $1.name }
        return scored.prefix(limit).map(\.name)
    }
}
