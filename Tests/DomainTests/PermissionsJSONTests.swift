@testable import Domain
import Foundation
import Testing

/// The `folders.permissions` column's text is written by ``JSONLineBuffer``, as `folders.jsonl`'s permissions are:
/// it must be, byte for byte, what `JSONEncoder` (sorted keys, slashes unescaped) wrote before, and read back whole.
@Suite struct PermissionsJSONTests {
    static func permissionSets(_ text: String) -> [[Permission]] {
        [
            [],
            Access.allCases.map { Permission(principal: text, access: $0) },
            [Permission(principal: "group:designers", access: .write), Permission(principal: text, access: .admin),
             Permission(principal: "user:a/b \"c\" \\d", access: .read),
             Permission(principal: "group:designers", access: .write)],  // duplicates are kept as given
            [Permission(principal: "x" + text + "y", access: .read)],
        ]
    }

    @Test("PermissionsJSON.encode equals JSONEncoder's output and decodes back",
          arguments: JSONLineEncodingTests.strings)
    func sameAsJSONEncoder(text: String) throws {
        for permissions in Self.permissionSets(text) {
            let expected = String(decoding: try JSONLineEncodingTests.encoder().encode(permissions), as: UTF8.self)
            let encoded = PermissionsJSON.encode(permissions)
            #expect(encoded == expected)
            #expect(try PermissionsJSON.decode(encoded) == permissions)
        }
    }

    @Test("Every character below 0x80 in a principal is written as JSONEncoder writes it")
    func everyASCIICharacter() throws {
        for value in UInt8(0)...0x7F {
            let permissions = [Permission(principal: "a" + String(Character(Unicode.Scalar(value))) + "b", access: .read)]
            let expected = String(decoding: try JSONLineEncodingTests.encoder().encode(permissions), as: UTF8.self)
            #expect(PermissionsJSON.encode(permissions) == expected, "byte \(value)")
        }
    }
}
