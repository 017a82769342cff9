import Domain
import Foundation
import HTTP
import Postgres

/// The content of a namespace (shared/spec/api.md "Namespace content"): the listing, folders and items by path.
/// Readers read; operators write. `{path...}` is the content path, each segment percent-encoded on its own.
///
/// Items stream in and out: an upload is read into memory (at most the item size limit, hashed as it comes)
/// *before* a database connection is borrowed for the write, so slow clients hold neither a connection nor the
/// namespace's lock; a download of a small item is copied out and the connection returned before the client is
/// written to, a large one (over ``smallItemBytes``) is streamed from the connection's buffer.
struct ContentRoutes: RouteGroup {
    /// Items up to this size are copied out of the database's buffer and sent after the connection is returned.
    static let smallItemBytes = 1 << 20

    func register(in router: inout RouterBuilder, context: AppContext) throws {
        let store = ContentStore(limits: ContentLimits(maxItemBytes: context.limits.itemSizeBytes))
        context.services.set(store)
        let pool = context.pool

        router.get("/v1/namespaces/{id}/content") { request in
            let id = try NamespaceRoutes.namespaceID(request)
            try request.principal.require(.reader, on: id)
            try request.respond(json: try pool.withConnection { try store.listing(of: id, on: $0) })
        }

        registerFolderRoutes(in: &router, store: store, pool: pool)
        registerItemRoutes(in: &router, store: store, pool: pool, context: context)
    }

    private func registerFolderRoutes(in router: inout RouterBuilder, store: ContentStore, pool: ConnectionPool) {
        router.put("/v1/namespaces/{id}/folders/{path...}") { request in
            let id = try NamespaceRoutes.namespaceID(request)
            try request.principal.require(.operator, on: id)
            let path = try Self.contentPath(request)
            let permissions = try request.decodeIfPresent(PutFolderRequest.self)?.permissions
            let result = try pool.withConnection {
                try store.putFolder(at: path, permissions: permissions, in: id, on: $0)
            }
            let headers: HTTPHeaders = result.wasCreated ? ["Location": Self.location(id, "folders", path)] : [:]
            try request.respond(result.wasCreated ? .created : .ok, json: result.value, headers: headers)
        }

        router.get("/v1/namespaces/{id}/folders/{path...}") { request in
            let id = try NamespaceRoutes.namespaceID(request)
            try request.principal.require(.reader, on: id)
            let path = try Self.contentPath(request)
            try request.respond(json: try pool.withConnection { try store.folder(at: path, in: id, on: $0) })
        }

        router.delete("/v1/namespaces/{id}/folders/{path...}") { request in
            let id = try NamespaceRoutes.namespaceID(request)
            try request.principal.require(.operator, on: id)
            let path = try Self.contentPath(request)
            let deleted = try pool.withConnection { try store.deleteFolder(at: path, in: id, on: $0) }
            request.logger.info(
                "folder deleted",
                ["namespace_id": id.uuidString.lowercased(), "folders": String(deleted.folders), "items": String(deleted.items)])
            try request.respondNoContent()
        }
    }

    private func registerItemRoutes(
        in router: inout RouterBuilder, store: ContentStore, pool: ConnectionPool, context: AppContext
    ) {
        router.put("/v1/namespaces/{id}/items/{path...}", body: .upload(maxBytes: context.limits.itemSizeBytes)) { request in
            let id = try NamespaceRoutes.namespaceID(request)
            try request.principal.require(.operator, on: id)
            let path = try Self.contentPath(request)
            let kind = try Self.itemKind(request)
            let contentType = request.request.headers["Content-Type"]
            let body = request.body
            // Refuse early (unknown namespace, path conflict, declared too large) before the body is read: with
            // `Expect: 100-continue` the client then never sends it.
            try pool.withConnection {
                try store.checkItemPut(at: path, in: id, declaredLength: body.expectedLength, on: $0)
            }
            let upload = try ItemUpload(for: path, declaredLength: body.expectedLength, limits: store.limits) { buffer in
                try body.read(into: buffer)
            }
            let result = try pool.withConnection {
                try store.putItem(at: path, kind: kind, contentType: contentType, in: id, upload: upload, on: $0)
            }
            let headers: HTTPHeaders = result.wasCreated ? ["Location": Self.location(id, "items", path)] : [:]
            try request.respond(result.wasCreated ? .created : .ok, json: result.value, headers: headers)
        }

        router.get("/v1/namespaces/{id}/items/{path...}") { request in
            let id = try NamespaceRoutes.namespaceID(request)
            try request.principal.require(.reader, on: id)
            let path = try Self.contentPath(request)
            try ItemDownload(request: request, store: store, pool: pool).send(path, in: id)
        }

        router.delete("/v1/namespaces/{id}/items/{path...}") { request in
            let id = try NamespaceRoutes.namespaceID(request)
            try request.principal.require(.operator, on: id)
            let path = try Self.contentPath(request)
            try pool.withConnection { try store.deleteItem(at: path, in: id, on: $0) }
            try request.respondNoContent()
        }
    }

    /// The `{path...}` segments as a content path.
    /// - Throws: ``NameError`` (400 `invalid_name`) naming the segment and the rule, e.g. a `%2F` inside a segment.
    static func contentPath(_ request: RequestContext) throws -> ContentPath {
        try ContentPath(segments: request.parameters.segments("path") ?? [])
    }

    /// `?kind=`: required, one of the item kinds.
    static func itemKind(_ request: RequestContext) throws(Problem) -> ItemKind {
        let kinds = ItemKind.allCases.map(\.rawValue).joined(separator: ", ")
        guard let text = request.query("kind") else {
            throw Problem.badRequest("Query parameter 'kind' is required: one of \(kinds).")
        }
        guard let kind = ItemKind(rawValue: text) else {
            throw Problem.badRequest("Query parameter 'kind' must be one of \(kinds), not '\(text)'.")
        }
        return kind
    }

    /// `/v1/namespaces/{id}/<collection>/<encoded path>`.
    static func location(_ id: UUID, _ collection: String, _ path: ContentPath) -> String {
        "/v1/namespaces/\(id.uuidString.lowercased())/\(collection)" + PercentEncoding.encodePath(path.segments)
    }
}

/// The body of `PUT …/folders/{path}`: `{"permissions": [...]}`, optional.
struct PutFolderRequest: Decodable {
    var permissions: [Permission]?
}
