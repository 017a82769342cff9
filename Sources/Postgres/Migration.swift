import Foundation

/// One numbered SQL file of `sql/` (`0001_namespaces.sql`): forward-only, never edited once landed.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// Reads every `NNNN_name.sql` file of `directory`, sorted by version. Other files are ignored;
    /// two files with the same number are an error.
    public static func load(from directory: URL) throws -> [Migration] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory.path) } catch {
            throw PostgresError(code: .migration, message: "cannot read the migrations directory '\(directory.path)': \(error.localizedDescription)")
        }
        var migrations: [Migration] = []
        for file in names where file.hasSuffix(".sql") {
            let stem = file.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]), version > 0 else { continue }
            let text: String
            do { text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8) } catch {
                throw PostgresError(code: .migration, message: "cannot read migration '\(file)': \(error.localizedDescription)")
            }
            if let clash = migrations.first(where: { $0.version == version }) {
                throw PostgresError(code: .migration, message: "migrations '\(clash.name)' and '\(stem)' share the number \(version)")
            }
            migrations.append(Migration(version: version, name: String(stem), sql: text))
        }
        return migrations.sorted { $0.version < $1.version }
    }

    /// SHA-256-free fingerprint (FNV-1a 64) of the file's text, recorded to detect edits to landed files.
    public var checksum: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in sql.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 16)
    }
}
