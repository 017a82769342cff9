/// Size and time limits the server enforces on every connection, with their defaults.
///
/// Sizes are in bytes. Time limits are what keep one slow or hostile client from holding a connection slot:
/// every socket wait is a `poll(2)` bounded by one of them.
public struct HTTPLimits: Sendable {
    /// Longest request line (method, target, version), 8 KiB; longer → 414 `uri_too_long`.
    public var maxRequestLineBytes = 8 * 1024
    /// Total bytes of the header section (every field line and the final empty line), 32 KiB → 431.
    public var maxHeaderBytes = 32 * 1024
    /// Most header fields in one request, 100 → 431. Also bounds a chunked body's trailer section.
    public var maxHeaderCount = 100
    /// Longest chunk-size line, extensions included, 4 KiB → 400.
    public var maxChunkLineBytes = 4 * 1024
    /// Body limit for requests the application gives no ``HTTPBodyPolicy`` for, 1 MiB → 413.
    public var defaultMaxBodyBytes: Int64 = 1 << 20
    /// Most unread body bytes the server reads and discards after a response to keep the connection
    /// for the next request, 1 MiB; a larger unread rest closes the connection instead.
    public var maxDrainBytes: Int64 = 1 << 20
    /// Time a client has to send a whole request head once its first byte arrived, 10 s; a client sending a
    /// byte a second is dropped (408) when it runs out (the "slowloris" defence).
    public var headTimeout: Duration = .seconds(10)
    /// Longest wait for any single read of a request body, 30 s; passed → the body read fails (408).
    public var readTimeout: Duration = .seconds(30)
    /// Longest wait for the socket to accept more response bytes, 30 s; passed → the connection is closed.
    public var writeTimeout: Duration = .seconds(30)
    /// Time an idle keep-alive connection is kept open waiting for the next request, 60 s.
    public var idleTimeout: Duration = .seconds(60)
    /// How long the server keeps reading (and discarding) after an error response before closing, so the
    /// client receives the response instead of a TCP reset, 2 s; at most ``maxDrainBytes`` are read.
    public var lingerTimeout: Duration = .seconds(2)

    public init() {}
}
