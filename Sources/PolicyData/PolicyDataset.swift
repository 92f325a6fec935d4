// The bundled policy dataset: its catalog, and its tables loaded lazily from CSV.
// A table is read the first time it is asked for (start-up stays cheap), with the column
// types the catalog declares, then cached. Safe to share between threads.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import QueryEngine

public final class PolicyDataset: @unchecked Sendable {
    /// Environment variable naming another directory holding catalog.json and <table>.csv.
    static let directoryVariable = "HEMI_DATA_DIR"

    let directory: String
    public let catalog: Catalog
    /// Table names, sorted.
    public let tableNames: [String]

    private let tablesByName: [String: TableInfo]
    private let sourcesByID: [String: SourceInfo]
    // Tables read so far; everything else is immutable after init.
    private let cache = Mutex<[String: Table]>([:])

    /// The dataset shipped with Hemi, or the one in $HEMI_DATA_DIR when that is set.
    public static func bundled() throws(EngineError) -> PolicyDataset {
        if let dir = getenv(directoryVariable).map({ String(cString: $0) }), !dir.isEmpty {
            return try PolicyDataset(directory: dir)
        }
        return try bundled(searching: bundledDirectoryCandidates())
    }

    /// The dataset in the first of `candidates` holding catalog.json; an error naming them all
    /// when none does (an installed copy whose data was removed), never a trap.
    static func bundled(searching candidates: [String]) throws(EngineError) -> PolicyDataset {
        guard let dir = candidates.first(where: { access($0 + "/catalog.json", R_OK) == 0 }) else {
            throw EngineError("dataset: the bundled data is missing: no catalog.json in "
                              + "\(candidates.joined(separator: " or ")) (expected the data that `make install` "
                              + "puts in <prefix>/share/hemi/data); set \(directoryVariable) to a directory with catalog.json")
        }
        return try PolicyDataset(directory: dir)
    }

    /// Where the bundled data may be: beside an installed binary (`<prefix>/bin/hemi` →
    /// `<prefix>/share/hemi/data`), then the package's own Resources folder, which a binary
    /// built in the source tree (`.build/…/hemi`, the test runner) reads in place. Only a
    /// binary inside the tree reads the tree: an installed copy must not depend on the
    /// checkout it was built from (it may be moved or deleted), and when its own data is
    /// missing it says so instead of reading a checkout that happens to be there.
    static func bundledDirectoryCandidates(sourceFile: String = #filePath,
                                           executable: String? = FileIO.readLink("/proc/self/exe")) -> [String] {
        var out: [String] = []
        if let exe = executable {
            // <prefix>/bin/hemi → <prefix>/share/hemi/data
            let prefix = exe.split(separator: "/", omittingEmptySubsequences: false).dropLast(2).joined(separator: "/")
            out.append(prefix + "/share/hemi/data")
        }
        // <root>/Sources/PolicyData/PolicyDataset.swift → <root>
        let parts = sourceFile.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count > 3 {
            let root = parts.dropLast(3).joined(separator: "/")
            if executable.map({ $0.hasPrefix(root + "/") }) ?? true {
                out.append(root + "/Sources/PolicyData/Resources")
            }
        }
        return out
    }

    /// Opens the dataset in `directory` (catalog.json plus one CSV per table).
    init(directory: String) throws(EngineError) {
        self.directory = directory
        let path = directory + "/catalog.json"
        let data: [UInt8]
        do { data = try FileIO.readAll(path) } catch {
            throw EngineError("dataset: cannot read \(path): expected the catalog.json written by build_dataset.py (\(error.message))")
        }
        do {
            catalog = try Catalog(json: data)
        } catch {
            throw EngineError("dataset: \(path) is not a valid catalog: \(error.message)")
        }
        var tables: [String: TableInfo] = [:]
        for t in catalog.tables { tables[t.name] = t }
        tablesByName = tables
        var sources: [String: SourceInfo] = [:]
        for s in catalog.sources { sources[s.id] = s }
        sourcesByID = sources
        tableNames = tables.keys.sorted()
    }

    public func info(_ name: String) -> TableInfo? { tablesByName[name] }

    public func source(_ id: String) -> SourceInfo? { sourcesByID[id] }

    /// Short coverage line for banners; deterministic (comes from the catalog, not the clock).
    public var vintage: String { catalog.vintage ?? "\(tableNames.count) tables" }

    /// The table `name`, read from its CSV on first use with the catalog's column types.
    public func table(_ name: String) throws(EngineError) -> Table {
        guard let info = tablesByName[name] else {
            let near = NameSuggestions.closest(to: name, in: tableNames)
            let hint = near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?"
            throw EngineError("dataset: no table named '\(name)'\(hint) (tables: \(tableNames.joined(separator: ", ")))")
        }
        return try cache.withLock { (tables: inout [String: Table]) throws(EngineError) -> Table in
            if let cached = tables[name] { return cached }
            let loaded = try load(info)
            tables[name] = loaded
            return loaded
        }
    }

    private func load(_ info: TableInfo) throws(EngineError) -> Table {
        var types: [String: DataType] = [:]
        for c in info.columns {
            guard let t = c.dataType else {
                throw EngineError("dataset: table \(info.name), column \(c.name): unknown type '\(c.type)' in catalog.json")
            }
            types[c.name] = t
        }
        let path = directory + "/\(info.name).csv"
        let table = try CSVReader.read(path: path, options: CSVOptions(nullMarkers: [""], types: types))
        let expected = info.columns.map(\.name)
        guard table.columnNames == expected else {
            throw EngineError("dataset: \(path): columns \(table.columnNames.joined(separator: ", ")) "
                              + "differ from catalog.json, which expects \(expected.joined(separator: ", "))")
        }
        return table
    }

    /// Source note for a table (and the units of the given columns), as printed under tables
    /// in reports: "Source: U.S. Census Bureau, …, U.S. Trade in Goods by Country (edition).
    /// Units: US$ millions (us_exports_usd_mn)."
    public func citation(table name: String, columns: [String] = []) -> String {
        guard let info = tablesByName[name] else { return "Source: unknown table '\(name)'." }
        // Sources in order of first use: the table's, then the named columns' own.
        var ids = [info.source]
        for c in columns { if let col = info.column(c), !ids.contains(col.source) { ids.append(col.source) } }
        let cited = ids.map { id -> String in
            guard let s = sourcesByID[id] else { return id }
            return "\(s.publisher), \(s.title) (\(s.edition))"
        }
        var text = "Source: \(cited.joined(separator: "; "))."
        var units: [(unit: String, columns: [String])] = []
        for c in columns {
            guard let unit = info.column(c)?.unit else { continue }
            if let i = units.firstIndex(where: { $0.unit == unit }) { units[i].columns.append(c) }
            else { units.append((unit, [c])) }
        }
        if !units.isEmpty {
            text += " Units: " + units.map { "\($0.unit) (\($0.columns.joined(separator: ", ")))" }
                .joined(separator: "; ") + "."
        }
        return text
    }
}
