extension ContentPath {
    /// Checks the stored form `/seg1/seg2` against every rule of ``init(parsing:)`` without building the path:
    /// no segment array and no strings for a valid path (an archive holds one per folder and item).
    ///
    /// One pass over the UTF-8 bytes decides whether the text is certainly valid: leading `/`, no empty segment,
    /// no `.` or `..`, no control character (C0 and DEL are single bytes; C1, U+0080–U+009F, is `C2 80`–`C2 9F`
    /// in UTF-8, which a Swift string always holds valid), no segment over ``maxSegmentBytes`` and no path over
    /// ``maxPathBytes``. Anything else goes through ``init(parsing:)``, which throws the same ``NameError`` (rule,
    /// segment index, scalar position) as always.
    /// - Throws: ``NameError`` (`invalid_name`), exactly as ``init(parsing:)``.
    public static func check(stored text: String) throws(NameError) {
        var copy = text
        let clean = copy.withUTF8 { isCertainlyValid($0) }
        if !clean { _ = try ContentPath(parsing: text) }
    }

    /// True only if `bytes` is a valid stored path; false when in doubt (the caller then checks it the slow way).
    private static func isCertainlyValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let slash = UInt8(ascii: "/")
        let dot = UInt8(ascii: ".")
        guard bytes.count >= 2, bytes.count <= maxPathBytes, bytes[0] == slash else { return false }
        var segmentStart = 1
        var index = 1
        // One comparison chain per byte; the hot case (printable ASCII) takes the first branch only.
        while index <= bytes.count {
            let byte = index < bytes.count ? bytes[index] : slash
            if byte == slash {
                let length = index - segmentStart
                guard length > 0, length <= maxSegmentBytes else { return false }
                if length <= 2 && bytes[segmentStart] == dot && (length == 1 || bytes[segmentStart + 1] == dot) {
                    return false
                }
                segmentStart = index + 1
            } else if byte < 0x20 || byte == 0x7F {
                return false
            } else if byte == 0xC2 && index + 1 < bytes.count && bytes[index + 1] < 0xA0 {
                return false  // U+0080–U+009F (a continuation byte after C2 is always ≥ 0x80)
            }
            index += 1
        }
        return true
    }
}
