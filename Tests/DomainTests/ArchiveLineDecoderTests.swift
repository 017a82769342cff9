@testable import Domain
import Foundation
import Testing
import TestSupport

/// The hand-written line decoders against `JSONDecoder`, which they replace: the same values, and the same
/// sentence for every fault — except JSON that `JSONDecoder` let through, which they refuse as not valid JSON.
@Suite struct ArchiveLineDecoderTests {
    static let item = #"{"path":"/Orders/Order Service","kind":"service","contentType":"application/xml","size":2048,"sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","createdAt":"2021-03-11T15:47:11.123456Z","updatedAt":"2021-03-12T08:00:00.000001Z","entry":"content/Orders/Order Service"}"#
    static let folder = #"{"path":"/Orders","permissions":[{"principal":"group:designers","access":"read"},{"principal":"user:jane","access":"admin"}],"createdAt":"2021-03-11T15:47:11.123456Z","updatedAt":"2021-03-11T15:47:11.123456Z"}"#

    /// What a decoder made of a line: the value, or the sentence its fault becomes.
    enum Outcome<Line: Equatable>: Equatable {
        case value(Line)
        case fault(String)
    }

    static func old<Line: Decodable & Equatable>(_ type: Line.Type, _ text: [UInt8]) -> Outcome<Line> {
        do { return .value(try JSONDecoder().decode(Line.self, from: Data(text))) } catch let error as DecodingError {
            return .fault(error.archiveSentence)
        } catch { return .fault("\(error)") }
    }

    static func new<Line: ArchiveLine & Equatable>(_ type: Line.Type, _ text: [UInt8]) -> Outcome<Line> {
        do { return .value(try text.withUnsafeBytes { try Line.decodeLine($0) }) } catch let error as DecodingError {
            return .fault(error.archiveSentence)
        } catch { return .fault("\(error)") }
    }

    static let notJSON = "is not valid JSON."

    /// Same outcome, or the new decoder is stricter about JSON itself.
    static func expectAgree<Line: Decodable & ArchiveLine & Equatable>(
        _ type: Line.Type, _ text: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
    ) -> Bool {
        let before = old(type, text)
        let after = new(type, text)
        if before == after { return true }
        #expect(after == .fault(notJSON), "\(String(decoding: text, as: UTF8.self)): \(before) became \(after)",
                sourceLocation: sourceLocation)
        return false
    }

    @Test("Valid lines decode to what JSONDecoder made of them")
    func validLines() {
        #expect(Self.new(ArchiveItem.self, Array(Self.item.utf8)) == Self.old(ArchiveItem.self, Array(Self.item.utf8)))
        #expect(Self.new(ArchiveFolder.self, Array(Self.folder.utf8)) == Self.old(ArchiveFolder.self, Array(Self.folder.utf8)))
        guard case .value(let item) = Self.new(ArchiveItem.self, Array(Self.item.utf8)) else {
            Issue.record("the sample item line was refused")
            return
        }
        #expect(item.size == 2048 && item.kind == .service && item.path == "/Orders/Order Service")
    }

    @Test("Faults of fields, types, escapes and numbers read as JSONDecoder's did", arguments: [
        #"{"path":"/a","kind":"file","contentType":"a/b","size":1.0,"sha256":"x","createdAt":"2021-03-11T15:47:11Z","updatedAt":"2021-03-11T15:47:11Z","entry":"content/a"}"#,
        #"{"path":"/a","kind":"file","contentType":"a/b","size":1e2,"sha256":"x","createdAt":"2021-03-11T15:47:11Z","updatedAt":"2021-03-11T15:47:11Z","entry":"content/a"}"#,
        #"{"path":"/a","kind":"file","contentType":"a/b","size":100e-2,"sha256":"x","createdAt":"2021-03-11T15:47:11Z","updatedAt":"2021-03-11T15:47:11Z","entry":"content/a"}"#,
        #"{"path":"/a","kind":"file","contentType":"a/b","size":-0,"sha256":"x","createdAt":"2021-03-11T15:47:11Z","updatedAt":"2021-03-11T15:47:11Z","entry":"content/a"}"#,
        #"{"path":"/a","kind":"file","contentType":"a/b","size":1.5,"sha256":"x","createdAt":"2021-03-11T15:47:11Z","updatedAt":"2021-03-11T15:47:11Z","entry":"content/a"}"#,
        #"{"path":"/a","kind":"file","contentType":"a/b","size":9223372036854775807,"sha256":"x","createdAt":"2021-03-11T15:47:11Z","updatedAt":"2021-03-11T15:47:11Z","entry":"content/a"}"#,
        #"{"path":"/a","kind":"file","contentType":"a/b","size":9223372036854775808,"sha256":"x","createdAt":"2021-03-11T15:47:11Z","updatedAt":"2021-03-11T15:47:11Z","entry":"content/a"}"#,
        #"{"path":"/a","kind":"file","contentType":"a/b","size":-9223372036854775808,"sha256":"x","createdAt":"2021-03-11T15:47:11Z","updatedAt":"2021-03-11T15:47:11Z","entry":"content/a"}"#,
        #"{"path":"/a","kind":"file","contentType":"a/b","size":"1","sha256":"x","createdAt":"2021-03-11T15:47:11Z","updatedAt":"2021-03-11T15:47:11Z","entry":"content/a"}"#,
        #"{"path":"/a","kind":"file","contentType":"a/b","size":null,"sha256":"x","createdAt":"2021-03-11T15:47:11Z","updatedAt":"2021-03-11T15:47:11Z","entry":"content/a"}"#,
        #"{"path":"/a","kind":"spaceship","contentType":"a/b","size":1,"sha256":"x","createdAt":"2021-03-11T15:47:11Z","updatedAt":"2021-03-11T15:47:11Z","entry":"content/a"}"#,
        #"{"path":"/a","kind":1,"contentType":"a/b","size":1,"sha256":"x","createdAt":"2021-03-11T15:47:11Z","updatedAt":"2021-03-11T15:47:11Z","entry":"content/a"}"#,
        #"{"path":"/a","kind":"file","contentType":"a/b","size":1,"sha256":"x","createdAt":"yesterday","updatedAt":"2021-03-11T15:47:11Z","entry":"content/a"}"#,
        #"{"path":"/a","kind":"file","contentType":"a/b","size":1,"sha256":"x","createdAt":"2021-03-11T15:47:11Z","updatedAt":7,"entry":"content/a"}"#,
        #"{"path":"/a","kind":"file","contentType":"a/b","size":1,"sha256":"x","createdAt":"2021-03-11T15:47:11Z","updatedAt":"2021-03-11T15:47:11Z"}"#,
        #"{"size":"a","kind":"file"}"#,
        #"{"path":"/\ud83d\ude00\u00e9\/\b\f\n\r\t\"\\","kind":"file","contentType":"a/b","size":1,"sha256":"x","createdAt":"2021-03-11T15:47:11Z","updatedAt":"2021-03-11T15:47:11Z","entry":"content/a"}"#,
        #"{"pa\u0074h":"/a","path":"/b","kind":"file","contentType":"a/b","size":1,"sha256":"x","createdAt":"2021-03-11T15:47:11Z","updatedAt":"2021-03-11T15:47:11Z","entry":"content/a","x":[[{"y":[1,-2.5e3,true,null]}]]}"#,
        #"{"path":"/\ud800","kind":"file"}"#, #"{"path":"/\x"}"#, "{\"path\":\"/\u{01}\"}", "{\"path\":\"/\u{7F}\"}",
        "[1]", "\"x\"", "1", "null", "{}", "", " ", "{\"path\":\"/a\"} x", "{\"path\":\"/a\"", "{\"path\" \"/a\"}",
        " \t{\"path\":1}\t ", #"{"path":"/a","x":tru}"#, #"{"path":"/a","x":01}"#, #"{"path":"/a","x":-}"#,
    ])
    func itemFaults(_ line: String) {
        _ = Self.expectAgree(ArchiveItem.self, Array(line.utf8))
    }

    @Test("Folder faults: permissions of the wrong shape, unknown access, missing members", arguments: [
        #"{"path":"/a","permissions":{},"createdAt":"2021-03-11T15:47:11Z","updatedAt":"2021-03-11T15:47:11Z"}"#,
        #"{"path":"/a","permissions":null,"createdAt":"2021-03-11T15:47:11Z","updatedAt":"2021-03-11T15:47:11Z"}"#,
        #"{"path":"/a","permissions":[1],"createdAt":"2021-03-11T15:47:11Z","updatedAt":"2021-03-11T15:47:11Z"}"#,
        #"{"path":"/a","permissions":[null],"createdAt":"2021-03-11T15:47:11Z","updatedAt":"2021-03-11T15:47:11Z"}"#,
        #"{"path":"/a","permissions":[{"principal":"x"}],"createdAt":"2021-03-11T15:47:11Z","updatedAt":"2021-03-11T15:47:11Z"}"#,
        #"{"path":"/a","permissions":[{"principal":"x","access":"read"},{"principal":2,"access":"nope"}],"createdAt":"2021-03-11T15:47:11Z","updatedAt":"2021-03-11T15:47:11Z"}"#,
        #"{"path":"/a","permissions":[{"principal":"x","access":"owner"}],"createdAt":"2021-03-11T15:47:11Z","updatedAt":"2021-03-11T15:47:11Z"}"#,
        #"{"path":"/a","permissions":[],"createdAt":"2021-03-11T15:47:11Z"}"#,
    ])
    func folderFaults(_ line: String) {
        _ = Self.expectAgree(ArchiveFolder.self, Array(line.utf8))
    }

    @Test("JSON that JSONDecoder let through is refused as not valid JSON", arguments: [
        "{\"path\":\"/a\",}", "\u{FEFF}{\"path\":\"/a\"}", #"{"path":"/a","x":01}"#,
    ])
    func stricterThanJSONDecoder(_ line: String) {
        #expect(Self.new(ArchiveItem.self, Array(line.utf8)) == .fault(Self.notJSON))
    }

    @Test("Nesting deeper than 512 levels is refused, not a stack overflow")
    func deepNesting() {
        let deep = "{\"x\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        #expect(Self.new(ArchiveItem.self, Array(deep.utf8)) == .fault(Self.notJSON))
    }

    @Test("Invalid UTF-8 anywhere in a line is not valid JSON")
    func invalidUTF8() {
        for bad: [UInt8] in [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF]] {
            let line = Array(#"{"path":"/a"#.utf8) + bad + Array(#"","x":1}"#.utf8)
            #expect(Self.new(ArchiveItem.self, line) == .fault(Self.notJSON))
            #expect(Self.old(ArchiveItem.self, line) == .fault(Self.notJSON))
        }
    }

    @Test("Thousands of mutated lines: the same outcome as JSONDecoder, or stricter about JSON")
    func mutatedLines() {
        var random = SeededGenerator(state: 8)
        var stricter = 0
        var total = 0
        let alphabet = Array(#"{}[]":,\ 0123456789.eE+-tfnul/ax"#.utf8) + [0x00, 0x0A, 0xC3, 0xA9, 0xFF]
        for (base, isItem) in [(Self.item, true), (Self.folder, false)] {
            for _ in 0..<3000 {
                var bytes = Array(base.utf8)
                for _ in 0..<(1 + Int(random.next() % 3)) {
                    let at = Int(random.next() % UInt64(bytes.count))
                    let byte = alphabet[Int(random.next() % UInt64(alphabet.count))]
                    switch random.next() % 3 {
                    case 0: bytes.remove(at: at)
                    case 1: bytes.insert(byte, at: at)
                    default: bytes[at] = byte
                    }
                }
                total += 1
                let agreed = isItem ? Self.expectAgree(ArchiveItem.self, bytes) : Self.expectAgree(ArchiveFolder.self, bytes)
                if !agreed { stricter += 1 }
            }
        }
        #expect(stricter < total / 10, "\(stricter) of \(total) mutated lines were refused where JSONDecoder took them")
    }
}
