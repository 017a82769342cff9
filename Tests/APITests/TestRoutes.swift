import API
import Foundation
import HTTP
import Postgres

/// Routes that exist only in tests, to drive the frame's behaviour.
struct TestRoutes: RouteGroup {
    struct Echo: Codable {
        struct Nested: Codable { var flag: Bool }
        var name: String
        var count: Int
        var nested: Nested?
        var when: Date?
    }

    func register(in router: inout RouterBuilder, context: AppContext) throws {
        // Requires `role` on namespace `id`: the role × scope matrix.
        router.get("/v1/test/namespaces/{id}/requires/{role}") { request in
            let id = try request.parameters.uuid("id", orElse: .namespaceNotFound(request.parameters["id"] ?? ""))
            guard let role = Role(rawValue: try request.parameters.require("role")) else {
                throw Problem.badRequest("no such role")
            }
            try request.principal.require(role, on: id)
            try request.respond(json: ["ok": true])
        }
        router.get("/v1/test/global") { request in
            try request.principal.requireGlobalAdmin()
            try request.respond(json: ["ok": true])
        }
        router.post("/v1/test/echo") { request in
            try request.respond(json: try request.decode(Echo.self))
        }
        router.put("/v1/test/upload", body: .upload(maxBytes: 1024)) { request in
            var total = 0
            try request.body.forEachChunk { total += $0.count }
            try request.respond(json: ["bytes": total])
        }
        // An unexpected database error whose text must never reach the client.
        router.get("/v1/test/boom") { _ in
            throw PostgresError(
                code: .server,
                message: "relation \"secret_table\" does not exist at /var/lib/postgresql/data",
                sqlState: "42P01",
                detail: "SELECT * FROM secret_table"
            )
        }
        router.get("/v1/test/items/{path...}", access: .anonymous) { request in
            try request.respond(json: ["segments": request.parameters.segments("path") ?? []])
        }
    }
}
