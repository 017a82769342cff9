import Foundation
import HTTP

/// `GET /v1/openapi.yaml` (no token): the API's OpenAPI document, `openapi.yaml` at the repository root, read at
/// start-up from ``AppConfiguration/openAPIDocument`` (or found through ``InstallLayout``).
struct OpenAPIRoutes: RouteGroup {
    /// RFC 9512's media type for YAML.
    static let contentType = "application/yaml; charset=utf-8"

    func register(in router: inout RouterBuilder, context: AppContext) throws {
        let url = context.configuration.openAPIDocument ?? InstallLayout().openAPIDocument
        let asset = url.flatMap { StaticAsset(contentsOf: $0, contentType: Self.contentType) }
        if asset == nil {
            context.logger.warning(
                "openapi.yaml was not found; GET /v1/openapi.yaml will answer 404",
                ["path": url?.path ?? "(none found)"]
            )
        }
        router.get("/v1/openapi.yaml", access: .anonymous) { request in
            guard let asset else {
                throw Problem.notFound(.notFound, "The OpenAPI document is not installed with this server.")
            }
            try asset.respond(to: request)
        }
    }
}
