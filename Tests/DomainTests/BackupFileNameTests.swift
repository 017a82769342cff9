import Foundation
import Testing
@testable import Domain

@Suite("Backup file names")
struct BackupFileNameTests {
    /// The same rule written the slow, obvious way with Foundation's calendar: the fast path must agree with it.
    private static func reference(_ name: String, _ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        var safe = ""
        for scalar in name.unicodeScalars {
            let unsafe = "/\\:*?\"<>|".unicodeScalars.contains(scalar) || scalar.properties.generalCategory == .control
            safe.unicodeScalars.append(unsafe ? "_" : scalar)
        }
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "?" }
        let year = parts.year.map { String(repeating: "0", count: max(0, 4 - String($0).count)) + String($0) } ?? "?"
        return "\(safe)_\(year)-\(two(parts.month))-\(two(parts.day))_\(two(parts.hour))-\(two(parts.minute)).zip"
    }

    @Test("the seed's example: a name and a UTC creation time")
    func seedExample() throws {
        let date = try #require(ISO8601DateFormatter().date(from: "2026-11-27T09:05:59Z"))
        #expect(BackupFileName.make(for: "Nightly", createdAt: date) == "Nightly_2026-11-27_09-05.zip")
    }

    @Test("unsafe characters become underscores, everything else stays",
          arguments: ["a/b\\c", "x:y*z?", "q\"<>|", "tab\there", "nul\u{0}", "del\u{7F}", "c1\u{85}next",
                      "Jane's Services", "ACME Corp.", "Ünïcødé ✓", "emoji 🚀", "\u{A0}nbsp", "é\u{301}"])
    func unsafeCharacters(name: String) {
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(BackupFileName.make(for: name, createdAt: date) == Self.reference(name, date))
    }

    @Test("dates agree with the calendar across minutes, days, leap years and before 1970")
    func datesAgree() {
        var generator = SystemRandomNumberGenerator()
        var dates = [0, -1, 59.999, 60, 86_399.9, 86_400, 951_782_400, 4_102_444_799.5, -2_208_988_800]
            .map { Date(timeIntervalSince1970: $0) }
        for _ in 0..<2_000 {
            dates.append(Date(timeIntervalSince1970: Double(Int64.random(in: -2_000_000_000...4_000_000_000, using: &generator))
                + Double.random(in: 0..<1, using: &generator)))
        }
        for date in dates {
            #expect(BackupFileName.make(for: "b", createdAt: date) == Self.reference("b", date), "\(date.timeIntervalSince1970)")
        }
    }
}
