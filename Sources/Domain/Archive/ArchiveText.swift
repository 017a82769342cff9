/// Untrusted text from an archive, made safe to quote in a message.
enum ArchiveText {
    /// `text` with control characters shown as `\u{…}` and cut after 200 characters.
    static func display(_ text: String) -> String {
        var out = ""
        for (count, scalar) in text.unicodeScalars.enumerated() {
            if count == 200 { out += "…"; break }
            if scalar.properties.generalCategory == .control {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
