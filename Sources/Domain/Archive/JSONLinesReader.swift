import Foundation
import ZipArchive

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a ZIP entry's bytes into lines (JSON Lines), pulling them from the entry as needed.
///
/// Memory: one buffer of `maxLine` + 64 KiB. A line longer than `maxLine` is refused (a hostile archive could
/// otherwise make one line the size of the entry). Blank lines are skipped; a `\r` before `\n` is dropped; the
/// last line may lack its `\n`. Newlines are found with `memchr`, not byte by byte.
///
/// A final class rather than a `~Copyable` struct: the Swift 6.3 compiler can skip the `deinit` of a generic
/// non-copyable struct (Tests/Fuzz/README.md, finding 3), which would leak the buffer; a class's always runs.
final class JSONLinesReader<Source: ZipByteSource> {
    private let stream: ZipEntryReader<Source>
    private let entryName: String
    private let maxLine: Int
    private let buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var finished = false
    /// The 1-based number of the line last returned.
    private(set) var lineNumber = 0

    init(stream: ZipEntryReader<Source>, entryName: String, maxLine: Int = ArchiveFormat.maxMetadataLine) {
        self.stream = stream
        self.entryName = entryName
        self.maxLine = maxLine
        buffer = .allocate(byteCount: maxLine + (64 << 10), alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// The next non-blank line without its line break, or nil at the end of the entry (which is then verified).
    /// The bytes are the reader's buffer: valid until the next call, not copied.
    /// - Throws: ``ArchiveError`` for an over-long line or a fault of the entry; the source's errors unchanged.
    func next() throws -> UnsafeRawBufferPointer? {
        while true {
            if let line = try takeLine() {
                if line.isEmpty { continue }
                return line
            }
            if finished {
                guard start < end else { return nil }
                let line = UnsafeRawBufferPointer(rebasing: buffer[start..<end])
                start = end
                lineNumber += 1
                return line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) ? nil : line
            }
            try fill()
        }
    }

    /// A complete line from the buffer, if it holds one.
    private func takeLine() throws -> UnsafeRawBufferPointer? {
        guard start < end, let base = buffer.baseAddress,
              let found = memchr(base + start, 0x0A, end - start) else { return nil }
        let newline = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
        var lineEnd = newline
        if newline - start > maxLine { throw tooLong() }
        if lineEnd > start, buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        let line = UnsafeRawBufferPointer(rebasing: buffer[start..<lineEnd])
        start = newline + 1
        lineNumber += 1
        return line
    }

    private func tooLong() -> ArchiveError {
        .invalid("Entry '\(entryName)' line \(lineNumber + 1) is longer than \(maxLine / 1024) KiB, the most a metadata line may have.")
    }

    private func fill() throws {
        if end - start > maxLine { throw tooLong() }
        if start > 0 {
            let count = end - start
            if count > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: count) }
            start = 0
            end = count
        }
        let read = try ArchiveReaderErrors.mapZip {
            try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
        }
        if read == 0 && stream.isFinished { finished = true }
        end += read
    }
}

@available(*, unavailable, message: "Reads one entry on one thread.")
extension JSONLinesReader: Sendable {}
