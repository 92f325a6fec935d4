// The functions expressions may call: their arity and result type given the argument types.
// One table so the binder, the error messages ("did you mean …") and the docs agree.

enum ScalarFunction: String, CaseIterable, Sendable {
    case abs, round, floor, ceil, coalesce, lower, upper, len, substr, year, month, day, date
}

enum AggregateFunction: String, CaseIterable, Sendable {
    case count, count_distinct, sum, avg, min, max, median
}

enum FunctionCatalog {
    static var allNames: [String] {
        ScalarFunction.allCases.map(\.rawValue) + AggregateFunction.allCases.map(\.rawValue)
    }

    static func arity(_ f: ScalarFunction) -> ClosedRange<Int> {
        switch f {
        case .round: return 1...2
        case .substr: return 2...3
        case .coalesce: return 1...64
        default: return 1...1
        }
    }

    static func arity(_ f: AggregateFunction) -> ClosedRange<Int> {
        f == .count ? 0...1 : 1...1
    }

    /// The result type of an aggregate over `arg` (nil: the argument is the null literal).
    static func resultType(_ f: AggregateFunction, _ arg: DataType?) -> DataType? {
        switch f {
        case .count, .count_distinct: return .integer
        case .sum: return arg ?? .integer
        case .avg, .median: return .float
        case .min, .max: return arg
        }
    }
}
