import Synchronization

/// Work that runs beside the HTTP server (job runners, the reaper of interrupted jobs): started after the server
/// listens, stopped after it has finished its requests.
public protocol BackgroundService: Sendable {
    /// Starts the work (on threads of its own); returns promptly.
    func start(context: AppContext) throws
    /// Stops the work, waiting at most about `grace`.
    func stop(grace: Duration)
}

/// Services shared by route groups, keyed by type, plus the ``BackgroundService``s the app starts and stops.
///
/// Route groups register what they make in ``RouteGroup/register(in:context:)``:
///
/// ```swift
/// let jobs = BackupJobs(pool: context.pool, logger: context.logger)
/// context.services.set(jobs)                      // other groups: context.services.get(BackupJobs.self)
/// context.services.addBackgroundService(jobs)     // started with the server, stopped at shutdown
/// ```
public final class ServiceRegistry: Sendable {
    private struct Storage: Sendable {
        var services: [ObjectIdentifier: any Sendable] = [:]
        var background: [any BackgroundService] = []
    }

    private let storage = Mutex(Storage())

    public init() {}

    /// Stores `service` under its type (replacing one stored before).
    public func set<Service: Sendable>(_ service: Service, as type: Service.Type = Service.self) {
        storage.withLock { $0.services[ObjectIdentifier(type)] = service }
    }

    /// The service stored under `type`, or nil.
    public func get<Service: Sendable>(_ type: Service.Type) -> Service? {
        storage.withLock { $0.services[ObjectIdentifier(type)] } as? Service
    }

    /// Adds work to start with the server (in the order added) and stop at shutdown (in reverse order).
    public func addBackgroundService(_ service: any BackgroundService) {
        storage.withLock { $0.background.append(service) }
    }

    /// The background services, in the order added.
    public var backgroundServices: [any BackgroundService] { storage.withLock { $0.background } }
}
