import Domain
import Foundation
import HTTP
import Postgres

/// Namespaces (shared/spec/api.md "Namespaces"): `GET/POST /v1/namespaces`, `GET/DELETE /v1/namespaces/{id}`.
/// Everyone lists and reads the namespaces in their scope; only global admins create and delete.
struct NamespaceRoutes: RouteGroup {
    /// `{"namespaces": [...]}`.
    struct NamespaceList: Encodable {
        var namespaces: [Namespace]
    }

    /// The body of `POST /v1/namespaces`: `{"name"}`.
    struct CreateNamespaceRequest: Decodable {
        var name: String?
    }

    func register(in router: inout RouterBuilder, context: AppContext) throws {
        let store = NamespaceStore()
        context.services.set(store)
        let pool = context.pool

        router.get("/v1/namespaces") { request in
            let scope = try request.principal.scope
            let ids: Set<UUID>? = if case .only(let ids) = scope { ids } else { nil }
            let namespaces = try pool.withConnection { try store.list(restrictedTo: ids, on: $0) }
            try request.respond(json: NamespaceList(namespaces: namespaces))
        }

        router.post("/v1/namespaces") { request in
            try request.principal.requireGlobalAdmin()
            // No body at all is a missing name too (name_required), not malformed JSON.
            let body = try request.decodeIfPresent(CreateNamespaceRequest.self)
            let name = try NamespaceName(body?.name)
            let namespace = try pool.withConnection { try store.create(name: name, on: $0) }
            let id = namespace.id.uuidString.lowercased()
            request.logger.notice("namespace created", ["namespace_id": id])
            try request.respond(.created, json: namespace, headers: ["Location": "/v1/namespaces/\(id)"])
        }

        router.get("/v1/namespaces/{id}") { request in
            let id = try Self.namespaceID(request)
            try request.principal.require(.reader, on: id)
            try request.respond(json: try pool.withConnection { try store.namespace(id: id, on: $0) })
        }

        router.delete("/v1/namespaces/{id}") { request in
            try request.principal.requireGlobalAdmin()
            let id = try Self.namespaceID(request)
            try pool.withConnection { try store.delete(id: id, on: $0) }
            request.logger.notice("namespace deleted", ["namespace_id": id.uuidString.lowercased()])
            try request.respondNoContent()
        }
    }

    /// The `{id}` parameter; one that is not a UUID is a namespace that does not exist (404).
    static func namespaceID(_ request: RequestContext) throws(Problem) -> UUID {
        try request.parameters.uuid("id", orElse: .namespaceNotFound(request.parameters["id"] ?? ""))
    }
}
