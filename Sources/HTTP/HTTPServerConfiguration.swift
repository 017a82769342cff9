import Foundation

/// Where and how an ``HTTPServer`` listens, its limits and its logs.
public struct HTTPServerConfiguration: Sendable {
    /// A host name or numeric address to bind: `127.0.0.1` (default), `::1`, `0.0.0.0`, `::` (IPv6 and,
    /// where the system allows, IPv4), `localhost`.
    public var host = "127.0.0.1"
    /// TCP port; 0 lets the kernel choose (read it back from ``HTTPServer/port``). Default 8080.
    public var port = 8080
    /// `listen(2)` backlog, 512: connections beyond ``maxConnections`` wait there, unanswered, for a free slot.
    public var backlog: Int32 = 512
    /// Connections served at once (one thread each), 256. Further connections wait in the backlog until a
    /// slot frees up (chosen over a fast 503 so short bursts are absorbed; the kernel's backlog bounds it);
    /// while they wait, connections idling between requests are closed to make room.
    public var maxConnections = 256
    /// Size and time limits.
    public var limits = HTTPLimits()
    /// Receives one entry per request; default writes ``HTTPAccessLogEntry/line`` to standard error.
    public var accessLog: @Sendable (HTTPAccessLogEntry) -> Void = { entry in
        FileHandle.standardError.write(Data((entry.line + "\n").utf8))
    }
    /// Receives server-side errors (a handler that threw, with its request id) for the operator, never the client.
    public var errorLog: @Sendable (String) -> Void = { message in
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
    /// Value of the `Server` response header, or nil to send none.
    public var serverName: String? = nil

    public init(host: String = "127.0.0.1", port: Int = 8080) {
        self.host = host
        self.port = port
    }
}
