// Charts from Lua. Plain data: `hemi.bar{...}`, `hemi.sparklines{...}`, `hemi.line{...}`;
// query methods (q:bar, q:sparklines, q:line) call `ChartsLua.queryChart` with the query's
// result table and its provenance.
// A chart prints to the terminal (glyphs and width chosen from the environment), is returned
// as text with `print = false`, is written as SVG with `svg = "path.svg"` (given as the SVG
// document itself with `svg = true`), is shown as inline SVG in a notebook (the session's
// display sink), and inside
// `hemi report` becomes the report's next figure.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LuaBridge
import QueryEngine

public enum ChartsLua {
    /// [-0, +0] Adds hemi.bar, hemi.sparklines and hemi.line.
    public static func install(into lua: LuaState) {
        for chart in ["bar", "sparklines", "line"] { lua.register(chart, in: "hemi", plain(chart)) }
    }

    /// What a chart call may say besides its data; the same keys for every kind and for
    /// the query methods.
    struct Options: Sendable, Equatable {
        var title: String?
        var unit: String?
        var source: String?
        var width: Int?
        var height: Int?
        var svg: String?
        /// `svg = true`: the SVG document instead of the terminal drawing.
        var svgInline = false
        var ascii: Bool?
        var print = true
        var sharedScale = false
        /// Line charts: events drawn as vertical lines, `marks = { { x = 1994, label = "NAFTA" } }`
        /// (x a number, or a date "1994-01-01" on an axis of years or dates).
        var marks: [ChartMark] = []
        /// Query methods: the column naming each bar, grouping lines, giving x.
        var label: String?
        var by: String?
        var x: String?

        init() {}

        /// Reads the options table at argument `index` of `function` (nil or absent: defaults).
        /// Unknown keys are errors, so a misspelt `titel` does not pass silently. `query`:
        /// the column keys (label, by, x) are allowed; plain-data calls use `extraKeys`.
        init(_ value: LuaValue, function: String, argument index: Int, query: Bool,
                    extraKeys: Set<String> = []) throws(LuaArgumentError) {
            guard case let .table(entries) = value else {
                if case .nil = value { return }
                throw LuaArgumentError(Int32(index), to: function, "table expected, got \(LuaFields.typeName(value))")
            }
            let fields = LuaFields(entries: entries, function: function, argument: index)
            try fields.rejectUnknown(Self.keys.union(query ? Self.queryKeys : []).union(function == "line" ? ["marks"] : [])
                .union(extraKeys))
            title = try fields.string("title")
            unit = try fields.string("unit")
            source = try fields.string("source")
            width = try fields.integer("width", range: 20...1000)
            height = try fields.integer("height", range: 3...200)
            if case .boolean(let b) = fields.value("svg") { svgInline = b } else { svg = try fields.path("svg") }
            ascii = try fields.boolean("ascii")
            print = try fields.boolean("print") ?? true
            sharedScale = try fields.boolean("shared_scale") ?? false
            if case .nil = fields.value("marks") {} else { marks = try fields.marks("marks") }
            if query {
                label = try fields.string("label")
                by = try fields.string("by")
                x = try fields.string("x")
            }
        }

        static let keys: Set<String> = ["title", "unit", "source", "width", "height", "svg", "ascii", "print", "shared_scale"]
        static let queryKeys: Set<String> = ["label", "by", "x"]

        var caption: ChartCaption { ChartCaption(title: title, unit: unit, source: source) }
    }

    /// [-0, +0 or +1 or +2] Shows a chart as the options ask: written as SVG when `svg` is
    /// given, added to the report when one is being written, else printed (or returned as
    /// text with `print = false`). Pushes nothing when printed or written, the text with
    /// `print = false`, nil and a message when the file cannot be written (an expected failure).
    static func present(_ chart: any Chart, options: Options, call: LuaCall) -> LuaReturn {
        if let path = options.svg {
            do { try ChartFile.writeSVG(chart, to: path) } catch {
                call.push(.nil)
                call.push(.string(error.description))
                return .results(2)
            }
        }
        if let report = ReportSession.active(in: call.state) {
            report.appendChart(chart)
            return .results(0)
        }
        // A notebook shows every chart inline, as SVG with its terminal drawing as the fallback.
        if options.print, let sink = HemiContext.of(call.state)?.displaySink {
            sink.show(DisplayForms.chart(chart))
            return .results(0)
        }
        if options.svg != nil { return .results(0) }
        if options.svgInline {
            let document = chart.renderSVG()
            if !options.print { call.push(.string(document)); return .results(1) }
            print(document, terminator: "")
            return .results(0)
        }
        let terminal = TerminalChartOptions(width: options.width ?? terminalColumns(),
                                            glyphs: options.ascii == true ? .ascii : preferredGlyphs(),
                                            height: options.height ?? 12)
        let text = chart.renderTerminal(terminal)
        if !options.print {
            call.push(.string(text))
            return .results(1)
        }
        // Swift's print goes through C stdio's stdout, as Lua's print does: order is kept.
        print(text)
        return .results(0)
    }

    /// Glyphs for this process's environment (NO_COLOR, LC_ALL, LC_CTYPE, LANG).
    static func preferredGlyphs() -> ChartGlyphs {
        var environment: [String: String] = [:]
        for name in ["NO_COLOR", "LC_ALL", "LC_CTYPE", "LANG"] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        return ChartGlyphs.preferred(environment: environment)
    }

    /// Columns of the terminal on stdout, else $COLUMNS, else 80.
    public static func terminalColumns() -> Int {
        var size = winsize()
        if isatty(1) != 0, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let text = getenv("COLUMNS"), let n = Int(String(cString: text)), n > 0 { return n }
        return 80
    }

    // MARK: query methods

    /// [-0, +0..2] The body of q:bar(value, opts), q:sparklines(value, opts) and
    /// q:line(value or {values}, opts) once the query has run and produced `table`:
    /// argument 1 is the query itself, 2 the value column(s), 3 the options table.
    /// `source` is the note built from the dataset's provenance (nil for the user's own data),
    /// used unless the options give one; `units` maps column names to units where known, and
    /// `labels` to the catalog's labels, which legends and default titles use instead of the
    /// raw names.
    static func queryChart(_ method: String, table: Table, call: LuaCall,
                                  source: String?, units: [String: String], labels: [String: String] = [:]) throws(LuaArgumentError) -> LuaReturn {
        let values: [String]
        switch call.argument(2) {
        case let .string(bytes):
            values = [String(decoding: bytes, as: UTF8.self)]
        case .table where method == "line":
            let fields = LuaFields(entries: [LuaTableEntry(key: .string("values"), value: call.argument(2))], function: method, argument: 1)
            values = try fields.stringArray("values")
            guard !values.isEmpty else { throw LuaArgumentError(1, to: "line", "at least one column name expected") }
        default:
            let expected = method == "line" ? "column name or array of names" : "column name"
            throw LuaArgumentError(1, to: method, "\(expected) expected, got \(call.typeName(2))")
        }
        var options = try Options(call.argument(3), function: method, argument: 2, query: true)
        let unitsFound = Set(values.compactMap { units[$0] })
        options.unit = options.unit ?? (unitsFound.count == 1 ? unitsFound.first : nil)
        options.source = options.source ?? source
        let x = options.x ?? "year"
        let chart: any Chart
        switch method {
        case "bar":
            options.title = options.title ?? labels[values[0]] ?? values[0]
            chart = try chartResult(method, argument: 1) { () throws(ChartError) in
                try table.barChart(value: values[0], label: options.label, caption: options.caption)
            }
        case "sparklines":
            guard let by = options.by else {
                throw LuaArgumentError(2, to: "sparklines", "field 'by' is required: the column naming each line")
            }
            options.title = options.title ?? "\(labels[values[0]] ?? values[0]) by \(by)"
            chart = try chartResult(method, argument: 1) { () throws(ChartError) in
                try table.sparklines(value: values[0], by: by, x: x, caption: options.caption, sharedScale: options.sharedScale)
            }
        default:
            options.title = options.title ?? values.map { labels[$0] ?? $0 }.joined(separator: ", ") + (options.by.map { " by " + $0 } ?? "")
            chart = try chartResult(method, argument: 1) { () throws(ChartError) in
                var line = try table.lineChart(values: values, by: options.by, x: x, caption: options.caption,
                                               names: labels)
                line.marks = options.marks
                return line
            }
        }
        return present(chart, options: options, call: call)
    }

    // MARK: plain data

    /// hemi.bar{ labels = {...}, values = {...}, ... }
    /// hemi.sparklines{ x = {...}, series = { {name = "...", values = {...}}, ... }, ... }
    /// hemi.line{ same as sparklines }
    static func plain(_ function: String) -> LuaSwiftFunction {
        LuaCall.throwing { call in try plain(call, function: function) }
    }

    static func plain(_ call: LuaCall, function: String) throws(LuaArgumentError) -> LuaReturn {
        let spec = call.argument(1)
        guard case let .table(entries) = spec else {
            throw LuaArgumentError(1, to: function, "table expected, got \(call.typeName(1))")
        }
        let dataKeys: Set<String> = function == "bar" ? ["labels", "values"] : ["x", "series"]
        let options = try Options(spec, function: function, argument: 1, query: false, extraKeys: dataKeys)
        let fields = LuaFields(entries: entries, function: function, argument: 1)
        let chart: any Chart
        switch function {
        case "bar":
            let labels = try fields.stringArray("labels")
            let values = try fields.numberArray("values", count: labels.count)
            chart = try chartResult(function) { () throws(ChartError) in
                try BarChart(labels: labels, values: values, caption: options.caption)
            }
        default:
            let x = try fields.numberArray("x", count: nil).map { $0 ?? .nan }
            let series = try fields.seriesArray("series", count: x.count)
            chart = try chartResult(function) { () throws(ChartError) -> any Chart in
                if function == "line" {
                    var line = try LineChart(x: x, series: series, caption: options.caption)
                    line.marks = options.marks
                    return line
                }
                return try SparklineChart(x: x, series: series, caption: options.caption, sharedScale: options.sharedScale)
            }
        }
        return present(chart, options: options, call: call)
    }

    /// A chart error worded as Lua words a bad argument of `function`.
    static func chartResult<C>(_ function: String, argument: Int32 = 1, _ body: () throws(ChartError) -> C) throws(LuaArgumentError) -> C {
        do { return try body() } catch { throw LuaArgumentError(argument, to: function, error.description) }
    }
}

/// Fields of an argument table, read with messages in Lua's wording that name the function,
/// the argument and the field.
struct LuaFields {
    let entries: [LuaTableEntry]
    let function: String
    let argument: Int

    func value(_ key: String) -> LuaValue {
        entries.first { $0.key == .string(key) }?.value ?? .nil
    }

    private func bad(_ key: String, _ expected: String, _ got: LuaValue) -> LuaArgumentError {
        fail("field '\(key)': \(expected) expected, got \(LuaFields.typeName(got))")
    }

    private func fail(_ problem: String) -> LuaArgumentError { LuaArgumentError(Int32(argument), to: function, problem) }

    func rejectUnknown(_ known: Set<String>) throws(LuaArgumentError) {
        for entry in entries {
            guard case let .string(bytes) = entry.key else {
                throw fail("options are named fields, got a \(LuaFields.typeName(entry.key)) key")
            }
            let key = String(decoding: bytes, as: UTF8.self)
            if !known.contains(key) {
                throw fail("unknown option '\(key)'; known: \(known.sorted().joined(separator: ", "))")
            }
        }
    }

    func string(_ key: String) throws(LuaArgumentError) -> String? {
        switch value(key) {
        case .nil: return nil
        case let .string(bytes): return String(decoding: bytes, as: UTF8.self)
        case let other: throw bad(key, "string", other)
        }
    }

    /// A file name: its bytes kept by ByteText (a name that is not UTF-8 is written by its
    /// bytes, FileIO.withPath), where `string` reads text for people (titles, units).
    func path(_ key: String) throws(LuaArgumentError) -> String? {
        switch value(key) {
        case .nil: return nil
        case let .string(bytes): return ByteText.string(bytes: bytes)
        case let other: throw bad(key, "string", other)
        }
    }

    func boolean(_ key: String) throws(LuaArgumentError) -> Bool? {
        switch value(key) {
        case .nil: return nil
        case let .boolean(b): return b
        case let other: throw bad(key, "boolean", other)
        }
    }

    func integer(_ key: String, range: ClosedRange<Int>) throws(LuaArgumentError) -> Int? {
        let v = value(key)
        let n: Int?
        switch v {
        case .nil: return nil
        case let .integer(i): n = Int(exactly: i)
        case let .number(d): n = d.rounded() == d ? Int(exactly: d) : nil
        default: n = nil
        }
        guard let n, range.contains(n) else { throw bad(key, "integer in \(range.lowerBound)..\(range.upperBound)", v) }
        return n
    }

    /// An array of strings; numbers are accepted and written the way Lua writes them.
    func stringArray(_ key: String) throws(LuaArgumentError) -> [String] {
        let items = try array(key, count: nil)
        var out: [String] = []
        for (i, item) in items.enumerated() {
            switch item {
            case let .string(bytes): out.append(String(decoding: bytes, as: UTF8.self))
            case let .integer(n): out.append(String(n))
            case let .number(d): out.append(ChartNumberFormat.plain(d, decimals: ChartNumberFormat.decimalsNeeded([d], limit: 6)))
            default: throw bad("\(key)[\(i + 1)]", "string", item)
            }
        }
        return out
    }

    /// An array of numbers with holes (nil) allowed: `count` positions when given (the
    /// length of the labels or of x), else up to the largest index present.
    func numberArray(_ key: String, count: Int?) throws(LuaArgumentError) -> [Double?] {
        try numbers(value(key), key: key, count: count)
    }

    /// `marks = { { x = 1994 | "1994-01-01", label = "NAFTA" }, ... }`: a date string is placed
    /// on an axis of years (ChartMark.yearFraction), as a date column is.
    func marks(_ key: String) throws(LuaArgumentError) -> [ChartMark] {
        var out: [ChartMark] = []
        for (i, item) in try array(key, count: nil).enumerated() {
            guard case let .table(entries) = item else { throw bad("\(key)[\(i + 1)]", "table { x =, label = }", item) }
            let fields = LuaFields(entries: entries, function: function, argument: argument)
            try fields.rejectUnknown(["x", "label"])
            let x: Double
            switch fields.value("x") {
            case let .integer(n): x = Double(n)
            case let .number(d) where d.isFinite: x = d
            case let .string(bytes):
                let text = String(decoding: bytes, as: UTF8.self)
                guard let d = CivilDate(iso: text) else { throw bad("\(key)[\(i + 1)].x", "number or date YYYY-MM-DD", .string(bytes)) }
                x = ChartMark.yearFraction(d)
            case let other: throw bad("\(key)[\(i + 1)].x", "number or date YYYY-MM-DD", other)
            }
            guard let label = try fields.string("label") else { throw bad("\(key)[\(i + 1)].label", "string", .nil) }
            out.append(ChartMark(x: x, label: label))
        }
        return out
    }

    /// `series = { {name = "MEX", values = {...}}, ... }`.
    func seriesArray(_ key: String, count: Int) throws(LuaArgumentError) -> [ChartSeries] {
        let items = try array(key, count: nil)
        var out: [ChartSeries] = []
        for (i, item) in items.enumerated() {
            guard case let .table(entries) = item else { throw bad("\(key)[\(i + 1)]", "table", item) }
            let fields = LuaFields(entries: entries, function: function, argument: argument)
            let name = try fields.string("name") ?? "series \(i + 1)"
            let values = try fields.numbers(fields.value("values"), key: "\(key)[\(i + 1)].values", count: count)
            out.append(ChartSeries(name: name, values: values))
        }
        return out
    }

    private func array(_ key: String, count: Int?) throws(LuaArgumentError) -> [LuaValue] {
        let v = value(key)
        guard case let .table(entries) = v else { throw bad(key, "table", v) }
        var byIndex: [Int: LuaValue] = [:]
        for e in entries { if case let .integer(i) = e.key, i >= 1, i <= 1_000_000 { byIndex[Int(i)] = e.value } }
        let n = count ?? (byIndex.keys.max() ?? 0)
        return (0..<n).map { byIndex[$0 + 1] ?? .nil }
    }

    private func numbers(_ v: LuaValue, key: String, count: Int?) throws(LuaArgumentError) -> [Double?] {
        guard case let .table(entries) = v else { throw bad(key, "table", v) }
        var byIndex: [Int: LuaValue] = [:]
        for e in entries { if case let .integer(i) = e.key, i >= 1, i <= 1_000_000 { byIndex[Int(i)] = e.value } }
        let n = count ?? (byIndex.keys.max() ?? 0)
        var out: [Double?] = []
        for i in 0..<n {
            switch byIndex[i + 1] ?? .nil {
            case .nil: out.append(nil)
            case let .integer(x): out.append(Double(x))
            case let .number(x): out.append(x)
            case let other: throw bad("\(key)[\(i + 1)]", "number or nil", other)
            }
        }
        if let count, let extra = byIndex.keys.max(), extra > count {
            throw fail("field '\(key)' has \(extra) values, expected \(count)")
        }
        return out
    }

    static func typeName(_ v: LuaValue) -> String {
        switch v {
        case .nil: return "nil"
        case .boolean: return "boolean"
        case .integer, .number: return "number"
        case .string: return "string"
        case .table, .cycle: return "table"
        case let .opaque(name): return name
        }
    }
}
