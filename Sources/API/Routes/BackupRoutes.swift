import Domain
import Foundation
import HTTP

/// Backups (shared/spec/api.md "Backups"): create, list, get, delete, verify, manifest; the archive's download
/// and upload are in `BackupRoutes+Archive.swift`.
///
/// Roles: `reader` reads and downloads, `operator` creates and uploads, `admin` deletes and verifies — on the
/// namespace the backup is listed under. A backup of a namespace outside the token's scope is `backup_not_found`;
/// a backup whose namespace was deleted is visible to `"*"` tokens only.
struct BackupRoutes: RouteGroup {
    func register(in router: inout RouterBuilder, context: AppContext) throws {
        let service = BackupServiceHolder.service(in: context)

        router.post("/v1/namespaces/{id}/backups") { request in
            let namespaceID = try request.parameters.uuid("id", orElse: .namespaceNotFound(request.parameters["id"] ?? ""))
            try request.principal.require(.operator, on: namespaceID)
            let wait = try request.queryInt("wait", in: 0...300) ?? 0
            guard let name = try request.decodeIfPresent(BackupJSON.CreateRequest.self)?.name else {
                throw BackupError.nameRequired
            }
            var backup = try service.create(namespaceID: namespaceID, name: name)
            request.logger.notice("backup started", ["backup_id": backup.id.uuidString.lowercased(), "namespace_id": namespaceID.uuidString.lowercased()])
            if wait > 0 { backup = try service.waitForBackup(backup.id, timeout: .seconds(wait)) }
            try request.respond(backup.status == .creating ? .accepted : .created, json: backup,
                                headers: ["Location": "/v1/backups/\(backup.id.uuidString.lowercased())"])
        }

        router.get("/v1/backups") { request in
            let principal = try request.principal
            let namespaceID = try Self.namespaceFilter(request)
            let backups = try service.backups(namespaceID: namespaceID, visibleNamespaces: principal.scope.visibleIDs)
            try request.respond(json: BackupJSON.BackupList(backups: backups))
        }

        router.get("/v1/backups/{id}") { request in
            try request.respond(json: try Self.visibleBackup(request, service, role: .reader))
        }

        router.delete("/v1/backups/{id}") { request in
            let backup = try Self.visibleBackup(request, service, role: .admin)
            try service.delete(backup.id)
            request.logger.notice("backup deleted", ["backup_id": backup.id.uuidString.lowercased()])
            try request.respondNoContent()
        }

        router.post("/v1/backups/{id}/verify") { request in
            let backup = try Self.visibleBackup(request, service, role: .admin)
            try request.respond(json: try service.verify(backup.id))
        }

        router.get("/v1/backups/{id}/manifest") { request in
            let backup = try Self.visibleBackup(request, service, role: .reader)
            try request.respond(json: BackupJSON.Contents(try service.contents(of: backup.id)))
        }

        registerArchiveRoutes(in: &router, context: context, service: service)
    }

    /// The backup `{id}` if the token has `role` on its namespace; `backup_not_found` when it does not exist, its
    /// id is not a UUID, or the token may not see its namespace.
    static func visibleBackup(_ request: RequestContext, _ service: BackupService, role: Role) throws -> Backup {
        let raw = request.parameters["id"] ?? ""
        let id = try request.parameters.uuid("id", orElse: .notFound(.backupNotFound, "There is no backup with id '\(raw)'."))
        let backup = try service.backup(id)
        try request.principal.require(role, on: backup.namespace.id, notFound: BackupError.backupNotFound(id: id).problem)
        return backup
    }

    /// `?namespaceId=`, a UUID, or nil.
    static func namespaceFilter(_ request: RequestContext) throws -> UUID? {
        guard let text = request.query("namespaceId") else { return nil }
        guard text.utf8.count == 36, let id = UUID(uuidString: text) else {
            throw Problem.badRequest("Query parameter 'namespaceId' must be a namespace id (a UUID), not '\(text)'.")
        }
        return id
    }
}

extension NamespaceScope {
    /// The namespaces a listing may show: nil for all (`"*"`), else the token's ids.
    var visibleIDs: Set<UUID>? {
        switch self {
        case .all: nil
        case .only(let ids): ids
        }
    }
}

/// The one ``BackupService`` of an app, shared by the backup and restore routes, with its reaper started and
/// stopped with the server.
enum BackupServiceHolder {
    static func service(in context: AppContext) -> BackupService {
        if let existing = context.services.get(BackupService.self) { return existing }
        let logger = context.logger
        let service = BackupService(
            pool: context.pool,
            configuration: .init(appVersion: NSBackupVersion.current, log: { logger.warning($0) }))
        context.services.set(service)
        context.services.addBackgroundService(BackupJobsService(service: service))
        return service
    }
}

/// Starts the reaper of interrupted jobs with the server; at shutdown stops it and gives running jobs the grace
/// period to finish (a job cut short is failed by another instance's reaper, and leaves nothing behind).
struct BackupJobsService: BackgroundService {
    let service: BackupService

    func start(context: AppContext) throws {
        service.start()
    }

    func stop(grace: Duration) {
        service.stop()
        _ = service.waitForIdle(timeout: grace)
    }
}
