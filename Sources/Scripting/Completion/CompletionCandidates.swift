// What Tab offers beyond Lua names: inside a string, dataset table names (after
// `hemi.table(`), column and metric names (inside expression strings), and country names and
// ISO codes matched without regard to case or accents ("peru" offers "Perú"); after a call,
// the methods of a query (`hemi.table("us_trade"):fi` → `filter(`).

import LuaBridge
import QueryEngine
import PolicyData

public enum CompletionCandidates {
    /// Candidates for `word`, which sits inside a string literal opened right after `before`.
    public static func inString(_ lua: LuaState, before: String, word: String) -> [String] {
        guard let ctx = HemiContext.of(lua), let ds = try? ctx.dataset() else { return [] }
        let trimmed = before.trimmingSpaces
        if trimmed.hasSuffix("table(") || trimmed.hasSuffix("describe(") || trimmed.hasSuffix("schema(") || trimmed.hasSuffix("source(") {
            return ds.tableNames.filter { $0.hasPrefix(word) }
        }
        // Inside an expression the word is the last identifier typed (the engine's lexer).
        let last = ExpressionNames.identifiers(in: word, repeats: true).last
        let identifier = last.flatMap { word.hasSuffix($0) ? $0 : nil } ?? ""
        let head = String(word.dropLast(identifier.count))
        var names = Set<String>()
        for t in ds.catalog.tables { for c in t.columns { names.insert(c.name) } }
        for m in ctx.metrics.all { names.insert(m.name) }
        var out = names.filter { !identifier.isEmpty && $0.hasPrefix(identifier) }.sorted().map { head + $0 }
        // Country names and codes, for `iso3 == 'PER'` and hemi.country("perú").
        let folded = CountryLookup.fold(word)
        if !folded.isEmpty, let countries = try? ds.table("countries") {
            var seen = Set<String>()
            for row in CountryLookup.records(countries) {
                for n in CountryLookup.names(of: row) where CountryLookup.fold(n).hasPrefix(folded) && seen.insert(n).inserted {
                    out.append(n)
                }
            }
        }
        return out
    }

    /// Methods of a query for `word` = "):fi" (what follows a closing parenthesis).
    public static func afterCall(_ word: String) -> [String] {
        guard word.hasPrefix("):") else { return [] }
        let prefix = String(word.dropFirst(2))
        let methods = Array(QueryVerbs.all.keys) + Array(QueryOutputs.all.keys) + ["rows"]
        return Set(methods).filter { $0.hasPrefix(prefix) && !$0.hasPrefix("_") }.sorted().map { "):" + $0 + "(" }
    }
}
