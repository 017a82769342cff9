import Foundation

/// The contract's timestamps (RFC 3339 UTC with milliseconds, `2021-03-11T15:47:11.123Z`) shown as the seed's
/// web page shows them: `dd-MM-yyyy HH:mm:ss` in local time.
enum DateDisplay {
    /// The instant of an RFC 3339 timestamp, with or without fractional seconds; nil when malformed.
    static func parse(_ text: String) -> Date? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = withFraction.date(from: text) { return date }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        return plain.date(from: text)
    }

    /// `11-03-2021 15:47:11` in `timeZone` (the process's local zone by default); the text as given when it
    /// is not a timestamp, "-" when absent.
    static func format(_ text: String?, timeZone: TimeZone = .current) -> String {
        guard let text else { return "-" }
        guard let date = parse(text) else { return text }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = timeZone
        formatter.dateFormat = "dd-MM-yyyy HH:mm:ss"
        return formatter.string(from: date)
    }
}
