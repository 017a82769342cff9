/// A socket operation that failed: connect, bind, a timed-out or reset read or write.
public struct SocketError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public var description: String { name }

        /// The deadline passed before the peer sent or accepted bytes.
        public static let timeout = Code(name: "timeout")
        /// The peer closed or reset the connection.
        public static let connectionClosed = Code(name: "connectionClosed")
        /// Name resolution found no address.
        public static let resolve = Code(name: "resolve")
        /// Any other system call failure; see ``SocketError/errno``.
        public static let system = Code(name: "system")
    }

    public var code: Code
    public var message: String
    /// The `errno` of the failed call, when there was one.
    public var errno: Int32?

    public init(_ code: Code, _ message: String, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    public var description: String { "\(code): \(message)" }
}
