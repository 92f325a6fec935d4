@testable import QueryEngine

// The random tables a differential batch queries: the same rows as a Hemi `Table` and as SQL
// statements for sqlite3. Values are chosen so both engines compute them exactly:
// floats are multiples of 1/4, 1/8 or 1/64 (sums and products are exact in binary, so the
// order in which an engine adds rows cannot change a sum); integers stay small so no
// expression the generator builds can overflow.

struct DiffTable {
    let name: String
    let schema: [Field]
    let rows: [[Value]]
    let table: Table

    init(name: String, schema: [Field], rows: [[Value]]) {
        self.name = name
        self.schema = schema
        self.rows = rows
        self.table = try! Table(schema: schema, rows: rows)
    }

    /// CREATE TABLE and INSERT statements, one statement a line.
    var sql: String {
        let types = schema.map { f -> String in
            switch f.type {
            case .integer, .boolean: return "INTEGER"
            case .float: return "REAL"
            default: return "TEXT"
            }
        }
        var out = "CREATE TABLE \(name)(" + zip(schema, types).map { "\(SQL.quote($0.name)) \($1)" }.joined(separator: ", ") + ");\n"
        for row in rows {
            out += "INSERT INTO \(name) VALUES (" + row.map(SQL.literal).joined(separator: ", ") + ");\n"
        }
        return out
    }
}

enum RandomTables {
    /// Group keys: accented names, an apostrophe, an empty string (which is not null).
    static let places = ["México", "Perú", "Brasil", "Chile", "Ñandú", "São Paulo", "Zürich", "o'Neil", "Bogotá", ""]
    /// Free text: case variants, accents before and after ASCII in code-point order, a comma.
    static let words = places + ["abc", "Abc", "ABC", "a b", "z", "émile", "Émile", "zeta", "Mexico", "mexico", "x,y", "Ö"]

    /// The fact table `a` and the dimension table `c` (joined on g, h, or h = k).
    static func make(_ rng: inout DiffRandom) -> (a: DiffTable, c: DiffTable) {
        func maybe(_ p: Double, _ v: Value, _ rng: inout DiffRandom) -> Value { rng.chance(p) ? .null : v }
        let n = rng.int(30...60)
        var aRows: [[Value]] = []
        for id in 1...n {
            aRows.append([
                .int(Int64(id)),
                maybe(0.1, .string(rng.pick(places)), &rng),
                maybe(0.1, .int(Int64(rng.int(0...4))), &rng),
                maybe(0.15, .int(Int64(rng.int(-20...20))), &rng),
                maybe(0.15, .double(Double(rng.int(-80...80)) / 4), &rng),
                maybe(0.1, .double(Double(rng.int(-40...40)) / 8), &rng),
                maybe(0.1, .string(rng.pick(words)), &rng),
                maybe(0.15, .bool(rng.chance(0.5)), &rng),
            ])
        }
        let a = DiffTable(name: "a", schema: [
            Field("id", .integer), Field("g", .string), Field("h", .integer), Field("x", .integer),
            Field("y", .float), Field("z", .float), Field("s", .string), Field("b", .boolean),
        ], rows: aRows)
        let m = rng.int(8...20)
        var cRows: [[Value]] = []
        for _ in 0..<m {
            // Only some places, so joins both miss and fan out (repeated keys).
            cRows.append([
                maybe(0.1, .string(rng.pick(Array(places.prefix(7)))), &rng),
                maybe(0.1, .int(Int64(rng.int(0...5))), &rng),
                maybe(0.1, .double(Double(rng.int(0...5))), &rng),
                maybe(0.15, .double(Double(rng.int(-30_000...30_000)) / 64), &rng),
                maybe(0.1, .string(rng.pick(words)), &rng),
                maybe(0.1, .bool(rng.chance(0.5)), &rng),
            ])
        }
        let c = DiffTable(name: "c", schema: [
            Field("g", .string), Field("h", .integer), Field("k", .float), Field("w", .float), Field("s", .string), Field("flag", .boolean),
        ], rows: cRows)
        return (a, c)
    }
}

/// Spelling values and names in SQLite's dialect.
enum SQL {
    static func quote(_ name: String) -> String { "\"" + name + "\"" }

    static func literal(_ v: Value) -> String {
        switch v {
        case .null: return "NULL"
        case .int(let i): return String(i)
        case .double(let d): return String(d)   // shortest round-trip text, always with a "." or "e"
        case .string(let s): return "'" + s.replacingOccurrences("'", "''") + "'"
        case .bool(let b): return b ? "1" : "0"
        case .date(let d): return "'\(CivilDate(days: d))'"
        }
    }
}
