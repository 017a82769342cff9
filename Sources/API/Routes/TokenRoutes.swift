import Foundation
import HTTP
import Postgres

/// Token management (shared/spec/api.md "Tokens and roles"), for global admins only:
/// `POST /v1/tokens`, `GET /v1/tokens`, `DELETE /v1/tokens/{id}`.
struct TokenRoutes: RouteGroup {
    /// `{"tokens": [...]}`.
    struct TokenList: Encodable {
        var tokens: [TokenRecord]
    }

    func register(in router: inout RouterBuilder, context: AppContext) throws {
        let tokens = context.tokens
        let pool = context.pool

        router.post("/v1/tokens") { request in
            try request.principal.requireGlobalAdmin()
            let (name, role, scope) = try request.decode(CreateTokenRequest.self).validated()
            if case .only(let ids) = scope {
                try Self.requireExistingNamespaces(ids, pool: pool)
            }
            let created = try tokens.create(name: name, role: role, scope: scope)
            request.logger.notice(
                "token created",
                ["token_id": created.record.id.uuidString.lowercased(), "role": role.rawValue]
            )
            try request.respond(
                .created,
                json: created,
                headers: ["Location": "/v1/tokens/\(created.record.id.uuidString.lowercased())"]
            )
        }

        router.get("/v1/tokens") { request in
            try request.principal.requireGlobalAdmin()
            try request.respond(json: TokenList(tokens: try tokens.list()))
        }

        router.delete("/v1/tokens/{id}") { request in
            try request.principal.requireGlobalAdmin()
            let notFound = Problem.notFound(
                .tokenNotFound,
                "There is no token with id '\(request.parameters["id"] ?? "")'."
            )
            let id = try request.parameters.uuid("id", orElse: notFound)
            guard try tokens.delete(id: id) else { throw notFound }
            request.logger.notice("token deleted", ["token_id": id.uuidString.lowercased()])
            try request.respondNoContent()
        }
    }

    /// - Throws: 400 `bad_request` naming the ids of `ids` that are no namespace.
    private static func requireExistingNamespaces(_ ids: Set<UUID>, pool: ConnectionPool) throws {
        let wanted = ids.map { $0.uuidString.lowercased() }
        let rows = try pool.withConnection { db in
            try db.query("SELECT id FROM namespaces WHERE id = ANY(\(wanted)::uuid[])")
        }
        let found = Set(try rows.map { try $0.decode(UUID.self, 0) })
        let missing = ids.subtracting(found).map { $0.uuidString.lowercased() }.sorted()
        guard missing.isEmpty else {
            throw Problem.badRequest(
                "Field 'namespaces' names \(missing.count == 1 ? "a namespace that does" : "namespaces that do") not exist: "
                    + missing.joined(separator: ", ") + "."
            )
        }
    }
}
