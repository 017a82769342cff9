@testable import Domain
import Foundation
import Postgres
import Testing

/// The hand-written JSON Lines encoder must produce exactly what `JSONEncoder` (sorted keys, slashes unescaped)
/// produced before it, so that archives keep their shape and every reader that took them still does.
@Suite struct JSONLineEncodingTests {
    static let strings: [String] = [
        "", "/Orders/Order Service", "plain ascii", "quote \" and backslash \\ and slash /",
        String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }), "del \u{7F} c1 \u{85}",
        "ümlaut € 𝄞 emoji 😀", "line\u{2028}sep\u{2029}", "e\u{301} combining", "tab\there\nnew\r\u{0C}\u{08}",
        "application/vnd.bpmn+xml; charset=utf-8", String(repeating: "long/", count: 100),
    ]

    static let timestamps: [Int64] = [
        0, 1, 999_999, 1_615_477_631_123_456, -1, -1_000_000, -62_135_596_800_000_000, 253_402_300_799_999_999,
        9_000_000_000_000_000, -9_000_000_000_000_000,
    ]

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func line(_ value: some JSONLineEncodable) -> String {
        var buffer = JSONLineBuffer(capacity: 256)
        value.appendJSONLine(to: &buffer)
        return String(decoding: buffer.bytes, as: UTF8.self)
    }

    @Test("Item lines equal JSONEncoder's output", arguments: strings)
    func items(text: String) throws {
        for (index, micros) in Self.timestamps.enumerated() {
            let item = ArchiveItem(
                path: "/" + text, kind: ItemKind.allCases[index % ItemKind.allCases.count], contentType: text,
                size: [0, 9, 10, 2048, Int64.max][index % 5], sha256: text,
                createdAt: ArchiveTimestamp(microseconds: micros),
                updatedAt: ArchiveTimestamp(microseconds: Self.timestamps[(index + 3) % Self.timestamps.count]),
                entry: "content/" + text)
            let expected = String(decoding: try Self.encoder().encode(item), as: UTF8.self) + "\n"
            #expect(Self.line(item) == expected)
        }
    }

    @Test("Folder lines equal JSONEncoder's output", arguments: strings)
    func folders(text: String) throws {
        let permissionSets: [[Permission]] = [
            [], [Permission(principal: text, access: .read)],
            [Permission(principal: "group:designers", access: .write), Permission(principal: text, access: .admin)],
        ]
        for (index, permissions) in permissionSets.enumerated() {
            let folder = ArchiveFolder(
                path: "/" + text, permissions: permissions,
                createdAt: ArchiveTimestamp(microseconds: Self.timestamps[index]),
                updatedAt: ArchiveTimestamp(microseconds: Self.timestamps[index + 4]))
            let expected = String(decoding: try Self.encoder().encode(folder), as: UTF8.self) + "\n"
            #expect(Self.line(folder) == expected)
        }
    }

    @Test("Every lone character below DEL is escaped as JSONEncoder escapes it")
    func everyASCIICharacter() throws {
        for value in UInt8(0)...0x7F {
            let text = "a" + String(Character(Unicode.Scalar(value))) + "b"
            var buffer = JSONLineBuffer(capacity: 16)
            buffer.string(text)
            let expected = try Self.encoder().encode([text])  // ["…"]
            #expect(Array(expected.dropFirst().dropLast()) == buffer.bytes, "byte \(value)")
        }
    }

    @Test("Timestamps read back as the same microseconds", arguments: timestamps)
    func timestampRoundTrip(micros: Int64) {
        let timestamp = ArchiveTimestamp(microseconds: micros)
        if micros >= -62_135_596_800_000_000 && micros <= 253_402_300_799_999_999 {  // years 1…9999
            #expect(ArchiveTimestamp(rfc3339: timestamp.description) == timestamp)
        }
        var bytes: [UInt8] = []
        timestamp.appendRFC3339(to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == timestamp.description)
        #expect(timestamp.description == Self.formatted(micros))
    }

    /// The `String(format:)` spelling the digit-by-digit formatter replaced.
    static func formatted(_ microseconds: Int64) -> String {
        var seconds = microseconds / 1_000_000
        var fraction = microseconds % 1_000_000
        if fraction < 0 { fraction += 1_000_000; seconds -= 1 }
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = CivilDate.civilFromDays(Int(days))
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", year, month, day,
                      secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60, Int(fraction))
    }
}
