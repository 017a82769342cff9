import Domain
import Foundation
import HTTP

/// Restores (shared/spec/api.md "Restores"): `POST /v1/namespaces/{id}/restore`, `GET /v1/restores/{id}`,
/// `GET /v1/restores?namespaceId=`.
///
/// A restore needs `admin` on the target namespace and `reader` on the namespace the backup is listed under.
struct RestoreRoutes: RouteGroup {
    func register(in router: inout RouterBuilder, context: AppContext) throws {
        let service = BackupServiceHolder.service(in: context)

        router.post("/v1/namespaces/{id}/restore") { request in
            let target = try request.parameters.uuid("id", orElse: .namespaceNotFound(request.parameters["id"] ?? ""))
            let principal = try request.principal
            try principal.require(.admin, on: target)
            let wait = try request.queryInt("wait", in: 0...300) ?? 0
            let body = try request.decode(BackupJSON.RestoreRequest.self)
            let notFound = Problem.notFound(.backupNotFound, "There is no backup with id '\(body.backupId)'.")
            guard body.backupId.utf8.count == 36, let backupID = UUID(uuidString: body.backupId) else { throw notFound }
            let backup = try service.backup(backupID)
            try principal.require(.reader, on: backup.namespace.id, notFound: notFound)
            var restore = try service.restore(backupID: backupID, into: target, safetyBackup: body.safetyBackup ?? false)
            request.logger.notice("restore started", ["restore_id": restore.id.uuidString.lowercased(), "backup_id": backupID.uuidString.lowercased(),
                                                      "namespace_id": target.uuidString.lowercased()])
            if wait > 0 { restore = try service.waitForRestore(restore.id, timeout: .seconds(wait)) }
            try request.respond(restore.status == .running ? .accepted : .ok, json: restore,
                                headers: ["Location": "/v1/restores/\(restore.id.uuidString.lowercased())"])
        }

        router.get("/v1/restores/{id}") { request in
            let raw = request.parameters["id"] ?? ""
            let id = try request.parameters.uuid("id", orElse: .notFound(.restoreNotFound, "There is no restore with id '\(raw)'."))
            let restore = try service.restore(id)
            try request.principal.require(.reader, on: restore.namespace.id, notFound: BackupError.restoreNotFound(id: id).problem)
            try request.respond(json: restore)
        }

        router.get("/v1/restores") { request in
            let principal = try request.principal
            let namespaceID = try BackupRoutes.namespaceFilter(request)
            let restores = try service.restores(namespaceID: namespaceID, visibleNamespaces: principal.scope.visibleIDs)
            try request.respond(json: BackupJSON.RestoreList(restores: restores))
        }
    }
}
