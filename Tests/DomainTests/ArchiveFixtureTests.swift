import Domain
import Foundation
import Testing

/// The committed archives of every schema version (Fixtures/archives, never rewritten) still read.
@Suite struct ArchiveFixtureTests {
    @Test("A version 1 archive is upgraded to exactly what the version 2 archive of the same content holds")
    func v1UpgradesToV2() throws {
        let (v1, v1Folders, v1Items, v1Bytes) = try ArchiveTestArchives.read(try BackupTestSupport.fixture("v1/janes-services.zip"))
        let (v2, v2Folders, v2Items, v2Bytes) = try ArchiveTestArchives.read(try BackupTestSupport.fixture("v2/janes-services.zip"))
        #expect(v1.schemaVersion == 1)
        #expect(v2.schemaVersion == 2)
        #expect(v1Folders == v2Folders)
        #expect(v1Items == v2Items)
        #expect(v1Bytes == v2Bytes)
        #expect(v1Items.count == 9)
        #expect(v1.missingParentFolders.isEmpty)
    }

    @Test("Upgrading version 1 turns permission maps into lists and derives content types")
    func v1Upgrade() throws {
        let (_, folders, items, _) = try ArchiveTestArchives.read(try BackupTestSupport.fixture("v1/janes-services.zip"))
        let orders = try #require(folders.first { $0.path == "/Orders" })
        #expect(orders.permissions == [
            Permission(principal: "group:designers", access: .read),
            Permission(principal: "group:order-team", access: .write),
            Permission(principal: "user:jane", access: .admin),
        ])
        let types = Dictionary(uniqueKeysWithValues: items.map { ($0.path, $0.contentType) })
        #expect(types["/Orders/Order Service"] == "application/xml")
        #expect(types["/Shared Libraries/logo.png"] == "image/png")
        #expect(types["/Orders/Archive 2020/Q1: report?.txt"] == "text/plain")
        #expect(types["/Orders/notes."] == "application/octet-stream")
        #expect(items.first { $0.path == "/Orders/Order Service" }?.createdAt.description == "2021-03-11T15:47:11.123456Z")
    }
}
