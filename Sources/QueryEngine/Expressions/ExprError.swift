// An error in an expression: the message, then the expression with a caret under the place.
//
//   unknown column "yeer" (closest: year, years)
//     yeer == 2023
//     ^

public struct ExprError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public let source: String
    /// Character offset of the problem in `source`.
    let position: Int

    init(_ source: String, at position: Int, _ message: String) {
        self.source = source
        self.position = position
        self.message = message
    }

    public var description: String {
        // Tabs and newlines would shift the caret: show them as spaces.
        let line = String(source.map { $0 == "\n" || $0 == "\t" || $0 == "\r" ? " " : $0 })
        let prefix = String(line.prefix(max(0, position)))
        return message + "\n  " + line + "\n  " + String(repeating: " ", count: DisplayWidth.of(prefix)) + "^"
    }

    var engineError: EngineError { EngineError(description) }
}
