// libFuzzer target for the ZIP reader: ZipReader over ZipMemorySource with tight ZipLimits.
//
// Built by scripts/fuzz into the ZipArchive module itself (swiftc -module-name ZipArchive
// Sources/ZipArchive/**/*.swift Tests/Fuzz/FuzzCheck.swift Tests/Fuzz/ZipReaderFuzz*.swift, with the CZlib module
// map), so it may use internal API. Not a SwiftPM target.
//
// Errors are expected for almost every input; what must hold:
// - nothing crashes, hangs, reads outside the input (AddressSanitizer) or allocates past -rss_limit_mb/-malloc_limit_mb;
// - only ZipError is thrown, and its message is a non-empty sentence without control characters;
// - an archive that opens obeys what the reader promises at open time: valid unique names, declared sizes within
//   the limits, stored entries with equal sizes, empty folders, entries inside the file; listing and lookup by
//   name agree;
// - validate() succeeds exactly when every entry reads successfully, and then its totals match the directory;
// - read(entry) never hands out more bytes than the entry declares, and a successful read has the declared size
//   and CRC-32 (computed here with zlib, independently of the reader);
// - a pull stream with a tiny buffer gives the same result (bytes or error code) as read(entry).

internal import CZlib

@_cdecl("LLVMFuzzerTestOneInput")
public func zipReaderFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ZipReaderFuzz.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

/// With NSB_FUZZ_WRITE_SEEDS=DIR in the environment, writes archives made by our own ZipWriter into DIR as seeds
/// and exits (scripts/fuzz does this once before fuzzing). libFuzzer calls this before anything else.
@_cdecl("LLVMFuzzerInitialize")
public func zipReaderFuzzInitialize(
    _ argc: UnsafeMutablePointer<CInt>?,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> CInt {
    ZipReaderFuzz.writeSeedsIfAsked()
    return 0
}

enum ZipReaderFuzz {
    /// Tight limits: small entries and totals so every input runs in milliseconds, and every limit is reachable.
    static let limits: ZipLimits = {
        var limits = ZipLimits()
        limits.maxEntries = 256
        limits.maxTotalUncompressedSize = 4 << 20
        limits.maxEntrySize = { name in name.hasSuffix(".json") ? 64 << 10 : 1 << 20 }
        limits.maxCompressionRatio = 1000
        limits.ratioExemptSize = 4096
        return limits
    }()

    /// Where the local header's fixed part ends (APPNOTE 4.3.7): no entry's data can start before offset + 30.
    static let localHeaderSize: Int64 = 30

    static func run(_ input: UnsafeRawBufferPointer) {
        let bytes = Array(input)
        let reader: ZipReader<ZipMemorySource>
        do {
            reader = try ZipReader(source: ZipMemorySource(bytes), limits: limits)
        } catch {
            checkError(error, "opening")
            return
        }
        let entries: [ZipEntry]
        do {
            entries = try reader.entries()
        } catch {
            fuzzFail("listing an archive that opened failed: \(error)")
        }
        checkDirectory(reader, entries, archiveSize: Int64(bytes.count))

        let validation = Result { try reader.validate() }
        var readFailures: [ZipEntry: ZipError.Code] = [:]
        for entry in entries {
            if let code = readChecked(reader, entry) { readFailures[entry] = code }
        }
        switch validation {
        case .success(let summary):
            fuzzCheck(readFailures.isEmpty, "validate() passed but reading \(readFailures) failed")
            fuzzCheck(summary.entryCount == entries.count, "validated \(summary.entryCount) of \(entries.count)")
            fuzzCheck(
                summary.totalSize == reader.declaredTotalSize,
                "validated \(summary.totalSize) bytes, the directory declares \(reader.declaredTotalSize)"
            )
            fuzzCheck(
                summary.totalCompressedSize == entries.reduce(0) { $0 + $1.compressedSize },
                "validated compressed total \(summary.totalCompressedSize) differs from the directory's"
            )
        case .failure(let error):
            checkError(error, "validate()")
            fuzzCheck(!readFailures.isEmpty, "validate() failed (\(error)) but every entry read fine")
        }

        var random = FuzzRandom(seed: input)
        for entry in entries.prefix(16) where entry.size <= 64 << 10 {
            streamChecked(reader, entry, bufferSize: random.upTo(97), expected: readFailures[entry])
        }
    }

    /// What opening promises about every entry.
    static func checkDirectory(_ reader: ZipReader<ZipMemorySource>, _ entries: [ZipEntry], archiveSize: Int64) {
        fuzzCheck(entries.count == reader.entryCount, "\(entries.count) entries listed, \(reader.entryCount) counted")
        fuzzCheck(entries.count <= limits.maxEntries, "\(entries.count) entries passed the limit")
        var declared: Int64 = 0
        var keys = Set<String>()
        var offsets = Set<Int64>()
        for entry in entries {
            let name = entry.name
            fuzzCheck(ZipNameRules.check(name) == nil, "entry name '\(name)' breaks the name rules")
            fuzzCheck(keys.insert(String(name.utf8.last == 0x2F ? name.dropLast() : name[...])).inserted, "duplicate '\(name)'")
            fuzzCheck(offsets.insert(entry.offset).inserted, "two entries at offset \(entry.offset)")
            fuzzCheck(entry.size >= 0 && entry.compressedSize >= 0, "negative size in '\(name)'")
            fuzzCheck(entry.size <= limits.maxEntrySize(name), "'\(name)' of \(entry.size) bytes passed its limit")
            fuzzCheck(
                entry.size <= limits.ratioExemptSize || entry.size <= entry.compressedSize * limits.maxCompressionRatio,
                "'\(name)' inflates \(entry.compressedSize) to \(entry.size), past the ratio"
            )
            fuzzCheck(entry.method != .stored || entry.size == entry.compressedSize, "stored '\(name)' changes size")
            fuzzCheck(!entry.isDirectory || entry.size == 0, "folder '\(name)' has \(entry.size) bytes")
            fuzzCheck(
                entry.offset >= 0 && entry.offset + localHeaderSize + entry.compressedSize <= archiveSize,
                "'\(name)' at \(entry.offset) (\(entry.compressedSize) bytes) is not inside \(archiveSize) bytes"
            )
            declared += entry.size
            let found = Result { try reader.entry(named: name) }
            fuzzCheck((try? found.get()) == entry, "looking up '\(name)' by name gives \(found)")
        }
        fuzzCheck(declared == reader.declaredTotalSize, "sizes add up to \(declared), not \(reader.declaredTotalSize)")
        fuzzCheck(declared <= limits.maxTotalUncompressedSize, "declared total \(declared) passed the limit")
    }

    /// Reads `entry` with `read(_:_:)`, checking size and CRC-32 independently; returns the error code on failure.
    static func readChecked(_ reader: ZipReader<ZipMemorySource>, _ entry: ZipEntry) -> ZipError.Code? {
        var produced: Int64 = 0
        var crc = crc32(0, nil, 0)
        do {
            try reader.read(entry) { chunk in
                produced += Int64(chunk.count)
                fuzzCheck(produced <= entry.size, "read handed out \(produced) bytes of '\(entry.name)' (\(entry.size))")
                crc = crc32(crc, chunk.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(chunk.count))
            }
        } catch {
            checkError(error, "reading '\(entry.name)'")
            return (error as? ZipError)?.code
        }
        fuzzCheck(produced == entry.size, "'\(entry.name)' read as \(produced) bytes, declared \(entry.size)")
        fuzzCheck(UInt32(crc) == entry.crc32, "'\(entry.name)' passed with CRC \(crc), declared \(entry.crc32)")
        return nil
    }

    /// Pulls `entry` through a tiny buffer; the outcome must be the one `read` had.
    static func streamChecked(
        _ reader: ZipReader<ZipMemorySource>,
        _ entry: ZipEntry,
        bufferSize: Int,
        expected: ZipError.Code?
    ) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 1)
        defer { buffer.deallocate() }
        var produced: Int64 = 0
        var crc = crc32(0, nil, 0)
        var calls: Int64 = 0
        do {
            let stream = try reader.makeStream(for: entry)
            while true {
                calls += 1
                fuzzCheck(
                    calls <= entry.size + entry.compressedSize + 64,
                    "stream of '\(entry.name)' makes no progress (\(calls) reads, \(produced) bytes)"
                )
                let count = try stream.read(into: buffer)
                fuzzCheck(count >= 0 && count <= bufferSize, "read returned \(count) for a \(bufferSize)-byte buffer")
                produced += Int64(count)
                fuzzCheck(produced <= entry.size, "stream handed out \(produced) bytes of '\(entry.name)'")
                crc = crc32(crc, buffer.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(count))
                if count == 0 && stream.isFinished { break }
            }
            let after = try stream.read(into: buffer)
            fuzzCheck(after == 0, "a finished stream gave \(after) more bytes")
        } catch {
            checkError(error, "streaming '\(entry.name)'")
            let code = (error as? ZipError)?.code
            fuzzCheck(code == expected, "streaming '\(entry.name)' failed with \(String(describing: code)), read with \(String(describing: expected))")
            return
        }
        fuzzCheck(expected == nil, "streaming '\(entry.name)' passed, read failed with \(String(describing: expected))")
        fuzzCheck(produced == entry.size && UInt32(crc) == entry.crc32, "stream of '\(entry.name)' differs from its header")
    }

    /// Only ZipError, with a sentence a person can read and a log can hold.
    static func checkError(_ error: any Error, _ doing: String) {
        guard let error = error as? ZipError else { fuzzFail("\(doing) threw a non-ZipError: \(error)") }
        fuzzCheck(!error.message.isEmpty, "\(doing): empty message for \(error.code)")
        fuzzCheck(
            error.message.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F },
            "\(doing): message with a control character: \(error.debugDescription)"
        )
    }
}
