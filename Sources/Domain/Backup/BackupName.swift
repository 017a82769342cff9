import Foundation

/// The rules for backup names (contract: "Names and paths") and the file name a download gets.
public enum BackupName {
    /// The name trimmed of surrounding white space, if it has 1–200 characters and no control characters.
    /// - Throws: ``BackupError/nameRequired`` for a blank name, ``BackupError/invalidName(reason:)`` otherwise.
    public static func validated(_ raw: String) throws(BackupError) -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw .nameRequired }
        guard name.count <= 200 else {
            throw .invalidName(reason: "has \(name.count) characters; at most 200 are allowed.")
        }
        if let control = name.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            throw .invalidName(reason: "contains the control character U+\(String(format: "%04X", control.value)).")
        }
        return name
    }

    /// The name of an upload: `name` if given, else the file name without its folders and its `.zip` extension.
    /// - Throws: ``BackupError/nameRequired`` when neither gives a name.
    public static func forUpload(name: String?, fileName: String?) throws(BackupError) -> String {
        if let name, !name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return try validated(name) }
        guard let fileName else { throw .nameRequired }
        var base = fileName.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        if base.lowercased().hasSuffix(".zip") { base = String(base.dropLast(4)) }
        return try validated(base)
    }

    /// `<name>_<YYYY-MM-DD>_<HH-MM>.zip` from the creation time in UTC, with characters that are not allowed in
    /// file names (`/ \ : * ? " < > |` and control characters) replaced by `_`.
    public static func fileName(for name: String, createdAt: Date) -> String {
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
