/// A backup as the server sends it (spec/api.md "Backups"). Fields the client does not need are left out;
/// those that are null until `ready` are optional.
struct BackupResource: Decodable, Sendable, Equatable {
    /// The namespace a backup is listed under: its id is null once that namespace was deleted.
    struct NamespaceReference: Decodable, Sendable, Equatable {
        var id: String?
        var name: String?
    }

    var id: String
    var name: String
    var namespace: NamespaceReference?
    var createdAt: String?
    /// `creating`, `ready` or `failed`.
    var status: String
    var origin: String?
    var fileName: String?
    var sizeBytes: Int64?
    var sha256: String?
    var schemaVersion: Int?
    var sourceNamespace: String?
    var folderCount: Int?
    var itemCount: Int?
    var error: String?

    var isReady: Bool { status == "ready" }
    var isCreating: Bool { status == "creating" }
}

/// `{"backups": [...]}`.
struct BackupList: Decodable, Sendable {
    var backups: [BackupResource]
}
