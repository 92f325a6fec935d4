// The one error type of the engine. The message is complete on its own (it names the thing,
// the place and what was expected), so callers print `description` as is.

public struct EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
