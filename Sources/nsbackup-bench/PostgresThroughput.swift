import Foundation
import Postgres

/// Large-object write/read and COPY throughput through the Postgres module (issue 2's note), each next to libpq's
/// own client doing the same through `psql` (`\lo_import`, `\lo_export`, `\copy`) on the same bytes.
struct PostgresThroughput {
    let connection: PostgresConnection
    let tools: PostgresTools
    let workDirectory: String
    let megabytes: Int

    func run(into table: inout BenchTable) throws {
        let db = connection
        let chunk = XMLGenerator.xml(index: 1, size: 256 << 10)
        let chunks = megabytes * 4
        let total = Int64(chunks * chunk.count)
        let file = "\(workDirectory)/throughput.bin"
        defer { try? FileManager.default.removeItem(atPath: file) }

        // Large object write vs psql \lo_import of the same bytes.
        _ = FileManager.default.createFile(atPath: file, contents: nil)
        let handle = FileHandle(forWritingAtPath: file)!
        for _ in 0..<chunks { try handle.write(contentsOf: chunk) }
        try handle.close()
        try db.executeScript(unsafeSQL: "CHECKPOINT")
        let (oid, write) = try Stopwatch.time {
            try db.transaction { tx in
                let oid = try tx.createLargeObject()
                let object = try tx.openLargeObject(oid, mode: .readWrite)
                for _ in 0..<chunks { try object.write(chunk) }
                return oid
            }
        }
        try db.executeScript(unsafeSQL: "CHECKPOINT")
        let (imported, importedOID) = try tools.largeObjectImport(file)
        try db.transaction { tx in try tx.unlinkLargeObject(importedOID) }
        table.add(.init(measure: "large object write (256 KiB) + commit", value: BenchTable.rate(bytes: total, seconds: write),
                        baseline: "psql \\lo_import", baselineValue: BenchTable.rate(bytes: total, seconds: imported.seconds),
                        ratio: imported.seconds / write))

        // Large object read vs psql \lo_export to /dev/null.
        let (_, read) = try Stopwatch.time {
            try db.transaction(readOnly: true) { tx in
                let object = try tx.openLargeObject(oid)
                var buffer = [UInt8](repeating: 0, count: 256 << 10)
                while try buffer.withUnsafeMutableBytes({ try object.read(into: $0) }) > 0 {}
            }
        }
        let exported = try tools.psql("\\lo_export \(oid) '/dev/null'")
        try db.transaction { tx in try tx.unlinkLargeObject(oid) }
        table.add(.init(measure: "large object read (256 KiB)", value: BenchTable.rate(bytes: total, seconds: read),
                        baseline: "psql \\lo_export → /dev/null",
                        baselineValue: BenchTable.rate(bytes: total, seconds: exported.seconds), ratio: exported.seconds / read))

        try copyRows(into: &table)
    }

    /// Binary COPY in (lz4 and pglz columns) and out, vs `psql \copy` of the same binary COPY file.
    private func copyRows(into table: inout BenchTable) throws {
        let db = connection
        let rowSize = 20 << 10
        let rows = megabytes * 1_048_576 / rowSize
        let bytes = Int64(rows * rowSize)
        let payload = XMLGenerator.xml(index: 2, size: rowSize)
        let file = "\(workDirectory)/throughput.copy"
        defer { try? FileManager.default.removeItem(atPath: file) }
        for compression in ["lz4", "pglz"] {
            try db.executeScript(unsafeSQL: """
                DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy (id bigint, data bytea COMPRESSION \(compression));
                CHECKPOINT
                """)
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
            if compression == "lz4" {
                let (_, copyOut) = try Stopwatch.time {
                    try db.copyOut("COPY bench_copy TO STDOUT (FORMAT binary)") { _ in }
                }
                let psqlOut = try tools.psql("\\copy bench_copy TO '/dev/null' (FORMAT binary)")
                table.add(.init(measure: "COPY TO STDOUT binary, \(rows) × 20 KiB", value: BenchTable.rate(bytes: bytes, seconds: copyOut),
                                baseline: "psql \\copy TO /dev/null",
                                baselineValue: BenchTable.rate(bytes: bytes, seconds: psqlOut.seconds), ratio: psqlOut.seconds / copyOut))
                _ = try tools.psql("\\copy bench_copy TO '\(file)' (FORMAT binary)")
            }
            try db.executeScript(unsafeSQL: "TRUNCATE bench_copy; CHECKPOINT")
            let psqlIn = try tools.psql("\\copy bench_copy FROM '\(file)' (FORMAT binary)")
            table.add(.init(measure: "COPY FROM STDIN binary, \(compression)", value: BenchTable.rate(bytes: bytes, seconds: copyIn),
                            baseline: "psql \\copy FROM file",
                            baselineValue: BenchTable.rate(bytes: bytes, seconds: psqlIn.seconds), ratio: psqlIn.seconds / copyIn))
        }
        try db.executeScript(unsafeSQL: "DROP TABLE bench_copy")
    }
}
