/// The rules an entry name must follow, for the writer (never write what we would refuse) and the reader
/// (refuse what could escape the extraction folder or be ambiguous): archive contract, "Reading an archive".
///
/// A name is UTF-8, relative, uses `/` between non-empty segments and may end with one `/` (a folder).
/// Beyond the contract's list (empty, absolute, `..`, `\`, NUL and control characters) we also refuse `.` and
/// empty segments: `a/./b` and `a//b` extract to the same path as `a/b`, which would slip past the duplicate check.
enum ZipNameRules {
    enum Fault: Equatable {
        case empty, absolute, driveLetter, dotSegment, emptySegment, backslash, nul, control(UInt32), invalidUTF8

        /// Completes "Entry 'x' at offset n …".
        var sentence: String {
            switch self {
            case .empty: "has an empty name."
            case .absolute: "has an absolute name (it starts with '/')."
            case .driveLetter: "has a name that starts with a drive letter."
            case .dotSegment: "has a name with a '.' or '..' segment."
            case .emptySegment: "has a name with an empty segment ('//')."
            case .backslash: "has a name containing a backslash."
            case .nul: "has a name containing a NUL character."
            case .control(let value): "has a name containing the control character U+\(Self.hex(value))."
            case .invalidUTF8: "has a name that is not valid UTF-8."
            }
        }

        private static func hex(_ value: UInt32) -> String {
            let digits = String(value, radix: 16, uppercase: true)
            return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }
    }

    /// The first rule `name` breaks, or nil if it is acceptable.
    ///
    /// One pass over the bytes; names are short, and this runs once per entry when an archive is opened.
    static func check(_ name: UnsafeRawBufferPointer) -> Fault? {
        let count = name.count
        guard count > 0 else { return .empty }
        if name[0] == UInt8(ascii: "/") { return .absolute }
        if count >= 2, name[1] == UInt8(ascii: ":"), isASCIILetter(name[0]) { return .driveLetter }
        var segmentStart = 0
        var index = 0
        while index < count {
            let byte = name[index]
            if byte < 0x80 {
                switch byte {
                case 0: return .nul
                case UInt8(ascii: "\\"): return .backslash
                case 0x01..<0x20, 0x7F: return .control(UInt32(byte))
                case UInt8(ascii: "/"):
                    if let fault = checkSegment(name, from: segmentStart, to: index) { return fault }
                    segmentStart = index + 1
                default: break
                }
                index += 1
                continue
            }
            guard let (scalar, length) = decodeScalar(name, at: index) else { return .invalidUTF8 }
            if (0x80...0x9F).contains(scalar) { return .control(scalar) }  // C1 controls
            index += length
        }
        // A trailing '/' marks a folder; its (empty) last segment is allowed.
        if segmentStart < count, let fault = checkSegment(name, from: segmentStart, to: count) { return fault }
        return nil
    }

    static func check(_ name: String) -> Fault? {
        var copy = name
        return copy.withUTF8 { check(UnsafeRawBufferPointer($0)) }
    }

    private static func checkSegment(_ name: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Fault? {
        switch end - start {
        case 0: return .emptySegment
        case 1 where name[start] == UInt8(ascii: "."): return .dotSegment
        case 2 where name[start] == UInt8(ascii: ".") && name[start + 1] == UInt8(ascii: "."): return .dotSegment
        default: return nil
        }
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    /// Decodes one multi-byte UTF-8 scalar strictly (RFC 3629: no overlongs, no surrogates, at most U+10FFFF).
    private static func decodeScalar(_ bytes: UnsafeRawBufferPointer, at index: Int) -> (UInt32, Int)? {
        let lead = bytes[index]
        let length: Int
        var scalar: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; scalar = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; scalar = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; scalar = UInt32(lead & 0x07)
        default: return nil
        }
        guard index + length <= bytes.count else { return nil }
        for offset in 1..<length {
            let byte = bytes[index + offset]
            guard byte & 0xC0 == 0x80 else { return nil }
            scalar = scalar << 6 | UInt32(byte & 0x3F)
        }
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return nil }
        return (scalar, length)
    }

    /// The name with one trailing '/' removed: a folder `a/` and a file `a` are the same path on disk.
    static func pathKey(_ name: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        if name.count > 1, name[name.count - 1] == UInt8(ascii: "/") {
            return UnsafeRawBufferPointer(rebasing: name[..<(name.count - 1)])
        }
        return name
    }

    /// A hash of ``pathKey(_:)`` with Swift's per-process random seed, so an archive cannot be crafted to make
    /// many names collide and the duplicate check quadratic.
    static func hash(_ name: UnsafeRawBufferPointer) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: pathKey(name))
        return hasher.finalize()
    }
}
