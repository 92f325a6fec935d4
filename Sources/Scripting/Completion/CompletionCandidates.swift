// What Tab offers beyond Lua names: inside a string, dataset table names (after
// `hemi.table(`), column and metric names (inside expression strings), and country names and
// ISO codes matched without regard to case or accents ("peru" offers "Perú"); after a call,
// the methods of a query (`hemi.table("us_trade"):fi` → `filter(`).

import LuaBridge
import QueryEngine
import PolicyData

public enum CompletionCandidates {
    /// Candidates for `word`, which sits inside a string literal opened right after `before`.
    /// `nested`: the word is inside a second string within that one (`filter("name == 'Mexi`),
    /// where a country name or code is what can follow.
    public static func inString(_ lua: LuaState, before: String, word: String, nested: Bool = false) -> [String] {
        guard let ctx = HemiContext.of(lua), let ds = try? ctx.dataset() else { return [] }
        let trimmed = before.trimmingSpaces
        if !nested && (trimmed.hasSuffix("table(") || trimmed.hasSuffix("describe(") || trimmed.hasSuffix("schema(") || trimmed.hasSuffix("source(")) {
            return ds.tableNames.filter { $0.hasPrefix(word) }
        }
        var out: [String] = []
        if !nested && !trimmed.hasSuffix("country(") {
            // Inside an expression the word is the last identifier typed (the engine's lexer);
            // the names are the columns of the table the call chain reads when it can be
            // told, and the metrics.
            let last = ExpressionNames.identifiers(in: word, repeats: true).last
            let identifier = last.flatMap { word.hasSuffix($0) ? $0 : nil } ?? ""
            let head = String(word.dropLast(identifier.count))
            var names = Set<String>()
            if let columns = chainColumns(lua, ds, before: trimmed) { names.formUnion(columns) }
            else { for t in ds.catalog.tables { for c in t.columns { names.insert(c.name) } } }
            for m in ctx.metrics.all { names.insert(m.name) }
            out = names.filter { !identifier.isEmpty && $0.hasPrefix(identifier) }.sorted().map { head + $0 }
            return out
        }
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

    /// The columns of the table a call chain reads: `hemi.table("economy"):filter(` (the last
    /// `table("…")` in the text), or `t:filter(` where the global `t` is a query. nil when it
    /// cannot be told (then every table's columns are offered).
    static func chainColumns(_ lua: LuaState, _ ds: PolicyDataset, before text: String) -> [String]? {
        if let name = lastTableName(in: text), let info = ds.info(name) { return info.columns.map(\.name) }
        // The root of the chain: the last identifier followed by ':' that starts an expression.
        let chars = Array(text)
        var root: String?
        var i = 0
        while i < chars.count {
            let startsHere = chars[i].isLetter || chars[i] == "_"
            let afterBreak = i == 0 || " \t=(,{;".contains(chars[i - 1])
            if startsHere && afterBreak {
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                if j < chars.count, chars[j] == ":" { root = String(chars[i..<j]) }
                i = j
            } else { i += 1 }
        }
        guard let root,
              case .table(let entries)? = try? lua.run("local q = rawget(_G, ...) if type(q) == 'userdata' then return q:columns() end",
                                                       chunkName: "=completion", args: [.string(root)]).first else { return nil }
        let names = entries.compactMap { $0.value.stringValue }
        return names.isEmpty ? nil : names
    }

    /// The name in the last `table("…")` or `table('…')` of `text`, nil when there is none.
    static func lastTableName(in text: String) -> String? {
        let chars = Array(text)
        let opener = Array("table(")
        var i = chars.count - opener.count - 1
        while i >= 0 {
            if Array(chars[i..<(i + opener.count)]) == opener, chars[i + opener.count] == "\"" || chars[i + opener.count] == "'" {
                let quote = chars[i + opener.count]
                return String(chars[(i + opener.count + 1)...].prefix { $0 != quote })
            }
            i -= 1
        }
        return nil
    }

    /// Methods of a query for `word` = "):fi" (what follows a closing parenthesis).
    public static func afterCall(_ word: String) -> [String] {
        guard word.hasPrefix("):") else { return [] }
        let prefix = String(word.dropFirst(2))
        let methods = Array(QueryVerbs.all.keys) + Array(QueryOutputs.all.keys) + ["rows"]
        return Set(methods).filter { $0.hasPrefix(prefix) && !$0.hasPrefix("_") }.sorted().map { "):" + $0 + "(" }
    }
}
