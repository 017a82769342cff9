@testable import Domain
import Testing

@Suite("Stored paths checked by bytes, and the path index")
struct ContentPathStoredTests {
    /// Valid and invalid paths of every rule, including the C1 range and its neighbours in UTF-8.
    static let samples: [String] = [
        "/a", "/a/b", "/Orders/Order Service", "/名前/Ünïcödé/🚀", "/.../.hidden/x.", "/a\u{A0}b", "/\u{7E}",
        "", "/", "a/b", "//a", "/a//b", "/a/", "/.", "/..", "/a/./b", "/a/../b", "/a\u{0}b", "/a\u{1F}",
        "/a\u{7F}", "/a\u{80}", "/a\u{9F}z", "/\u{A0}", "/ok/\u{85}", "/" + String(repeating: "x", count: 255),
        "/" + String(repeating: "x", count: 256), "/" + String(repeating: "é", count: 128),
        String(repeating: "/" + String(repeating: "y", count: 200), count: 10),
        String(repeating: "/" + String(repeating: "y", count: 200), count: 11),
    ]

    @Test("check(stored:) accepts and refuses exactly what init(parsing:) does, with the same error")
    func agreesWithTheParser() {
        for text in Self.samples {
            let parsed = Result { () throws(NameError) in try ContentPath(parsing: text) }
            let checked = Result { () throws(NameError) in try ContentPath.check(stored: text) }
            switch (parsed, checked) {
            case (.success, .success): break
            case (.failure(let expected), .failure(let actual)):
                #expect(actual == expected, "\(text.debugDescription)")
            default:
                Issue.record("\(text.debugDescription): parser \(parsed), check \(checked)")
            }
        }
    }

    @Test("Conflicts: the same path twice, folder and item on one path, an item above anything")
    func conflicts() throws {
        var index = ContentPathIndex()
        try index.addFolder(stored: "/a")
        try index.addItem(stored: "/a/b/c")
        try index.addItem(stored: "/a/b/d")
        #expect(throws: ContentError.self) { try index.addFolder(stored: "/a") }
        #expect(throws: ContentError.self) { try index.addItem(stored: "/a/b") }    // an implied folder
        #expect(throws: ContentError.self) { try index.addItem(stored: "/a/b/c") }  // twice
        #expect(throws: ContentError.self) { try index.addFolder(stored: "/a/b/c") }
        #expect(throws: ContentError.self) { try index.addItem(stored: "/a/b/c/x/y") }  // under an item
        try index.addFolder(stored: "/a/b")  // listed after its items: no longer implied
        #expect(index.missingFolders.isEmpty)
    }

    @Test("An item under an item is named with the ancestor, whatever the order")
    func itemUnderItem() throws {
        var index = ContentPathIndex()
        try index.addItem(stored: "/p/q")
        do {
            try index.addItem(stored: "/p/q/r/s")
            Issue.record("an item under an item was accepted")
        } catch let ContentError.pathConflict(path, _, conflicting, existing) {
            #expect(path == "/p/q/r/s")
            #expect(conflicting == "/p/q")
            #expect(existing == .item)
        }
    }

    @Test("Missing enclosing folders, sorted by bytes, each once")
    func missingFolders() throws {
        var index = ContentPathIndex()
        for path in ["/z/1", "/z/2", "/b/c/d/e", "/b/c/x", "/b/c/d/f", "/é/1", "/e\u{301}/1", "/top"] {
            try index.addItem(stored: path)
        }
        try index.addFolder(stored: "/b/c")
        #expect(index.missingFolders == ["/b", "/b/c/d", "/e\u{301}", "/z", "/é"])
    }
}
