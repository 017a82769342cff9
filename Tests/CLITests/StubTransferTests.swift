import Foundation
import HTTP
import Synchronization
import Testing

@testable import CLI

/// Downloads (verified, resumed, named as the server names them) and streamed uploads against ``StubServer``.
@Suite(.timeLimit(.minutes(1))) struct StubTransferTests {
    private func setUp(size: Int = 300_000, name: String = "Janes first backup") throws
        -> (StubServer, StubServer.Backup, URL)
    {
        let stub = try StubServer()
        stub.addNamespace("Jane's Services")
        let backup = stub.addBackup(name, namespace: "Jane's Services", archive: StubServer.archiveBytes(count: size))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cli-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (stub, backup, directory)
    }

    @Test func downloadVerifiesAndRenamesIntoPlace() throws {
        let (stub, backup, directory) = try setUp()
        defer { stub.stop(); try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("out.zip").path
        let run = runClient(["backups", "download", backup.id, "-o", file], environment: stub.environment)
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output == "Saved \"\(file)\" (293.0 KiB, SHA-256 verified).\n")
        #expect(run.error.isEmpty, "no progress bar without a terminal")
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data(backup.archive))
        #expect(!FileManager.default.fileExists(atPath: file + ".part"))
        let archiveRequest = stub.requests.last { $0.path.hasSuffix("/archive") }
        #expect(archiveRequest?.headers["Range"] == nil)
    }

    @Test func interruptedDownloadResumesWithRangeAndIfRange() throws {
        let (stub, backup, directory) = try setUp()
        defer { stub.stop(); try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("resumed.zip").path
        stub.state.withLock { $0.cutArchiveAfter = 70_000 }
        let first = runClient(["backups", "download", backup.id, "-o", file], environment: stub.environment)
        #expect(first.status == 1)
        #expect(first.error.contains("Run the same command again to resume from '\(file).part'."))
        #expect(FileDownload.fileSize(file + ".part") == 70_000)
        #expect(!FileManager.default.fileExists(atPath: file))

        let second = runClient(["backups", "download", backup.id, "-o", file], environment: stub.environment)
        #expect(second.status == 0, "\(second.error)")
        #expect(second.error.contains("Resumed '\(file).part' at 68.4 KiB."))
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data(backup.archive))
        let resumed = try #require(stub.requests.last { $0.path.hasSuffix("/archive") })
        #expect(resumed.headers["Range"] == "bytes=70000-")
        #expect(resumed.headers["If-Range"] == "\"\(backup.sha256)\"")
    }

    @Test func aPartFileOfOtherBytesFailsVerificationAndIsRemoved() throws {
        let (stub, backup, directory) = try setUp()
        defer { stub.stop(); try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("foreign.zip").path
        try Data(repeating: 0xAA, count: 1000).write(to: URL(fileURLWithPath: file + ".part"))
        let run = runClient(["backups", "download", backup.id, "-o", file], environment: stub.environment)
        #expect(run.status == 1)
        #expect(run.error.contains("(checksum_mismatch)"))
        #expect(!FileManager.default.fileExists(atPath: file + ".part"))
        #expect(!FileManager.default.fileExists(atPath: file))
        let again = runClient(["backups", "download", backup.id, "-o", file], environment: stub.environment)
        #expect(again.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data(backup.archive))
    }

    @Test func aCompletePartFileIsOnlyVerified() throws {
        let (stub, backup, directory) = try setUp(size: 5000)
        defer { stub.stop(); try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("done.zip").path
        try Data(backup.archive).write(to: URL(fileURLWithPath: file + ".part"))
        let run = runClient(["backups", "download", backup.id, "-o", file, "--json"], environment: stub.environment)
        #expect(run.status == 0, "\(run.error)")
        #expect(!stub.requests.contains { $0.path.hasSuffix("/archive") })
        let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
        #expect(object?["sha256"] as? String == backup.sha256)
        #expect(object?["resumedFrom"] as? Int == 5000)
    }

    @Test func existingFilesAreNotOverwrittenWithoutForce() throws {
        let (stub, backup, directory) = try setUp(size: 1000)
        defer { stub.stop(); try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("exists.zip").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: file))
        let refused = runClient(["backups", "download", backup.id, "-o", file], environment: stub.environment)
        #expect(refused.status == 1)
        #expect(refused.error.contains("already exists. Pass --force"))
        let forced = runClient(
            ["backups", "download", backup.id, "-o", file, "--force"],
            environment: stub.environment
        )
        #expect(forced.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data(backup.archive))
    }

    /// Without -o the file is named by the answer's Content-Disposition (`filename*` first, made safe).
    @Test(arguments: [
        ("Jäne's backup_2021-03-11_15-47.zip", "Jäne's backup_2021-03-11_15-47.zip"),
        ("../../escape/東京_2021-03-11_15-47.zip", "東京_2021-03-11_15-47.zip"),
    ])
    func defaultNameComesFromContentDisposition(offered: String, saved: String) throws {
        let (stub, backup, directory) = try setUp(size: 2000)
        defer {
            stub.stop()
            try? FileManager.default.removeItem(at: directory)
        }
        stub.state.withLock { $0.dispositionName = offered }
        let api = try APIClient(url: stub.url, token: StubServer.token, commandPath: [])
        let (resource, _) = try api.get("/v1/backups/\(backup.id)", as: BackupResource.self)
        #expect(resource.fileName == "Janes first backup_2021-03-11_15-47.zip")
        var download = FileDownload(
            backup: resource,
            explicitPath: nil,
            force: false,
            console: CapturedConsole(),
            directory: directory.path
        )
        #expect(try download.attempt(api: api) == .complete)
        let result = try download.verifyAndSave()
        #expect(result.path == directory.appendingPathComponent(saved).path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == [saved])
    }

    /// Without a Content-Disposition name the backup's fileName is used.
    @Test func defaultNameFallsBackToTheBackupsFileName() throws {
        let (stub, backup, directory) = try setUp(size: 2000)
        defer {
            stub.stop()
            try? FileManager.default.removeItem(at: directory)
        }
        stub.state.withLock { $0.dispositionName = "/" }
        let api = try APIClient(url: stub.url, token: StubServer.token, commandPath: [])
        let (resource, _) = try api.get("/v1/backups/\(backup.id)", as: BackupResource.self)
        var download = FileDownload(
            backup: resource,
            explicitPath: nil,
            force: false,
            console: CapturedConsole(),
            directory: directory.path
        )
        #expect(try download.attempt(api: api) == .complete)
        #expect(try download.verifyAndSave().path == directory.appendingPathComponent(resource.fileName!).path)
    }

    @Test func uploadStreamsTheFileNamedAfterIt() throws {
        let (stub, _, directory) = try setUp(size: 10)
        defer { stub.stop(); try? FileManager.default.removeItem(at: directory) }
        let bytes = StubServer.archiveBytes(count: 700_000)
        let file = directory.appendingPathComponent("Janes Backup_2021-03-12_06-37.zip")
        try Data(bytes).write(to: file)
        stub.addNamespace("ACME Corp.")
        let run = runClient(
            ["backups", "upload", file.path, "--namespace", "ACME Corp."],
            environment: stub.environment
        )
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("Janes Backup_2021-03-12_06-37  ACME Corp."))
        let upload = try #require(stub.requests.first { $0.path.hasSuffix("/upload") })
        #expect(upload.query.value(for: "filename") == "Janes Backup_2021-03-12_06-37.zip")
        #expect(upload.query.value(for: "name") == nil)
        #expect(upload.headers["Content-Length"] == "700000")
        #expect(upload.headers["Expect"] == "100-continue")
        #expect(upload.headers["Content-Type"] == "application/zip")
        #expect(upload.body == bytes)
    }

    @Test func uploadWithANameAndJSONOutput() throws {
        let (stub, _, directory) = try setUp(size: 10)
        defer { stub.stop(); try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("x.zip")
        try Data(StubServer.archiveBytes(count: 1000)).write(to: file)
        let run = runClient(
            [
                "backups", "upload", file.path, "--namespace", "Jane's Services", "--name", "Janes MASTER backup",
                "--json",
            ],
            environment: stub.environment
        )
        #expect(run.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
        #expect(object?["name"] as? String == "Janes MASTER backup")
        #expect(object?["origin"] as? String == "uploaded")
    }

    @Test func invalidUploadShowsTheServersDetail() throws {
        let (stub, _, directory) = try setUp(size: 10)
        defer { stub.stop(); try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("notes.zip")
        try Data("not a zip".utf8).write(to: file)
        let run = runClient(
            ["backups", "upload", file.path, "--namespace", "Jane's Services"],
            environment: stub.environment
        )
        #expect(run.status == 1)
        #expect(run.error.contains("The upload is not a ZIP archive: it does not start with 'PK'. (archive_invalid)"))
    }

    @Test func uploadOfAMissingFileFails() throws {
        let (stub, _, directory) = try setUp(size: 10)
        defer { stub.stop(); try? FileManager.default.removeItem(at: directory) }
        let run = runClient(
            ["backups", "upload", directory.appendingPathComponent("none.zip").path, "--namespace", "Jane's Services"],
            environment: stub.environment
        )
        #expect(run.status == 1)
        #expect(run.error.contains("is not a file that can be uploaded"))
        #expect(stub.requests.isEmpty)
    }
}
