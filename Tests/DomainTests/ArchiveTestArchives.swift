import Domain
import Foundation
import Hashing
import ZipArchive

/// Archives built in memory for the archive tests: well-formed ones through ``ArchiveWriter``, hostile ones
/// entry by entry through the ZIP writer.
enum ArchiveTestArchives {
    static let t0 = ArchiveTimestamp(microseconds: 1_615_477_631_123_456)
    static let t1 = ArchiveTimestamp(microseconds: 1_615_536_000_000_001)
    static let source = ArchiveManifest.Source(id: UUID(uuidString: "6f1c3a52-8f0e-4a8e-9d3b-0c5e2a7b1d01")!,
                                               name: "Jane's Services")

    struct Content {
        var folders: [ArchiveFolder]
        var items: [(ArchiveItem, [UInt8])]
    }

    static func item(_ path: String, _ bytes: [UInt8], kind: ItemKind = .file,
                     contentType: String = "application/octet-stream") -> (ArchiveItem, [UInt8]) {
        (ArchiveItem(path: path, kind: kind, contentType: contentType, size: Int64(bytes.count),
                     sha256: SHA256.hex(bytes), createdAt: t0, updatedAt: t1,
                     entry: ArchiveEntryName.forItem(path: path)), bytes)
    }

    static var sample: Content {
        Content(
            folders: [
                ArchiveFolder(path: "/Orders", permissions: [Permission(principal: "group:designers", access: .read)],
                              createdAt: t0, updatedAt: t1),
                ArchiveFolder(path: "/Orders/Q1: \"draft\"", permissions: [], createdAt: t0, updatedAt: t1),
            ],
            items: [
                item("/Orders/Order Service", Array(String(repeating: "<service/>\n", count: 500).utf8), kind: .service,
                     contentType: "application/xml"),
                item("/Orders/Q1: \"draft\"/CON.txt", Array("ünïcödé\n".utf8), contentType: "text/plain"),
                item("/Orders/empty.", []),
            ])
    }

    static func manifest(_ content: Content, schemaVersion: Int = ArchiveFormat.schemaVersion,
                         formatVersion: Int = ArchiveFormat.formatVersion) -> ArchiveManifest {
        ArchiveManifest(
            formatVersion: formatVersion, schemaVersion: schemaVersion, appVersion: "test", createdAt: t1,
            backupName: "Jane's first backup", namespace: source, folderCount: content.folders.count,
            itemCount: content.items.count, totalBytes: content.items.reduce(0) { $0 + Int64($1.1.count) })
    }

    /// A valid archive of `content`.
    static func write(_ content: Content, manifest: ArchiveManifest? = nil) throws -> [UInt8] {
        let writer = ArchiveWriter(sink: ZipMemorySink(), compressionLevel: 1)
        try writer.writeManifest(manifest ?? self.manifest(content))
        try writer.writeFolders { emit in for folder in content.folders { try emit(folder) } }
        try writer.writeItems { emit in for (item, _) in content.items { try emit(item) } }
        for (item, bytes) in content.items { try writer.writeContent(of: item) { try $0.write(bytes) } }
        return try writer.finish().bytes
    }

    /// An archive of raw entries in the given order (JSON values encoded as JSON Lines where given as arrays).
    static func raw(_ entries: [(String, [UInt8])]) throws -> [UInt8] {
        let writer = ZipWriter(sink: ZipMemorySink())
        for (name, bytes) in entries { try writer.addEntry(name, bytes: bytes, compression: .deflated(level: 1)) }
        return try writer.finish().bytes
    }

    /// The entries of a valid archive of `content`, to be altered and passed to ``raw(_:)``.
    static func entries(_ content: Content, manifest: ArchiveManifest? = nil) throws -> [(String, [UInt8])] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func lines<T: Encodable>(_ values: [T]) throws -> [UInt8] {
            try values.flatMap { Array(try encoder.encode($0)) + [0x0A] }
        }
        var result: [(String, [UInt8])] = [
            ("manifest.json", Array(try encoder.encode(manifest ?? self.manifest(content)))),
            ("folders.jsonl", try lines(content.folders)),
            ("items.jsonl", try lines(content.items.map(\.0))),
        ]
        result += content.items.map { ($0.0.entry, $0.1) }
        return result
    }

    /// Reads an archive completely (all checks), returning its summary, folders, items and bytes by path.
    static func read(_ bytes: [UInt8], limits: ArchiveLimits = ArchiveLimits())
        throws -> (ArchiveSummary, [ArchiveFolder], [ArchiveItem], [String: [UInt8]]) {
        let reader = try ArchiveReader(source: ZipMemorySource(bytes), limits: limits)
        var folders: [ArchiveFolder] = []
        var items: [ArchiveItem] = []
        var contents: [String: [UInt8]] = [:]
        let summary = try reader.read(folders: { folders.append($0) }, items: { item, content in
            var data: [UInt8] = []
            try content.read { data.append(contentsOf: $0) }
            items.append(item)
            contents[item.path] = data
        })
        return (summary, folders, items, contents)
    }

    /// The archive error reading `bytes` fails with, or nil if it reads.
    static func refusal(_ bytes: [UInt8]) -> ArchiveError? {
        do {
            _ = try read(bytes)
            return nil
        } catch let error as ArchiveError {
            return error
        } catch {
            return .invalid("unexpected error \(error)")
        }
    }
}
