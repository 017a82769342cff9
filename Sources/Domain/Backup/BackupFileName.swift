import Foundation
import Postgres

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
    /// file names (`/ \ : * ? " < > |` and control characters, Unicode category Cc) replaced by `_`.
    ///
    /// Every backup in a listing carries one, so this avoids Foundation formatting: the date comes from
    /// ``CivilDate`` and a name without unsafe characters is used as it is.
    public static func make(for name: String, createdAt: Date) -> String {
        let seconds = Int(createdAt.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = CivilDate.civilFromDays(days)
        var result = safeName(name)
        result.reserveCapacity(result.utf8.count + 21)
        result += "_"
        result += padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
        result += "_" + padded(secondOfDay / 3600, 2) + "-" + padded(secondOfDay / 60 % 60, 2) + ".zip"
        return result
    }

    /// `name` with every unsafe character replaced by `_` (itself when it has none, the usual case).
    static func safeName(_ name: String) -> String {
        let hasUnsafe = name.utf8.contains { byte in
            // ASCII controls, DEL, the reserved punctuation, and 0xC2 (the lead byte of U+0080–U+00BF, which
            // holds the C1 controls): those names take the careful path below.
            byte < 0x20 || byte == 0x7F || byte == 0xC2 || unsafeASCII.contains(byte)
        }
        guard hasUnsafe else { return name }
        var safe = ""
        for scalar in name.unicodeScalars {
            let unsafe = (scalar.isASCII && unsafeASCII.contains(UInt8(scalar.value)))
                || scalar.properties.generalCategory == .control
            safe.unicodeScalars.append(unsafe ? "_" : scalar)
        }
        return safe
    }

    private static let unsafeASCII: [UInt8] = Array("/\\:*?\"<>|".utf8)

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
