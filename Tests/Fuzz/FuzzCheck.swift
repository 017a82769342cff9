// Shared by every fuzz target: compiled into the module under test together with the target's own file
// (scripts/fuzz), so the targets may use the module's internal API. Not a SwiftPM target.

#if canImport(Glibc)
    import Glibc
#endif

/// Fails the fuzz run: prints what broke and aborts, so libFuzzer records a crash and saves the input.
///
/// An invariant violation is a finding just like a memory error, so it must stop the run the same way.
func fuzzFail(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    let text = "FUZZ INVARIANT VIOLATED (\(file):\(line)): \(message)\n"
    text.utf8CString.withUnsafeBufferPointer { chars in
        _ = write(2, chars.baseAddress, chars.count - 1)
    }
    abort()
}

/// `precondition` for fuzz targets: also active in `-O` builds and reported as a libFuzzer crash.
@inline(__always)
func fuzzCheck(
    _ condition: @autoclosure () -> Bool,
    _ message: @autoclosure () -> String,
    file: StaticString = #fileID,
    line: UInt = #line
) {
    if !condition() { fuzzFail(message(), file: file, line: line) }
}

/// A small deterministic generator (SplitMix64), seeded from the input so every run of one input is the same.
struct FuzzRandom {
    private var state: UInt64

    init(seed bytes: UnsafeRawBufferPointer) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a over at most the first 4 KiB
        for byte in bytes.prefix(4096) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        state = hash ^ UInt64(bytes.count)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `1...upper`.
    mutating func upTo(_ upper: Int) -> Int { 1 + Int(next() % UInt64(max(upper, 1))) }
}

/// Calls `body` with a heap copy of `bytes` that is exactly as long as they are, so AddressSanitizer catches any
/// read past the end (a slice of a larger buffer would hide it).
func withExactCopy<R>(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
    defer { copy.deallocate() }
    if let base = bytes.baseAddress, bytes.count > 0 {
        copy.baseAddress!.copyMemory(from: base, byteCount: bytes.count)
    }
    return try body(UnsafeRawBufferPointer(rebasing: copy[..<bytes.count]))
}
