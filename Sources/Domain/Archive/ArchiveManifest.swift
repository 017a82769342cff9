import Foundation

/// `manifest.json`, the first entry of an archive: what it is, which versions wrote it, and what it holds.
///
/// Field names are the archive contract's; `schemaVersion` is the content model the folder and item lines
/// follow (older ones are upgraded on the way in, see ``ContentUpgrades``).
public struct ArchiveManifest: Sendable, Equatable, Codable {
    /// The namespace the archive was made from.
    public struct Source: Sendable, Equatable, Codable {
        public var id: UUID
        public var name: String

        public init(id: UUID, name: String) {
            self.id = id
            self.name = name
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let text = try container.decode(String.self, forKey: .id)
            guard let id = UUID(uuidString: text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .id, in: container, debugDescription: "'\(text.prefix(40))' is not a UUID")
            }
            self.id = id
            name = try container.decode(String.self, forKey: .name)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id.uuidString.lowercased(), forKey: .id)
            try container.encode(name, forKey: .name)
        }

        enum CodingKeys: String, CodingKey { case id, name }
    }

    public var format: String
    public var formatVersion: Int
    public var schemaVersion: Int
    public var appVersion: String
    public var createdAt: ArchiveTimestamp
    public var backupName: String
    public var namespace: Source
    public var folderCount: Int
    public var itemCount: Int
    public var totalBytes: Int64

    public init(
        formatVersion: Int = ArchiveFormat.formatVersion, schemaVersion: Int = ArchiveFormat.schemaVersion,
        appVersion: String, createdAt: ArchiveTimestamp, backupName: String, namespace: Source,
        folderCount: Int, itemCount: Int, totalBytes: Int64
    ) {
        format = ArchiveFormat.name
        self.formatVersion = formatVersion
        self.schemaVersion = schemaVersion
        self.appVersion = appVersion
        self.createdAt = createdAt
        self.backupName = backupName
        self.namespace = namespace
        self.folderCount = folderCount
        self.itemCount = itemCount
        self.totalBytes = totalBytes
    }
}
