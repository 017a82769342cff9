import Foundation
import Testing
import ZipArchive

/// What Info-ZIP, Python's zipfile and 7-Zip write, we read byte for byte.
@Suite struct InteropReadTests {
    /// A small tree of files: text, binary, empty, unicode name, nested folder.
    static func makeTree(in directory: TemporaryDirectory) throws -> [String: [UInt8]] {
        let files: [String: [UInt8]] = [
            "tree/orders.xml": TestData.xmlLike(count: 300_000, seed: 3),
            "tree/noise.bin": TestData.random(count: 100_000, seed: 4),
            "tree/empty.txt": [],
            "tree/Ünïcödé 日本語.txt": Array("unicode ✓\n".utf8),
            "tree/sub/deeper/note.txt": Array("a note\n".utf8),
        ]
        for (name, bytes) in files { try directory.write(name, bytes) }
        return files
    }

    /// Reads `path` with our reader and checks every file of `files` is there with its bytes.
    static func expectReadable(_ path: String, files: [String: [UInt8]], prefix: String = "") throws {
        let reader = try ZipReader(source: ZipFileSource(path: path))
        #expect(try reader.validate().entryCount == reader.entryCount)
        for (name, bytes) in files {
            let entry = try #require(try reader.entry(named: prefix + name), "\(name) missing in \(path)")
            #expect(try reader.contents(of: entry) == bytes, "\(name) in \(path)")
        }
    }

    @Test(.enabled(if: Tools.isInstalled("zip"), "needs Info-ZIP zip (apt: zip)"))
    func readsInfoZIPArchives() throws {
        let directory = try TemporaryDirectory("infozip")
        let files = try Self.makeTree(in: directory)
        let variants: [(String, [String])] = [
            ("deflated.zip", ["-q", "-r", "deflated.zip", "tree"]),
            ("stored.zip", ["-q", "-0", "-r", "stored.zip", "tree"]),
            ("zip64.zip", ["-q", "-fz", "-r", "zip64.zip", "tree"]),
        ]
        for (name, arguments) in variants {
            let result = try Tools.run("zip", arguments, in: directory.path)
            #expect(result.status == 0, "zip \(arguments): \(result.stderr)")
            try Self.expectReadable(directory.file(name), files: files)
        }
        // Written to a pipe, zip cannot seek back: data descriptors (bit 3).
        let streamed = try Tools.run("sh", ["-c", "zip -q -r - tree > streamed.zip"], in: directory.path)
        #expect(streamed.status == 0, "\(streamed.stderr)")
        try Self.expectReadable(directory.file("streamed.zip"), files: files)
    }

    @Test(.enabled(if: Tools.isInstalled("python3"), "needs python3"))
    func readsPythonZipfileArchives() throws {
        let directory = try TemporaryDirectory("python")
        let files = try Self.makeTree(in: directory)
        let script = """
            import os, sys, zipfile
            def build(target, method, force64):
                with zipfile.ZipFile(target, "w", method) as z:
                    for root, dirs, names in os.walk("tree"):
                        for name in sorted(names):
                            path = os.path.join(root, name)
                            with open(path, "rb") as f, z.open(path, "w", force_zip64=force64) as out:
                                out.write(f.read())
            build("stored.zip", zipfile.ZIP_STORED, False)
            build("deflated.zip", zipfile.ZIP_DEFLATED, False)
            build("zip64.zip", zipfile.ZIP_DEFLATED, True)
            # An unseekable output makes zipfile use data descriptors.
            class Pipe:
                def __init__(self, f): self.f = f
                def write(self, b): return self.f.write(b)
                def flush(self): self.f.flush()
            with open("streamed.zip", "wb") as raw:
                with zipfile.ZipFile(Pipe(raw), "w", zipfile.ZIP_DEFLATED) as z:
                    for root, dirs, names in os.walk("tree"):
                        for name in sorted(names):
                            path = os.path.join(root, name)
                            with open(path, "rb") as f, z.open(path, "w", force_zip64=True) as out:
                                out.write(f.read())
            """
        let result = try Tools.run("python3", ["-c", script], in: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["stored.zip", "deflated.zip", "zip64.zip", "streamed.zip"] {
            try Self.expectReadable(directory.file(name), files: files)
        }
        // force_zip64 really wrote ZIP64 local fields: the local header's sizes are the 0xFFFFFFFF marker.
        let zip64 = try directory.read("zip64.zip")
        #expect(zip64[18..<26].allSatisfy { $0 == 0xFF })
    }

    @Test(.enabled(if: Tools.isInstalled("7z"), "needs 7-Zip (apt: p7zip-full)"))
    func readsSevenZipArchives() throws {
        let directory = try TemporaryDirectory("7zip")
        let files = try Self.makeTree(in: directory)
        for (name, level) in [("deflated.zip", "-mx5"), ("stored.zip", "-mx0"), ("fast.zip", "-mx1")] {
            let result = try Tools.run("7z", ["a", "-tzip", level, name, "tree"], in: directory.path)
            #expect(result.status == 0, "7z a \(name): \(result.stdout.suffix(400))")
            try Self.expectReadable(directory.file(name), files: files)
        }
        // Deflate64 (method 9) is not one we accept: refused by name, not misread.
        let result = try Tools.run("7z", ["a", "-tzip", "-mm=Deflate64", "d64.zip", "tree"], in: directory.path)
        #expect(result.status == 0)
        let error = try #require(throws: ZipError.self) {
            try ZipReader(source: ZipFileSource(path: directory.file("d64.zip")))
        }
        #expect(error.code == .unsupportedMethod)
        #expect(error.message.contains("method 9"))
    }
}
