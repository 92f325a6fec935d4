// hemi.country("peru"), hemi.country("PER"), hemi.country("Perú"): finds a country by ISO
// code, English name, local name or alias, ignoring case and accents.

import LuaBridge
import QueryEngine

enum CountryLookup {
    /// Lower case without accents ("Perú" → "peru", "São Tomé" → "sao tome").
    static func fold(_ s: String) -> String {
        var out = ""
        for scalar in s.lowercased().unicodeScalars {
            switch scalar {
            case "á", "à", "â", "ä", "ã", "å": out += "a"
            case "é", "è", "ê", "ë": out += "e"
            case "í", "ì", "î", "ï": out += "i"
            case "ó", "ò", "ô", "ö", "õ": out += "o"
            case "ú", "ù", "û", "ü": out += "u"
            case "ñ": out += "n"
            case "ç": out += "c"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Each row of the countries table as name → value (the table is a few dozen rows).
    static func records(_ countries: Table) -> [[String: Value]] {
        (0..<countries.rowCount).map { i in
            var row: [String: Value] = [:]
            for (c, f) in countries.fields.enumerated() { row[f.name] = countries.columns[c][i] }
            return row
        }
    }

    /// The names a country answers to (ISO3, names, `;`-separated aliases).
    static func names(of row: [String: Value]) -> [String] {
        var out: [String] = []
        for key in ["iso3", "iso2", "name", "local_name", "name_local"] {
            if case .string(let s)? = row[key] { out.append(s) }
        }
        if case .string(let s)? = row["aliases"] { out += s.split(separator: ";").map { $0.trimmingSpaces } }
        return out
    }

    /// "no country 'Peur'; did you mean Peru (PER)?" — the closest names by edit distance.
    static func miss(_ text: String, in countries: Table) -> String {
        let target = fold(text)
        var best: [(Int, String)] = []
        for row in records(countries) {
            let label: String
            if case .string(let n)? = row["name"], case .string(let iso)? = row["iso3"] { label = "\(n) (\(iso))" } else { continue }
            let d = names(of: row).map { Suggest.distance(Array(fold($0)), Array(target)) }.min() ?? Int.max
            best.append((d, label))
        }
        let close = best.filter { $0.0 <= max(2, target.count / 3) }.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.prefix(3).map(\.1)
        return "no country '\(text)'" + (close.isEmpty ? " (names, local names, aliases and ISO codes are searched)" : "; did you mean \(close.joined(separator: ", "))?")
    }

    static func find(_ text: String, in countries: Table) throws(EngineError) -> LuaValue? {
        let target = fold(text.trimmingSpaces)
        for (i, row) in records(countries).enumerated() {
            if names(of: row).contains(where: { fold($0) == target }) { return QueryOutputs.rowTable(countries, i) }
        }
        return nil
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
