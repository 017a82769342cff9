/// A set of related routes (tokens, namespaces, content, backups …), registered at start-up.
///
/// A group lives in `Sources/API/Routes/<Name>Routes.swift` and is listed once in `Sources/API/RouteGroups.swift`;
/// nothing else needs editing to add one:
///
/// ```swift
/// struct ContentRoutes: RouteGroup {
///     func register(in router: inout RouterBuilder, context: AppContext) throws {
///         let store = ContentStore(pool: context.pool)
///         router.get("/v1/namespaces/{id}/content") { request in
///             let id = try request.parameters.uuid("id", orElse: .namespaceNotFound(request.parameters["id"] ?? ""))
///             try request.principal.require(.reader, on: id)
///             try request.respond(json: try store.listing(of: id))
///         }
///     }
/// }
/// ```
public protocol RouteGroup: Sendable {
    /// Adds the group's routes to `router`; may create services (``AppContext/services``). Runs once, before the
    /// server listens; throwing stops the start-up.
    func register(in router: inout RouterBuilder, context: AppContext) throws
}
