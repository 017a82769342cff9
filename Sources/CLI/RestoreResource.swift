/// A restore as the server sends it (spec/api.md "Restores").
struct RestoreResource: Decodable, Sendable, Equatable {
    struct Report: Decodable, Sendable, Equatable {
        var folders: Int?
        var items: Int?
        var migratedFromSchemaVersion: Int?
        var safetyBackupId: String?
        var warnings: [String]?
    }

    var id: String
    var backupId: String?
    var namespace: BackupResource.NamespaceReference?
    /// `running`, `succeeded` or `failed`.
    var status: String
    var startedAt: String?
    var finishedAt: String?
    var error: String?
    var report: Report?

    var isRunning: Bool { status == "running" }
}
