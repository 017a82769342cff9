/// A handler used ``HTTPResponseWriter`` in a way HTTP does not allow; the server logs it and closes the
/// connection (or answers 500 if nothing was sent yet).
public struct HTTPResponseError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public var description: String { name }

        public static let headAlreadyWritten = Code(name: "headAlreadyWritten")
        public static let headNotWritten = Code(name: "headNotWritten")
        public static let invalidStatus = Code(name: "invalidStatus")
        public static let invalidHeader = Code(name: "invalidHeader")
        public static let bodyNotAllowed = Code(name: "bodyNotAllowed")
        public static let contentLengthMismatch = Code(name: "contentLengthMismatch")
        public static let alreadyFinished = Code(name: "alreadyFinished")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
