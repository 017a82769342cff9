import Foundation
import HTTP
import Synchronization

@testable import CLI

extension StubServer {
    func createNamespace(_ name: String, _ writer: HTTPResponseWriter) throws {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return try problem(writer, 400, "name_required", "A namespace needs a name.") }
        let id: String? = state.withLock { state in
            guard !state.namespaces.contains(where: { $0.name == trimmed }) else { return nil }
            let id = UUID().uuidString.lowercased()
            state.namespaces.append((id, trimmed))
            return id
        }
        guard let id else {
            return try problem(
                writer,
                409,
                "namespace_exists",
                "A namespace named '\(trimmed)' already exists. Choose another name."
            )
        }
        try respond(writer, 201, Self.namespaceJSON((id, trimmed)))
    }

    func createBackup(namespaceID: String, name: String, wait: String?, _ writer: HTTPResponseWriter) throws {
        let backup: Backup? = state.withLock { state in
            guard let namespace = state.namespaces.first(where: { $0.id == namespaceID }) else { return nil }
            var backup = Backup(
                id: UUID().uuidString.lowercased(),
                name: name,
                namespaceID: namespace.id,
                namespaceName: namespace.name,
                createdAt: "2021-03-11T15:47:11.000Z",
                status: "creating",
                archive: Self.archiveBytes(count: 200_000)
            )
            backup.pollsUntilDone = state.creationPolls
            backup.error = state.creationError
            state.backups.append(backup)
            return backup
        }
        guard let backup else { return try problem(writer, 404, "namespace_not_found", "No namespace \(namespaceID).") }
        // With ?wait= a backup that needs no polls is answered final (201), as the contract says.
        if wait != nil, backup.pollsUntilDone == 0, let done = pollBackup(backup.id) {
            return try respond(writer, 201, Self.backupJSON(done), location: "/v1/backups/\(backup.id)")
        }
        try respond(writer, 202, Self.backupJSON(backup), location: "/v1/backups/\(backup.id)")
    }

    /// The backup, one poll further on its way to `ready` (or `failed`).
    func pollBackup(_ id: String) -> Backup? {
        state.withLock { state in
            guard let index = state.backups.firstIndex(where: { $0.id == id }) else { return nil }
            if state.backups[index].status == "creating" {
                if state.backups[index].pollsUntilDone > 0 {
                    state.backups[index].pollsUntilDone -= 1
                } else {
                    state.backups[index].status = state.backups[index].error == nil ? "ready" : "failed"
                }
            }
            return state.backups[index]
        }
    }

    func upload(namespaceID: String, request: HTTPRequest, body: [UInt8], _ writer: HTTPResponseWriter) throws {
        var name = request.query("name") ?? request.query("filename") ?? ""
        if request.query("name") == nil, name.hasSuffix(".zip") { name.removeLast(4) }
        guard !name.isEmpty else { return try problem(writer, 400, "name_required", "The upload needs a name.") }
        guard body.starts(with: [0x50, 0x4B]) else {
            return try problem(
                writer,
                422,
                "archive_invalid",
                "The upload is not a ZIP archive: it does not start with 'PK'."
            )
        }
        let backup: Backup? = state.withLock { state in
            guard let namespace = state.namespaces.first(where: { $0.id == namespaceID }) else { return nil }
            var backup = Backup(
                id: UUID().uuidString.lowercased(),
                name: name,
                namespaceID: namespace.id,
                namespaceName: namespace.name,
                createdAt: "2021-03-18T13:26:06.000Z",
                status: "ready",
                archive: body
            )
            backup.origin = "uploaded"
            state.backups.append(backup)
            return backup
        }
        guard let backup else { return try problem(writer, 404, "namespace_not_found", "No namespace \(namespaceID).") }
        try respond(writer, 201, Self.backupJSON(backup), location: "/v1/backups/\(backup.id)")
    }

    func archive(_ id: String, request: HTTPRequest, _ writer: HTTPResponseWriter) throws {
        let (found, cut, pause, dispositionName) = state.withLock { state in
            defer { state.cutArchiveAfter = nil }
            return (
                state.backups.first { $0.id == id }, state.cutArchiveAfter, state.archivePause, state.dispositionName
            )
        }
        guard let backup = found else { return try backupNotFound(writer, id) }
        guard backup.status == "ready" else {
            return try problem(writer, 409, "backup_not_ready", "Backup \(id) is \(backup.status), not ready.")
        }
        let bytes = backup.archive
        let etag = "\"\(backup.sha256)\""
        var start = 0
        var status = HTTPStatus.ok
        var headers: HTTPHeaders = [
            "Content-Type": "application/zip", "ETag": etag,
            "Content-Disposition": Self.contentDisposition(dispositionName ?? backup.fileName),
        ]
        if let range = request.headers["Range"], range.hasPrefix("bytes="), range.hasSuffix("-"),
            let first = Int(range.dropFirst(6).dropLast()), request.headers["If-Range"].map({ $0 == etag }) ?? true
        {
            guard first < bytes.count else {
                headers.add(name: "Content-Range", value: "bytes */\(bytes.count)")
                return try problem(writer, 416, "range_not_satisfiable", "The archive has \(bytes.count) bytes.")
            }
            start = first
            status = .partialContent
            headers.add(name: "Content-Range", value: "bytes \(first)-\(bytes.count - 1)/\(bytes.count)")
        }
        try writer.respond(status: status, headers: headers, contentLength: Int64(bytes.count - start)) { writer in
            var offset = start
            while offset < bytes.count {
                let end = min(offset + 65536, bytes.count)
                if let cut, end - start > cut {
                    try writer.write(Array(bytes[offset..<(start + cut)]))
                    try writer.flush()
                    throw CommandFailure("stub: download cut on purpose")
                }
                try writer.write(Array(bytes[offset..<end]))
                if pause > 0 {
                    try writer.flush()
                    Thread.sleep(forTimeInterval: pause)
                }
                offset = end
            }
        }
    }

    func restore(namespaceID: String, json: [String: Any], _ writer: HTTPResponseWriter) throws {
        let backupID = json["backupId"] as? String ?? ""
        let restore: Restore? = state.withLock { state in
            guard state.namespaces.contains(where: { $0.id == namespaceID }),
                state.backups.contains(where: { $0.id == backupID })
            else { return nil }
            let restore = Restore(
                id: UUID().uuidString.lowercased(),
                backupID: backupID,
                namespaceID: namespaceID,
                safetyBackup: json["safetyBackup"] as? Bool ?? false
            )
            state.restores.append(restore)
            return restore
        }
        guard let restore else { return try problem(writer, 404, "backup_not_found", "No such backup or namespace.") }
        try respond(writer, 202, restoreJSON(restore), location: "/v1/restores/\(restore.id)")
    }

    func getRestore(_ id: String, _ writer: HTTPResponseWriter) throws {
        let restore: Restore? = state.withLock { state in
            guard let index = state.restores.firstIndex(where: { $0.id == id }) else { return nil }
            if state.restores[index].pollsUntilDone > 0 {
                state.restores[index].pollsUntilDone -= 1
            } else {
                state.restores[index].status = "succeeded"
            }
            return state.restores[index]
        }
        guard let restore else { return try problem(writer, 404, "restore_not_found", "No restore \(id).") }
        try respond(writer, 200, restoreJSON(restore))
    }

    // MARK: - JSON

    static func namespaceJSON(_ namespace: (id: String, name: String)) -> [String: Any] {
        [
            "id": namespace.id, "name": namespace.name, "createdAt": "2021-03-01T08:00:00.000Z", "folderCount": 2,
            "itemCount": 5, "totalBytes": 10240,
        ]
    }

    static func backupJSON(_ backup: Backup) -> [String: Any] {
        let ready = backup.status == "ready"
        return [
            "id": backup.id, "name": backup.name,
            "namespace": ["id": backup.namespaceID.map { $0 as Any } ?? NSNull(), "name": backup.namespaceName]
                as [String: Any],
            "createdAt": backup.createdAt, "status": backup.status, "origin": backup.origin,
            "fileName": backup.fileName, "sizeBytes": ready ? backup.archive.count : NSNull(),
            "sha256": ready ? backup.sha256 : NSNull(), "schemaVersion": ready ? 2 : NSNull(),
            "sourceNamespace": ready ? backup.namespaceName : NSNull(), "folderCount": ready ? 2 : NSNull(),
            "itemCount": ready ? 5 : NSNull(), "error": backup.status == "failed" ? backup.error ?? "failed" : NSNull(),
        ]
    }

    func restoreJSON(_ restore: Restore) -> [String: Any] {
        let (namespaceName, sameSource, safetyID) = state.withLock { state -> (String, Bool, String?) in
            let name = state.namespaces.first { $0.id == restore.namespaceID }?.name ?? ""
            let backup = state.backups.first { $0.id == restore.backupID }
            return (
                name, backup?.namespaceID == restore.namespaceID, restore.safetyBackup ? "safety-\(restore.id)" : nil
            )
        }
        let done = restore.status != "running"
        let warnings = sameSource ? [] : ["Folder permissions came from another namespace; check them."]
        return [
            "id": restore.id, "backupId": restore.backupID,
            "namespace": ["id": restore.namespaceID, "name": namespaceName], "status": restore.status,
            "startedAt": "2021-03-12T06:37:06.000Z", "finishedAt": done ? "2021-03-12T06:37:08.000Z" : NSNull(),
            "error": NSNull(),
            "report": done
                ? [
                    "folders": 2, "items": 5, "migratedFromSchemaVersion": NSNull(),
                    "safetyBackupId": safetyID ?? NSNull(),
                    "warnings": warnings,
                ] as [String: Any] : NSNull(),
        ]
    }

    /// `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<encoded>` as the contract's download has it.
    static func contentDisposition(_ name: String) -> String {
        let fallback = String(name.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        return "attachment; filename=\"\(fallback)\"; filename*=UTF-8''\(PercentEncoding.encodeQueryComponent(name))"
    }

    /// Deterministic bytes that start like a ZIP file.
    static func archiveBytes(count: Int) -> [UInt8] {
        var generator: UInt64 = 0x9E37_79B9_7F4A_7C15
        var bytes = [UInt8](repeating: 0, count: count)
        for index in bytes.indices {
            generator = generator &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes[index] = UInt8(truncatingIfNeeded: generator >> 33)
        }
        bytes[0] = 0x50
        bytes[1] = 0x4B
        return bytes
    }

    func respond(_ writer: HTTPResponseWriter, _ status: Int, _ object: Any, location: String? = nil) throws {
        var headers: HTTPHeaders = ["Content-Type": "application/json; charset=utf-8"]
        if let location { headers.add(name: "Location", value: location) }
        let data = try JSONSerialization.data(withJSONObject: object)
        try writer.respond(status: HTTPStatus(status), headers: headers, body: data)
    }

    func problem(_ writer: HTTPResponseWriter, _ status: Int, _ code: String, _ detail: String) throws {
        try writer.respond(problem: HTTPProblem(status: HTTPStatus(status), code: code, detail: detail))
    }

    func backupNotFound(_ writer: HTTPResponseWriter, _ id: String) throws {
        try problem(writer, 404, "backup_not_found", "No backup with id \(id).")
    }
}
