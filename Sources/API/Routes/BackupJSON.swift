import Domain
import Foundation

/// Bodies of the backup and restore routes (shared/spec/api.md "Backups", "Restores"). Backups and restores
/// encode as the contract's objects themselves (``Backup``, ``Restore``; nil fields as null).
enum BackupJSON {
    /// `POST /v1/namespaces/{id}/backups`.
    struct CreateRequest: Decodable {
        var name: String?
    }

    /// `POST /v1/namespaces/{id}/restore`.
    struct RestoreRequest: Decodable {
        /// A string, so that an id that is not a UUID is answered as not found, like ids in paths.
        var backupId: String
        var safetyBackup: Bool?
    }

    struct BackupList: Encodable {
        var backups: [Backup]
    }

    struct RestoreList: Encodable {
        var restores: [Restore]
    }

    /// `GET /v1/backups/{id}/manifest`: the manifest with its timestamp in the API's millisecond form, and the
    /// folder and item objects of the content listing.
    struct Contents: Encodable {
        struct Manifest: Encodable {
            var format: String
            var formatVersion: Int
            var schemaVersion: Int
            var appVersion: String
            var createdAt: Date
            var backupName: String
            var namespace: ArchiveManifest.Source
            var folderCount: Int
            var itemCount: Int
            var totalBytes: Int64
        }

        var manifest: Manifest
        var folders: [Folder]
        var items: [Item]

        init(_ contents: BackupContents) {
            let m = contents.manifest
            manifest = Manifest(
                format: m.format, formatVersion: m.formatVersion, schemaVersion: m.schemaVersion,
                appVersion: m.appVersion, createdAt: m.createdAt.date, backupName: m.backupName, namespace: m.namespace,
                folderCount: m.folderCount, itemCount: m.itemCount, totalBytes: m.totalBytes)
            folders = contents.folders
            items = contents.items
        }
    }
}
