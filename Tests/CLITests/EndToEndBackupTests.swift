import Foundation
import HTTP
import TestSupport
import Testing

/// Backups through the real binary against a real server: the seed's walkthrough (create, list, download under
/// the server's file name, upload, restore, delete) and a resumed download.
///
/// Runs the real binary against a real `nsbackup serve`; needs a database (scripts/test).
@Suite(
    .serialized,
    .timeLimit(.minutes(5)),
    .enabled(if: TestDatabase.isConfigured, "DATABASE_URL is not set: run scripts/test")
)
struct EndToEndBackupTests {
    @Test func backupWalkthrough() throws {
        try EndToEnd.withServer { _, nsbackup in
            #expect(try nsbackup("namespaces", "create", "Jane's Services").status == 0)
            #expect(try nsbackup("namespaces", "create", "ACME Corp.").status == 0)
            try nsbackup.putItem(
                namespace: "Jane's Services",
                path: ["Orders", "Order Service"],
                bytes: Array("<bpmn/>".utf8)
            )

            let created = try nsbackup(
                "backups",
                "create",
                "--namespace",
                "Jane's Services",
                "--name",
                "Jane's first backup"
            )
            #expect(created.status == 0, "\(created.error)")
            #expect(created.output.contains("(Ready)"))
            #expect(created.error.isEmpty, "no progress without a terminal: \(created.error)")

            let table = try nsbackup("backups", "list")
            #expect(table.status == 0)
            let row = try #require(table.output.split(separator: "\n").first { $0.hasPrefix("Jane's first backup") })
            #expect(row.contains("Jane's Services"))
            #expect(row.firstMatch(of: /\d\d-\d\d-\d{4} \d\d:\d\d:\d\d/) != nil)
            #expect(row.contains("(Ready)"))

            let backups = try #require(try nsbackup.json("backups", "list")["backups"] as? [[String: Any]])
            let backupID = try #require(backups.first?["id"] as? String)

            let directory = try TestPaths.makeTemporaryDirectory("cli-e2e")
            defer { try? FileManager.default.removeItem(at: directory) }
            let download = try nsbackup("backups", "download", backupID, in: directory)
            #expect(download.status == 0, "\(download.error)")
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            #expect(files.count == 1)
            let file = try #require(files.first)
            #expect(file.firstMatch(of: /^Jane's first backup_\d{4}-\d\d-\d\d_\d\d-\d\d\.zip$/) != nil, "\(file)")
            let archive = directory.appendingPathComponent(file)
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/unzip") {
                #expect(try Subprocess.run("/usr/bin/unzip", ["-tq", archive.path]).status == 0)
            }

            let uploaded = try nsbackup(
                "backups",
                "upload",
                archive.path,
                "--namespace",
                "ACME Corp.",
                "--name",
                "Janes MASTER backup",
                "--json"
            )
            #expect(uploaded.status == 0, "\(uploaded.error)")
            let uploadedObject = try JSONSerialization.jsonObject(with: Data(uploaded.output.utf8)) as? [String: Any]
            let uploadedID = try #require(uploadedObject?["id"] as? String)
            #expect(uploadedObject?["origin"] as? String == "uploaded")

            let refused = try nsbackup("restore", uploadedID, "--namespace", "ACME Corp.")
            #expect(refused.status == 1)
            #expect(refused.error.contains("Pass --yes"))

            let restored = try nsbackup("restore", uploadedID, "--namespace", "ACME Corp.", "--yes")
            #expect(restored.status == 0, "\(restored.error)")
            #expect(restored.output.contains("Restored backup \"Janes MASTER backup\" into \"ACME Corp.\""))
            #expect(restored.output.contains("Items:         1\n"))
            #expect(restored.output.contains("Warning: "), "restoring into another namespace warns about permissions")

            let deleteRefused = try nsbackup("backups", "delete", backupID)
            #expect(deleteRefused.status == 1)
            #expect(deleteRefused.error.contains("Not deleting backup \"Jane's first backup\""))
            let deleted = try nsbackup("backups", "delete", backupID, "--yes")
            #expect(deleted.status == 0)
            #expect(!(try nsbackup("backups", "list").output.contains("Jane's first backup")))
        }
    }

    @Test func downloadResumesFromAPartialFile() throws {
        try EndToEnd.withServer { _, nsbackup in
            #expect(try nsbackup("namespaces", "create", "ACME Corp.").status == 0)
            try nsbackup.putItem(
                namespace: "ACME Corp.",
                path: ["Big"],
                bytes: (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            )
            let backup = try nsbackup.json(
                "backups",
                "create",
                "--namespace",
                "ACME Corp.",
                "--name",
                "First ACME Backup"
            )
            let id = try #require(backup["id"] as? String)
            let directory = try TestPaths.makeTemporaryDirectory("cli-e2e")
            defer { try? FileManager.default.removeItem(at: directory) }
            let whole = directory.appendingPathComponent("whole.zip")
            #expect(try nsbackup("backups", "download", id, "-o", whole.path).status == 0)
            let bytes = try Data(contentsOf: whole)
            let resumed = directory.appendingPathComponent("resumed.zip")
            try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: resumed.path + ".part"))
            let run = try nsbackup("backups", "download", id, "-o", resumed.path)
            #expect(run.status == 0, "\(run.error)")
            #expect(run.error.contains("Resumed '\(resumed.path).part'"))
            #expect(try Data(contentsOf: resumed) == bytes)
        }
    }
}
