@testable import Domain
import Dispatch
import Foundation
import Synchronization
import Testing
import ZipArchive

/// Contents checked on worker threads (``ArchiveContentVerifier``, ``ArchiveReader/read(verifyContent:parallelism:folders:items:)``):
/// the same fault as a reading on one thread, the first in archive order, and every worker joined on every exit.
@Suite struct ArchiveContentVerifierTests {
    typealias A = ArchiveTestArchives

    static func content(count: Int) -> A.Content {
        A.Content(folders: [], items: (0..<count).map { index in
            let line = "<task id=\"\(index)\" marker=\"MARK-\(String(format: "%04d", index))\"/>\n"
            return A.item("/f/item \(index)", Array(String(repeating: line, count: 1 + index % 7).utf8),
                          kind: .model, contentType: "application/xml")
        })
    }

    /// The entries of a valid archive of `count` items, with the bytes of the items in `corrupted` altered (same
    /// size, so only the SHA-256 disagrees).
    static func entries(count: Int, corrupted: [Int]) throws -> [(String, [UInt8])] {
        let content = content(count: count)
        var all = try A.entries(content)
        for index in corrupted {
            let position = all.firstIndex { $0.0 == content.items[index].0.entry }!
            all[position].1[5] ^= 0x20
        }
        return all
    }

    /// A ZIP of `entries`, content entries stored (so their bytes can be found and altered in the archive).
    static func storedArchive(_ entries: [(String, [UInt8])]) throws -> [UInt8] {
        let writer = ZipWriter(sink: ZipMemorySink())
        for (name, bytes) in entries {
            try writer.addEntry(name, bytes: bytes, compression: name.hasPrefix("content/") ? .stored : .deflated(level: 1))
        }
        return try writer.finish().bytes
    }

    /// The error of reading `bytes` completely with `parallelism` workers (0: on this thread), or nil.
    static func failure(_ bytes: [UInt8], parallelism: Int) -> ArchiveError? {
        do {
            let reader = try ArchiveReader(source: ZipMemorySource(bytes))
            _ = try reader.read(verifyContent: true, parallelism: parallelism, folders: { _ in }, items: { _, _ in })
            return nil
        } catch let error as ArchiveError {
            return error
        } catch {
            return .invalid("unexpected error \(error)")
        }
    }

    @Test("A valid archive reads the same with workers, also when the item closure reads some contents itself")
    func validArchive() throws {
        let bytes = try A.write(Self.content(count: 300))
        let reader = try ArchiveReader(source: ZipMemorySource(bytes))
        var read = 0
        let summary = try reader.read(verifyContent: true, parallelism: 2, folders: { _ in }, items: { item, content in
            guard item.path.hasSuffix("7") else { return }
            try content.read { read += $0.count }
        })
        #expect(summary.itemCount == 300)
        #expect(read > 0)
        #expect(Self.failure(bytes, parallelism: 2) == nil)
    }

    @Test("A bad SHA-256 at item k is reported for item k, not for a later faulty item",
          arguments: [0, 1, 63, 64, 65, 150, 298, 299])
    func firstBadDigest(k: Int) throws {
        let bytes = try A.raw(Self.entries(count: 300, corrupted: [k] + (k + 70 < 300 ? [k + 70] : [])))
        let sequential = try #require(Self.failure(bytes, parallelism: 0))
        #expect(sequential.description.contains("content/f/item \(k)'"))
        for workers in [1, 2, 3] {
            #expect(Self.failure(bytes, parallelism: workers) == sequential)
        }
    }

    @Test("A bad CRC-32 mid-archive is reported as on one thread", arguments: [0, 120, 299])
    func badCRC(k: Int) throws {
        var bytes = try Self.storedArchive(Self.entries(count: 300, corrupted: []))
        let marker = Array("MARK-\(String(format: "%04d", k))".utf8)
        let start = try #require((0...(bytes.count - marker.count)).first { Array(bytes[$0..<$0 + marker.count]) == marker })
        bytes[start] ^= 0x01
        let sequential = try #require(Self.failure(bytes, parallelism: 0))
        #expect(sequential.description.contains("CRC-32"))
        #expect(sequential.description.contains("content/f/item \(k)"))
        #expect(Self.failure(bytes, parallelism: 2) == sequential)
    }

    @Test("A bad line is reported after the faulty contents of items before it, as on one thread")
    func layoutFaultAfterContentFault() throws {
        var all = try Self.entries(count: 300, corrupted: [100])
        let items = all.firstIndex { $0.0 == ArchiveFormat.itemsEntry }!
        var lines = all[items].1.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        lines[250] = Array("{\"path\": 1}".utf8)
        all[items].1 = Array(lines.joined(separator: [0x0A]))
        let bytes = try A.raw(all)
        let sequential = try #require(Self.failure(bytes, parallelism: 0))
        #expect(sequential.description.contains("content/f/item 100'"))
        #expect(Self.failure(bytes, parallelism: 2) == sequential)
    }

    /// The ZIP reader and pairs of a stored archive of `count` items, item `bad` with a wrong SHA-256.
    static func checks(count: Int, bad: Int) throws -> ([UInt8], [(ZipEntry, ArchiveItem)]) {
        let content = content(count: count)
        let bytes = try A.raw(Self.entries(count: count, corrupted: [bad]))
        let zip = try ZipReader(source: ZipMemorySource(bytes))
        return (bytes, try content.items.map { (try zip.requireEntry(named: $0.0.entry), $0.0) })
    }

    @Test("A worker's fault while the submitting thread waits on a full queue ends the submitting and is reported")
    func faultWhileQueueFull() throws {
        let (bytes, checks) = try Self.checks(count: 50, bad: 0)
        let gate = GatedSource(bytes: bytes, closed: checks[0].0.offset..<checks[1].0.offset)
        let zip = try ZipReader(source: gate)
        var submitted = 0
        var used: ArchiveContentVerifier<GatedSource>?
        let error = #expect(throws: ArchiveError.self) {
            try ArchiveContentVerifier.run(zip: zip, workers: 1, batchSize: 1, queueLimit: 1) { verifier in
                used = verifier
                // Opens the gate (the worker's read of item 0) once this thread waits for room.
                Thread.detachNewThread {
                    let deadline = Date().addingTimeInterval(10)
                    while !verifier.isWaitingForRoom && Date() < deadline { usleep(1_000) }
                    gate.open()
                }
                for (entry, item) in checks {
                    try verifier.submit(entry, item)
                    submitted += 1
                }
            }
        }
        #expect(error?.description.contains("content/f/item 0'") == true)
        #expect(error?.description.contains("SHA-256") == true)
        #expect(submitted < checks.count)
        #expect((used?.waitsForRoom ?? 0) >= 1)
        #expect(used?.runningWorkers == 0)
    }

    struct CallerFault: Error, Equatable {}

    @Test("Workers are joined on every exit: success, a fault, the caller's own error", arguments: [1, 2, 4])
    func joinedOnEveryExit(workers: Int) throws {
        let (_, good) = try Self.checks(count: 120, bad: 119)
        let (bytes, _) = try Self.checks(count: 120, bad: 119)
        let zip = try ZipReader(source: ZipMemorySource(bytes))
        var used: [ArchiveContentVerifier<ZipMemorySource>] = []

        // Success: every item up to the faulty last one.
        try ArchiveContentVerifier.run(zip: zip, workers: workers, batchSize: 8) { verifier in
            used.append(verifier)
            for (entry, item) in good.dropLast() { try verifier.submit(entry, item) }
        }
        // A fault of a worker.
        #expect(throws: ArchiveError.self) {
            try ArchiveContentVerifier.run(zip: zip, workers: workers, batchSize: 8) { verifier in
                used.append(verifier)
                for (entry, item) in good { try verifier.submit(entry, item) }
            }
        }
        // The caller's error, no faulty item before it: its error comes through unchanged.
        #expect(throws: CallerFault.self) {
            try ArchiveContentVerifier.run(zip: zip, workers: workers, batchSize: 8) { verifier in
                used.append(verifier)
                for (entry, item) in good.prefix(60) { try verifier.submit(entry, item) }
                throw CallerFault()
            }
        }
        // The caller's error after a faulty item: the item's fault comes first, as on one thread.
        #expect(throws: ArchiveError.self) {
            try ArchiveContentVerifier.run(zip: zip, workers: workers, batchSize: 8) { verifier in
                used.append(verifier)
                for (entry, item) in good { try verifier.submit(entry, item) }
                throw CallerFault()
            }
        }
        #expect(used.count == 4)
        #expect(used.allSatisfy { $0.runningWorkers == 0 })
    }
}

/// Bytes in memory whose reads in `closed` wait (at most 10 s) until ``open()``.
final class GatedSource: ZipByteSource, Sendable {
    private let base: ZipMemorySource
    private let closed: Range<Int64>
    private let opened = DispatchSemaphore(value: 0)
    private let isOpen = Atomic<Bool>(false)

    init(bytes: [UInt8], closed: Range<Int64>) {
        base = ZipMemorySource(bytes)
        self.closed = closed
    }

    var size: Int64 { base.size }

    func open() {
        isOpen.store(true, ordering: .sequentiallyConsistent)
        opened.signal()
    }

    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if closed.contains(offset) && !isOpen.load(ordering: .sequentiallyConsistent) {
            _ = opened.wait(timeout: .now() + 10)
            opened.signal()  // stays open for the next reader
        }
        return try base.read(at: offset, into: buffer)
    }
}
