import Dispatch
import Foundation
import Synchronization

/// A bounded pool of connections, lent to one borrower at a time.
///
/// - At most `maxConnections` exist; a borrower waits at most `borrowTimeout` for one (then `.poolTimeout`).
/// - A connection that broke, or that a borrower left inside a transaction, is discarded rather than
///   returned; the next borrower gets a fresh one. After a PostgreSQL restart every old connection
///   fails its liveness check on the next borrow, so the process recovers without restarting.
public final class ConnectionPool: Sendable {
    public struct Configuration: Sendable {
        public var conninfo: String
        public var overrides: [String: String]
        public var maxConnections: Int
        public var borrowTimeout: Duration
        /// Applied to every new connection (0 disables). Long jobs raise it per transaction.
        public var statementTimeoutMilliseconds: Int

        public init(conninfo: String, overrides: [String: String] = [:], maxConnections: Int = 16,
                    borrowTimeout: Duration = .seconds(10), statementTimeoutMilliseconds: Int = 60_000) {
            self.conninfo = conninfo
            self.overrides = overrides
            self.maxConnections = maxConnections
            self.borrowTimeout = borrowTimeout
            self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
        }
    }

    public let configuration: Configuration
    private let slots: DispatchSemaphore
    private let idle = Mutex<[PostgresConnection]>([])
    private let created = Atomic<Int>(0)
    private let noticeHandler: @Sendable (String) -> Void

    public init(_ configuration: Configuration, noticeHandler: @escaping @Sendable (String) -> Void = { _ in }) {
        precondition(configuration.maxConnections > 0, "a pool needs at least one connection")
        self.configuration = configuration
        self.slots = DispatchSemaphore(value: configuration.maxConnections)
        self.noticeHandler = noticeHandler
    }

    /// Lends a connection to `body` and takes it back afterwards.
    public func withConnection<R>(_ body: (PostgresConnection) throws -> R) throws -> R {
        let components = configuration.borrowTimeout.components
        let timeout = DispatchTime.now() + .nanoseconds(Int(components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000))
        guard slots.wait(timeout: timeout) == .success else {
            throw PostgresError(code: .poolTimeout,
                                message: "no database connection became free within \(configuration.borrowTimeout) (pool of \(configuration.maxConnections))")
        }
        defer { slots.signal() }
        let connection = try checkOut()
        do {
            let result = try body(connection)
            checkIn(connection)
            return result
        } catch {
            checkIn(connection)
            throw error
        }
    }

    /// Connections opened over the pool's lifetime (a test sees replacements through it).
    public var connectionsCreated: Int { created.load(ordering: .relaxed) }

    /// Closes idle connections (borrowed ones close when returned after this).
    public func drain() {
        idle.withLock { $0.removeAll() }
    }

    private func checkOut() throws -> PostgresConnection {
        while let candidate = idle.withLock({ $0.popLast() }) {
            if candidate.isUsable { return candidate }
            // Broken (server restarted, backend terminated): drop it and try the next one.
        }
        let connection = try PostgresConnection(conninfo: configuration.conninfo, overrides: configuration.overrides,
                                                noticeHandler: noticeHandler)
        if configuration.statementTimeoutMilliseconds > 0 {
            try connection.setStatementTimeout(milliseconds: configuration.statementTimeoutMilliseconds)
        }
        created.add(1, ordering: .relaxed)
        return connection
    }

    private func checkIn(_ connection: PostgresConnection) {
        // A borrower that left a transaction open (or a broken connection) must not leak it to the next one.
        guard connection.isUsable, !connection.isInTransaction else { return }
        idle.withLock { $0.append(connection) }
    }
}
