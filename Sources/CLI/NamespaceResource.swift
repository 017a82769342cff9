/// A namespace as the server sends it (`GET /v1/namespaces`).
struct NamespaceResource: Decodable, Sendable, Equatable {
    var id: String
    var name: String
    var createdAt: String?
    var folderCount: Int?
    var itemCount: Int?
    var totalBytes: Int64?
}

/// `{"namespaces": [...]}`.
struct NamespaceList: Decodable, Sendable {
    var namespaces: [NamespaceResource]
}
