/// Why an ``HTTPClient`` exchange failed (transport failures are ``SocketError``s).
public struct HTTPClientError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public var description: String { name }

        /// The server closed the connection before a complete response.
        public static let connectionClosed = Code(name: "connectionClosed")
        /// The response is not valid HTTP/1.x.
        public static let invalidResponse = Code(name: "invalidResponse")
        /// The response body is larger than the caller's limit.
        public static let bodyTooLarge = Code(name: "bodyTooLarge")
        /// The URL is not an `http://host[:port]` URL.
        public static let invalidURL = Code(name: "invalidURL")
        /// A request body source failed or produced a different length than declared.
        public static let requestBody = Code(name: "requestBody")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
