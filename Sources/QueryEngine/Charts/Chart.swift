// What every chart shares: it draws itself for a terminal and as a standalone SVG document,
// from plain data (labels, optional numbers, series) — never from a query, so charts test
// without a dataset and any caller (Lua, reports, the REPL) can feed them.

public protocol Chart: Sendable {
    var caption: ChartCaption { get }
    /// Lines for a terminal, joined by "\n", no trailing newline, no trailing blanks.
    func renderTerminal(_ options: TerminalChartOptions) -> String
    /// A standalone SVG document (UTF-8 text, ends with a newline). Same chart, same bytes.
    func renderSVG() -> String
}

/// The words around a chart: title on top, unit beside the numbers, source note at the bottom.
public struct ChartCaption: Sendable, Equatable {
    public var title: String?
    public var unit: String?
    public var source: String?

    public init(title: String? = nil, unit: String? = nil, source: String? = nil) {
        self.title = title.flatMap(Self.nonEmpty)
        self.unit = unit.flatMap(Self.nonEmpty)
        self.source = source.flatMap(Self.nonEmpty)
    }

    private static func nonEmpty(_ s: String) -> String? {
        let t = ChartText.clean(s)
        return t.allSatisfy { $0 == " " } ? nil : t
    }

    /// What follows a number in a terminal chart: "%" for percent units, " unit" otherwise.
    var valueSuffix: String {
        guard let unit else { return "" }
        let u = unit.lowercased()
        if u == "%" || u == "percent" || u == "pct" || u.hasSuffix("_pct") { return "%" }
        return " " + unit
    }

    /// The unit spelled for a reader of a printed chart ("usd_mn" → "US$ million").
    var unitDescription: String? {
        guard let unit else { return nil }
        switch unit.lowercased() {
        case "usd_mn": return "US$ million"
        case "usd_bn": return "US$ billion"
        case "usd": return "US$"
        case "%", "pct", "percent": return "percent"
        default:
            if unit.lowercased().hasSuffix("_pct") { return "percent" }
            return unit.replacingUnderscores()
        }
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? " " : $0 })
    }
}

/// One named line of numbers; `nil` marks a missing value (drawn as a gap, never as 0).
public struct ChartSeries: Sendable, Equatable {
    public var name: String
    var values: [Double?]

    public init(name: String, values: [Double?]) {
        self.name = ChartText.clean(name)
        // NaN and infinities cannot be placed on an axis: they count as missing.
        self.values = values.map { v in v.flatMap { $0.isFinite ? $0 : nil } }
    }
}

public struct TerminalChartOptions: Sendable, Equatable {
    /// Columns available; every line fits (down to a floor below which the chart cannot be
    /// drawn: 20 columns).
    var width: Int
    var glyphs: ChartGlyphs
    /// Rows of the plot area of a line chart (about: adjusted so y ticks are evenly spaced).
    var height: Int

    public init(width: Int = 80, glyphs: ChartGlyphs = .unicode, height: Int = 12) {
        self.width = max(width, 20)
        self.glyphs = glyphs
        self.height = min(max(height, 3), 200)
    }
}

public enum ChartError: Error, Equatable, CustomStringConvertible {
    /// Labels, values or x positions of a chart do not have the same length.
    case lengthMismatch(chart: String, field: String, expected: Int, got: Int)
    /// A value that cannot be drawn where it is required (an x position that is not finite).
    case invalidValue(chart: String, field: String, index: Int, expected: String)
    /// Two rows give a value for the same group at the same x (rows counted from 1).
    case duplicate(chart: String, group: String, x: String, firstRow: Int, secondRow: Int)
    /// A column named for a chart is not in the table.
    case unknownColumn(chart: String, name: String, available: [String])
    /// A column named for a chart has a type the chart cannot draw.
    case wrongType(chart: String, column: String, type: String, expected: String)
    /// The SVG file could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .lengthMismatch(chart, field, expected, got):
            return "\(chart): '\(field)' has \(got) values, expected \(expected) (one per label or x position)"
        case let .invalidValue(chart, field, index, expected):
            return "\(chart): \(field)[\(index + 1)] is not valid, expected \(expected)"
        case let .duplicate(chart, group, x, firstRow, secondRow):
            return "\(chart): rows \(firstRow) and \(secondRow) both give a value for '\(group)' at \(x); aggregate them first (e.g. group and sum)"
        case let .unknownColumn(chart, name, available):
            return "\(chart): no column '\(name)'; columns are: \(available.joined(separator: ", "))"
        case let .wrongType(chart, column, type, expected):
            return "\(chart): column '\(column)' is \(type), expected \(expected)"
        case let .cannotWrite(path, reason):
            return "cannot write chart to '\(FileIO.shown(path))': \(reason)"
        }
    }
}

/// Series over a shared x axis (years), as sparklines and line charts take them: checked to
/// have one value per x position and put in ascending x order.
struct ChartXSeries: Sendable, Equatable {
    let x: [Double]
    let series: [ChartSeries]

    init(chart: String, x: [Double], series: [ChartSeries]) throws(ChartError) {
        for (i, v) in x.enumerated() where !v.isFinite {
            throw .invalidValue(chart: chart, field: "x", index: i, expected: "a finite number")
        }
        for s in series where s.values.count != x.count {
            throw .lengthMismatch(chart: chart, field: "values of '\(s.name)'", expected: x.count, got: s.values.count)
        }
        // Stable sort by x: callers may pass rows in any order; equal x keep their order.
        let order = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
        self.x = order.map { x[$0] }
        self.series = series.map { s in ChartSeries(name: s.name, values: order.map { s.values[$0] }) }
    }

    /// Decimals the x labels need (0 for years).
    var xDecimals: Int { ChartNumberFormat.decimalsNeeded(x, limit: 2) }

    func xLabel(_ v: Double) -> String { ChartNumberFormat.plain(v, decimals: xDecimals) }

    /// Decimals shared by all values.
    var valueDecimals: Int { ChartNumberFormat.decimalsNeeded(series.flatMap { $0.values.compactMap { $0 } }) }
}
