import Foundation

/// Where a restore stands.
public enum RestoreStatus: String, Sendable, Codable, CaseIterable {
    case running, succeeded, failed
}

/// A restore (contract: "Restores").
public struct Restore: Sendable, Equatable, Codable {
    public var id: UUID
    public var backupID: UUID
    /// The target namespace.
    public var namespace: BackupNamespace
    public var status: RestoreStatus
    public var startedAt: Date
    public var finishedAt: Date?
    /// A sentence when the restore failed.
    public var error: String?
    /// What the restore did; set when it succeeded.
    public var report: RestoreReport?

    public init(
        id: UUID, backupID: UUID, namespace: BackupNamespace, status: RestoreStatus, startedAt: Date,
        finishedAt: Date? = nil, error: String? = nil, report: RestoreReport? = nil
    ) {
        self.id = id
        self.backupID = backupID
        self.namespace = namespace
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.error = error
        self.report = report
    }

    enum CodingKeys: String, CodingKey {
        case id, backupID = "backupId", namespace, status, startedAt, finishedAt, error, report
    }
}

/// What a restore brought back: `{"folders", "items", "migratedFromSchemaVersion", "safetyBackupId", "warnings"}`.
public struct RestoreReport: Sendable, Equatable, Codable {
    public var folders: Int
    public var items: Int
    /// The archive's content model version when it was older than the current one, else nil.
    public var migratedFromSchemaVersion: Int?
    /// The backup made of the target first, when one was asked for.
    public var safetyBackupID: UUID?
    /// Sentences for what a person should look at.
    public var warnings: [String]

    public init(folders: Int, items: Int, migratedFromSchemaVersion: Int?, safetyBackupID: UUID?, warnings: [String]) {
        self.folders = folders
        self.items = items
        self.migratedFromSchemaVersion = migratedFromSchemaVersion
        self.safetyBackupID = safetyBackupID
        self.warnings = warnings
    }

    enum CodingKeys: String, CodingKey {
        case folders, items, migratedFromSchemaVersion, safetyBackupID = "safetyBackupId", warnings
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        folders = try container.decode(Int.self, forKey: .folders)
        items = try container.decode(Int.self, forKey: .items)
        migratedFromSchemaVersion = try container.decodeIfPresent(Int.self, forKey: .migratedFromSchemaVersion)
        safetyBackupID = try container.decodeIfPresent(String.self, forKey: .safetyBackupID).flatMap(UUID.init(uuidString:))
        warnings = try container.decode([String].self, forKey: .warnings)
    }

    /// Ids as lowercase strings and every key present (nulls included), as the contract shows.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(folders, forKey: .folders)
        try container.encode(items, forKey: .items)
        try container.encode(migratedFromSchemaVersion, forKey: .migratedFromSchemaVersion)
        try container.encode(safetyBackupID?.uuidString.lowercased(), forKey: .safetyBackupID)
        try container.encode(warnings, forKey: .warnings)
    }
}
