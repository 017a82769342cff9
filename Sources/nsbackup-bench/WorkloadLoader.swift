import Domain
import Foundation
import Hashing
import Postgres

/// Fills an empty namespace with a workload through the content store's ``ContentBulkLoader`` (binary COPY, the
/// restore's own path) in one transaction: 200 MiB in a few seconds.
struct WorkloadLoader {
    let connection: PostgresConnection

    /// - Returns: the load's summary and its duration in seconds.
    func load(_ workload: Workload, into namespaceID: UUID) throws -> (ContentLoadSummary, Double) {
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: workload.itemSize, alignment: 16)
        defer { buffer.deallocate() }
        return try Stopwatch.time {
            try connection.transaction { db in
                try ContentBulkLoader().load(
                    folders: (0..<workload.folderCount).map { workload.folder($0, at: date) },
                    items: { sink in
                        for index in 0..<workload.itemCount {
                            XMLGenerator.fill(buffer, index: index)
                            var digest = SHA256()
                            digest.update(UnsafeRawBufferPointer(buffer))
                            let item = Item(
                                path: workload.itemPath(index), kind: workload.itemKind(index),
                                contentType: "application/xml", size: Int64(buffer.count),
                                sha256: digest.finalizeHex(), createdAt: date, updatedAt: date)
                            var offset = 0
                            try sink.add(item) { target in
                                let count = min(target.count, buffer.count - offset)
                                if count > 0 {
                                    target.baseAddress!.copyMemory(from: buffer.baseAddress! + offset, byteCount: count)
                                }
                                offset += count
                                return count
                            }
                        }
                    },
                    into: namespaceID, on: db)
            }
        }
    }
}
