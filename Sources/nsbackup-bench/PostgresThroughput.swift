import Foundation
import Postgres

/// Large-object write/read and COPY throughput through the Postgres module (issue 2's note).
struct PostgresThroughput {
    let conninfo: String
    let megabytes: Int

    func run() throws -> [BenchRow] {
        let db = try PostgresConnection(conninfo: conninfo)
        try db.setStatementTimeout(milliseconds: 0)
        let chunk = Workload.xml(index: 1, size: 256 << 10)
        let chunks = megabytes * 4
        let total = Double(chunks * chunk.count) / 1_000_000

        let (oid, write) = try Stopwatch.time {
            try db.transaction { tx in
                let oid = try tx.createLargeObject()
                let object = try tx.openLargeObject(oid, mode: .readWrite)
                for _ in 0..<chunks { try object.write(chunk) }
                return oid
            }
        }
        let (_, read) = try Stopwatch.time {
            try db.transaction { tx in
                let object = try tx.openLargeObject(oid)
                var buffer = [UInt8](repeating: 0, count: 256 << 10)
                while try buffer.withUnsafeMutableBytes({ try object.read(into: $0) }) > 0 {}
            }
        }
        try db.transaction { tx in try tx.unlinkLargeObject(oid) }

        let rowSize = 20 << 10
        let rows = megabytes * 1_048_576 / rowSize
        let payload = Workload.xml(index: 2, size: rowSize)
        var results: [BenchRow] = [
            BenchRow(name: "large object write \(megabytes) MiB (256 KiB chunks) + commit", seconds: write, megabytes: total),
            BenchRow(name: "large object read \(megabytes) MiB (256 KiB chunks)", seconds: read, megabytes: total),
        ]
        for compression in ["lz4", "pglz"] {
            try db.executeScript(unsafeSQL: "DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy (id bigint, data bytea COMPRESSION \(compression))")
            let (_, copyIn) = try Stopwatch.time {
                try db.copyIn("COPY bench_copy FROM STDIN (FORMAT binary)") { writer in
                    var encoder = CopyBinaryEncoder()
                    for index in 0..<rows {
                        encoder.beginRow(fieldCount: 2)
                        encoder.append(int64: Int64(index))
                        encoder.append(bytes: payload)
                        if encoder.shouldFlush { try encoder.flush(to: writer) }
                    }
                    try encoder.finish(to: writer)
                }
            }
            results.append(BenchRow(name: "COPY FROM STDIN binary, \(rows) rows × 20 KiB, \(compression)", seconds: copyIn,
                                    megabytes: Double(rows * rowSize) / 1_000_000))
        }
        let (_, copyOut) = try Stopwatch.time {
            try db.copyOut("COPY bench_copy TO STDOUT (FORMAT binary)") { _ in }
        }
        results.append(BenchRow(name: "COPY TO STDOUT binary, \(rows) rows × 20 KiB", seconds: copyOut,
                                megabytes: Double(rows * rowSize) / 1_000_000))
        try db.executeScript(unsafeSQL: "DROP TABLE bench_copy")
        return results
    }
}

struct BenchRow {
    var name: String
    var seconds: Double
    var megabytes: Double
    var note = ""

    var line: String {
        let rate = megabytes > 0 ? String(format: "%8.1f MB/s", megabytes / seconds) : "            "
        return name.padding(toLength: 66, withPad: " ", startingAt: 0) + String(format: "%8.2f s %@ ", seconds, rate) + note
    }
}
