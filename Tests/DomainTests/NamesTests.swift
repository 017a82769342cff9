import Domain
import Testing

@Suite("Namespace and backup names")
struct NamesTests {
    @Test("Names from real use are kept as given", arguments: [
        "ACME Corp.", "Jane's Services", "designer_testspace", "Examples and Tutorials", "100% done", "Ünïcödé 名前 🚀",
        "a", "..", ".", "a/b", "%2F",
    ])
    func realNamesAreAccepted(_ raw: String) throws {
        #expect(try NamespaceName(raw).value == raw)
        #expect(try BackupName(raw).value == raw)
    }

    @Test("Surrounding white space is trimmed, inner white space kept")
    func trimming() throws {
        #expect(try NamespaceName("  Jane's Services \t\n").value == "Jane's Services")
        #expect(try NamespaceName("\u{00A0}\u{3000}ACME  Corp.\u{2003}").value == "ACME  Corp.")
        #expect(try BackupName(" first backup ").value == "first backup")
    }

    @Test("Blank or missing names are name_required", arguments: ["", " ", "\t\n ", "\u{00A0}\u{3000}"])
    func blankNames(_ raw: String) {
        let error = #expect(throws: NameError.self) { try NamespaceName(raw) }
        #expect(error?.code == .nameRequired)
        #expect(error?.rule == .blank)
        #expect(error?.message.contains("namespace name is required") == true)
        let backup = #expect(throws: NameError.self) { try BackupName(raw) }
        #expect(backup?.code == .nameRequired)
        #expect(backup?.subject == .backupName)
    }

    @Test func missingNameIsRequired() {
        #expect((#expect(throws: NameError.self) { try NamespaceName(nil as String?) })?.code == .nameRequired)
        #expect((#expect(throws: NameError.self) { try BackupName(nil as String?) })?.code == .nameRequired)
    }

    @Test("Length limits count characters (Unicode scalars) after trimming")
    func lengthLimits() throws {
        #expect(try NamespaceName(String(repeating: "x", count: 100)).value.count == 100)
        #expect(try NamespaceName("  " + String(repeating: "ä", count: 100) + "  ").value.unicodeScalars.count == 100)
        let error = #expect(throws: NameError.self) { try NamespaceName(String(repeating: "ä", count: 101)) }
        #expect(error?.code == .invalidName)
        #expect(error?.rule == .tooManyCharacters(limit: 100, actual: 101))
        #expect(error?.message.contains("101 characters") == true)

        #expect(try BackupName(String(repeating: "b", count: 200)).value.count == 200)
        let backup = #expect(throws: NameError.self) { try BackupName(String(repeating: "b", count: 201)) }
        #expect(backup?.rule == .tooManyCharacters(limit: 200, actual: 201))
    }

    @Test("Control characters inside a name are refused and named", arguments: [
        ("a\u{0}b", UInt32(0), 2), ("ab\u{7}", 7, 3), ("a\nb", 10, 2), ("\u{7F}x", 0x7F, 1), ("x\u{85}y", 0x85, 2),
        ("x\u{9F}", 0x9F, 2),
    ])
    func controlCharacters(_ raw: String, _ scalar: UInt32, _ position: Int) {
        let error = #expect(throws: NameError.self) { try NamespaceName(raw) }
        #expect(error?.code == .invalidName)
        #expect(error?.rule == .controlCharacter(scalar: scalar, position: position))
        // The message names the character and never contains it raw.
        #expect(error?.message.contains("U+") == true)
        #expect(error?.message.unicodeScalars.contains { $0.properties.generalCategory == .control } == false)
        #expect(throws: NameError.self) { try BackupName(raw) }
    }

    @Test("Format characters (Cf) are allowed: ZWJ emoji, ZWNJ, soft hyphen")
    func formatCharactersAllowed() throws {
        for raw in ["👩\u{200D}💻 team", "می\u{200C}خواهم", "soft\u{00AD}hyphen", "bidi\u{200E}mark"] {
            #expect(try NamespaceName(raw).value == raw)
        }
    }

    @Test("Names compare code point for code point: NFC and NFD spellings differ")
    func noNormalization() throws {
        let composed = try NamespaceName("Caf\u{E9}")
        let decomposed = try NamespaceName("Cafe\u{301}")
        #expect(composed != decomposed)
        #expect(Set([composed, decomposed]).count == 2)
    }
}
