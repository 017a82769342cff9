import Foundation
import Testing
import ZipArchive

/// Every rule of the archive contract's "Reading an archive that came from outside", one archive each
/// (Fixtures/hostile, made by make-fixtures.py), refused with its own code.
@Suite struct HostileArchiveTests {
    enum Phase { case open, read }

    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var code: ZipError.Code
        /// When the fault shows: opening (central directory) or reading the entry.
        var phase: Phase
        /// True if the message must name an entry.
        var namesEntry = true
        var testDescription: String { "\(file) → \(code)" }
    }

    static let cases: [Case] = [
        Case(file: "not-a-zip.zip", code: .notAZip, phase: .open, namesEntry: false),
        Case(file: "empty-file.zip", code: .notAZip, phase: .open, namesEntry: false),
        Case(file: "truncated-half.zip", code: .truncated, phase: .open, namesEntry: false),
        Case(file: "truncated-end-record.zip", code: .truncated, phase: .open, namesEntry: false),
        Case(file: "directory-outside-file.zip", code: .outOfBounds, phase: .open, namesEntry: false),
        Case(file: "entry-offset-outside.zip", code: .outOfBounds, phase: .open),
        Case(file: "compressed-size-outside.zip", code: .outOfBounds, phase: .open),
        Case(file: "bad-local-signature.zip", code: .badSignature, phase: .read),
        Case(file: "bad-central-signature.zip", code: .badSignature, phase: .open, namesEntry: false),
        Case(file: "bad-zip64-end-record.zip", code: .badSignature, phase: .open, namesEntry: false),
        Case(file: "overlapping-entries.zip", code: .overlappingEntries, phase: .open),
        Case(file: "entry-overlaps-directory.zip", code: .overlappingEntries, phase: .open),
        Case(file: "local-extra-overlaps-next.zip", code: .overlappingEntries, phase: .read),
        Case(file: "local-name-mismatch.zip", code: .headerMismatch, phase: .read),
        Case(file: "local-method-mismatch.zip", code: .headerMismatch, phase: .read),
        Case(file: "local-size-mismatch.zip", code: .headerMismatch, phase: .read),
        Case(file: "local-crc-mismatch.zip", code: .headerMismatch, phase: .read),
        Case(file: "local-flags-mismatch.zip", code: .headerMismatch, phase: .read),
        Case(file: "descriptor-mismatch.zip", code: .headerMismatch, phase: .read),
        Case(file: "name-empty.zip", code: .invalidName, phase: .open),
        Case(file: "name-absolute.zip", code: .invalidName, phase: .open),
        Case(file: "name-drive-letter.zip", code: .invalidName, phase: .open),
        Case(file: "name-dotdot.zip", code: .invalidName, phase: .open),
        Case(file: "name-dot.zip", code: .invalidName, phase: .open),
        Case(file: "name-empty-segment.zip", code: .invalidName, phase: .open),
        Case(file: "name-backslash.zip", code: .invalidName, phase: .open),
        Case(file: "name-nul.zip", code: .invalidName, phase: .open),
        Case(file: "name-control.zip", code: .invalidName, phase: .open),
        Case(file: "name-c1-control.zip", code: .invalidName, phase: .open),
        Case(file: "name-invalid-utf8.zip", code: .invalidName, phase: .open),
        Case(file: "name-overlong-utf8.zip", code: .invalidName, phase: .open),
        Case(file: "duplicate-names.zip", code: .duplicateName, phase: .open),
        Case(file: "duplicate-file-and-folder.zip", code: .duplicateName, phase: .open),
        Case(file: "encrypted.zip", code: .encrypted, phase: .open),
        Case(file: "strong-encryption.zip", code: .encrypted, phase: .open),
        Case(file: "aes-encryption.zip", code: .encrypted, phase: .open),
        Case(file: "method-bzip2.zip", code: .unsupportedMethod, phase: .open),
        Case(file: "method-lzma.zip", code: .unsupportedMethod, phase: .open),
        Case(file: "crc-mismatch.zip", code: .crcMismatch, phase: .read),
        Case(file: "size-mismatch-short.zip", code: .sizeMismatch, phase: .read),
        Case(file: "size-mismatch-long.zip", code: .sizeMismatch, phase: .read),
        Case(file: "stored-sizes-disagree.zip", code: .sizeMismatch, phase: .open),
        Case(file: "corrupt-deflate.zip", code: .corruptData, phase: .read),
        Case(file: "deflate-cut-short.zip", code: .corruptData, phase: .read),
        Case(file: "count-too-high.zip", code: .malformedRecord, phase: .open, namesEntry: false),
        Case(file: "multi-disk.zip", code: .unsupportedFeature, phase: .open, namesEntry: false),
        Case(file: "folder-with-data.zip", code: .malformedRecord, phase: .open),
        Case(file: "central-extra-malformed.zip", code: .malformedRecord, phase: .open),
        Case(file: "zip64-extra-missing.zip", code: .malformedRecord, phase: .open),
    ]

    @Test(arguments: cases)
    func hostileArchiveIsRefusedWithItsCode(_ hostile: Case) throws {
        let source = try ZipFileSource(path: Fixtures.path("hostile/" + hostile.file))
        let error = try #require(throws: ZipError.self) {
            let reader = try ZipReader(source: source)
            if hostile.phase == .open { Issue.record("\(hostile.file) was accepted when opened") }
            try reader.validate()
        }
        #expect(error.code == hostile.code, "\(hostile.file): \(error.message)")
        #expect(error.message.hasSuffix("."), "a sentence: \(error.message)")
        if hostile.namesEntry {
            #expect(error.entryName != nil, "\(hostile.file): \(error.message)")
            #expect(error.message.contains("offset"), "\(hostile.file): \(error.message)")
            #expect(error.offset != nil)
        }
    }

    @Test(arguments: ["valid.zip", "zip64-end-records.zip", "descriptor-unsigned.zip"])
    func controlArchivesBuiltTheSameWayAreAccepted(_ file: String) throws {
        let reader = try ZipReader(source: ZipFileSource(path: Fixtures.path("hostile/" + file)))
        #expect(try reader.validate().entryCount == 3)
        let text = try reader.contents(of: reader.requireEntry(named: "content/Orders/x"))
        #expect(text == Array(String(repeating: "<order id='1'>Jane's first order</order>\n", count: 40).utf8))
    }

    @Test func messagesReadAsSentencesNamingEntryAndOffset() throws {
        let error = try #require(throws: ZipError.self) {
            try ZipReader(source: ZipFileSource(path: Fixtures.path("hostile/size-mismatch-short.zip"))).validate()
        }
        #expect(error.message == "Entry 'content/Orders/x' at offset 66 is 1,640 bytes but its header says 1,740.")
        let nameError = try #require(throws: ZipError.self) {
            try ZipReader(source: ZipFileSource(path: Fixtures.path("hostile/name-control.zip")))
        }
        #expect(
            nameError.message.contains("'content/x\\u{a}y'"),
            "control characters are escaped: \(nameError.message)"
        )
    }
}
