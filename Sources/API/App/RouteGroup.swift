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
///         // A raw body streamed in (at most the item limit, 411 without a length), an answer streamed out.
///         let itemLimit = context.limits.itemSizeBytes
///         router.put("/v1/namespaces/{id}/items/{path...}", body: .upload(maxBytes: itemLimit)) { request in
///             let segments = request.parameters.segments("path") ?? []       // each decoded; "a%2Fb" → "a/b"
///             try request.body.forEachChunk { chunk in try sink.write(chunk) } // UnsafeRawBufferPointer pieces
///             try request.respond(.created, json: item)
///         }
///         router.get("/v1/namespaces/{id}/items/{path...}") { request in
///             // Check everything that can fail first: after the head, an error only cuts the connection.
///             try request.respond(status: .ok, headers: ["Content-Type": item.contentType,
///                                                        "ETag": "\"\(item.sha256)\""],
///                                 contentLength: item.size) { writer in
///                 try source.forEachChunk { chunk in try writer.write(chunk) }
///             }
///         }
///     }
/// }
/// ```
public protocol RouteGroup: Sendable {
    /// Adds the group's routes to `router`; may create services (``AppContext/services``). Runs once, before the
    /// server listens; throwing stops the start-up.
    func register(in router: inout RouterBuilder, context: AppContext) throws
}
