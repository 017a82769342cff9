import Foundation

/// Backup names as this service takes them (the rules are ``BackupName``'s, contract "Names and paths") and the
/// file name a download gets.
public enum BackupFileName {
    /// The name trimmed, if it follows the rules.
    /// - Throws: ``BackupError/nameRequired`` for a blank name, ``BackupError/invalidName(detail:)`` otherwise.
    public static func validatedName(_ raw: String) throws(BackupError) -> String {
        do {
            return try BackupName(raw).value
        } catch {
            throw error.code == .nameRequired ? .nameRequired : .invalidName(detail: error.message)
        }
    }

    /// The name of an upload: `name` if it is given and not blank, else the file name without its folders and
    /// its `.zip` extension (any case).
    /// - Throws: ``BackupError/nameRequired`` when neither gives a name; ``BackupError/invalidName(detail:)``.
    public static func uploadName(name: String?, fileName: String?) throws(BackupError) -> String {
        if let name, !name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return try validatedName(name) }
        guard let fileName else { throw .nameRequired }
        var base = fileName.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        if base.lowercased().hasSuffix(".zip") { base = String(base.dropLast(4)) }
        return try validatedName(base)
    }

    /// `<name>_<YYYY-MM-DD>_<HH-MM>.zip` from the creation time in UTC, with characters that are not allowed in
    /// file names (`/ \ : * ? " < > |` and control characters) replaced by `_`.
    public static func make(for name: String, createdAt: Date) -> String {
        let stamp = ArchiveTimestamp(createdAt).description   // YYYY-MM-DDTHH:MM:SS.ffffffZ
        let day = stamp.prefix(10)
        let time = stamp.dropFirst(11).prefix(5).replacingOccurrences(of: ":", with: "-")
        var safe = ""
        for scalar in name.unicodeScalars {
            let unsafe = "/\\:*?\"<>|".unicodeScalars.contains(scalar) || scalar.properties.generalCategory == .control
            safe.unicodeScalars.append(unsafe ? "_" : scalar)
        }
        return "\(safe)_\(day)_\(time).zip"
    }
}
