extension ZipError {
    /// An error about one entry; the message is `"Entry '<name>' at offset <n> <fault>"`.
    static func entry(_ code: Code, _ name: String, at offset: Int64, _ fault: String) -> ZipError {
        ZipError(code, "Entry '\(name)' at offset \(Self.grouped(offset)) \(fault)", entryName: name, offset: offset)
    }

    /// An error about the archive as a whole at a byte offset.
    static func archive(_ code: Code, at offset: Int64?, _ sentence: String) -> ZipError {
        ZipError(code, sentence, offset: offset)
    }

    /// `1234567` → `"1,234,567"`; locale-independent so messages are stable.
    static func grouped(_ value: some BinaryInteger) -> String {
        let digits = String(value.magnitude)
        var out = value < 0 ? "-" : ""
        let lead = digits.count % 3
        for (index, character) in digits.enumerated() {
            if index > 0 && (index - lead) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }

    /// Makes untrusted name bytes printable: invalid UTF-8 becomes U+FFFD, control characters become `\u{…}`,
    /// and names longer than 200 characters are shortened, so a message stays one readable line. Called only
    /// to build an error being thrown (callers pass it as an autoclosure or a computed property), so it has no
    /// fast path.
    static func displayName(_ bytes: UnsafeRawBufferPointer) -> String {
        let decoded = String(decoding: bytes, as: UTF8.self)
        var out = ""
        var count = 0
        for scalar in decoded.unicodeScalars {
            if count == 200 {
                out += "…"
                break
            }
            count += 1
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func displayName(_ name: String) -> String {
        var copy = name
        return copy.withUTF8 { displayName(UnsafeRawBufferPointer($0)) }
    }
}
