import Domain
import Foundation
import HTTP

extension BackupRoutes {
    /// `GET /v1/backups/{id}/archive` (and HEAD) and `POST /v1/namespaces/{id}/backups/upload`.
    func registerArchiveRoutes(in router: inout RouterBuilder, context: AppContext, service: BackupService) {
        router.get("/v1/backups/{id}/archive") { request in
            let backup = try Self.visibleBackup(request, service, role: .reader)
            let info = try service.archiveInfo(of: backup)
            let etag = "\"\(info.sha256)\""
            var headers: HTTPHeaders = [
                "Content-Type": "application/zip",
                "ETag": etag,
                "Accept-Ranges": "bytes",
                "Content-Disposition": ContentDisposition.attachment(fileName: info.fileName),
                "Cache-Control": "private, no-cache",
            ]
            var status = HTTPStatus.ok
            var range: ClosedRange<Int64>?
            if let header = request.request.headers["Range"], ByteRange.ifRangeAllows(request.request.headers["If-Range"], etag: etag) {
                switch ByteRange.parse(header, size: info.sizeBytes) {
                case .satisfiable(let bytes):
                    range = bytes
                    status = .partialContent
                    headers.add(name: "Content-Range", value: "bytes \(bytes.lowerBound)-\(bytes.upperBound)/\(info.sizeBytes)")
                case .unsatisfiable:
                    throw Problem(
                        status: .rangeNotSatisfiable, code: .rangeNotSatisfiable,
                        detail: "The range '\(header)' lies outside the archive's \(info.sizeBytes) bytes.",
                        headers: ["Content-Range": "bytes */\(info.sizeBytes)"])
                case .ignored:
                    break
                }
            }
            let length = range.map { $0.upperBound - $0.lowerBound + 1 } ?? info.sizeBytes
            try request.respond(status: status, headers: headers, contentLength: length) { writer in
                guard request.request.method != .head else { return }
                try service.readArchive(backup.id, range: range) { chunk in try writer.write(chunk) }
            }
        }

        router.post("/v1/namespaces/{id}/backups/upload", body: .upload(maxBytes: context.limits.uploadBytes)) { request in
            let namespaceID = try request.parameters.uuid("id", orElse: .namespaceNotFound(request.parameters["id"] ?? ""))
            try request.principal.require(.operator, on: namespaceID)
            let fileName = request.query("filename")
                ?? request.request.headers["Content-Disposition"].flatMap(ContentDisposition.fileName(in:))
            let body = request.body
            let backup = try service.upload(
                namespaceID: namespaceID, name: request.query("name"), fileName: fileName,
                sizeLimit: context.limits.uploadBytes, body: { buffer in try body.read(into: buffer) })
            request.logger.notice("backup uploaded", ["backup_id": backup.id.uuidString.lowercased(), "namespace_id": namespaceID.uuidString.lowercased()])
            try request.respond(.created, json: backup, headers: ["Location": "/v1/backups/\(backup.id.uuidString.lowercased())"])
        }
    }
}
