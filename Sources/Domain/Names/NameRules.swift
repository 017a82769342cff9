/// The rules of "Names and paths" (shared/spec/api.md) as pure functions. Decisions where the contract is silent:
///
/// - **Characters are Unicode scalars** (code points), as PostgreSQL's `char_length` counts them, so the database's
///   CHECK constraints and this code agree; grapheme clusters would change with Unicode versions.
/// - **White space** is the Unicode `White_Space` property (space, tab, line breaks, NBSP, U+2000–U+200A, U+3000 …).
///   Names are trimmed of it on both ends before anything else, so a trailing newline is trimmed, not refused.
/// - **Control characters** are exactly general category Cc (U+0000–U+001F, U+007F–U+009F), as the contract says.
///   Format characters (Cf: zero-width joiner and non-joiner, soft hyphen, bidi marks) are allowed: emoji
///   sequences and several scripts (Persian, Indic) need ZWJ/ZWNJ, and refusing them would refuse names that the
///   contract allows. Clients that display names must treat them as untrusted text anyway.
/// - **No normalization**: names and paths are stored and compared as given, code point for code point (NFC and
///   NFD spellings are different names), which is what PostgreSQL's `COLLATE "C"` unique indexes enforce.
/// - Content paths are **not trimmed**: a segment is stored exactly as sent.
public enum NameRules {
    /// Removes `White_Space` scalars from both ends.
    public static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }

    /// The first control character (Cc) and its 1-based position in scalars, if any.
    static func firstControlCharacter(in text: String) -> (scalar: UInt32, position: Int)? {
        var position = 0
        for scalar in text.unicodeScalars {
            position += 1
            // General category Cc is exactly these two ranges; comparing values avoids a property lookup per scalar.
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { return (scalar.value, position) }
        }
        return nil
    }

    /// Validates a name (namespace or backup): trims it, then requires 1…`maxCharacters` scalars and no control
    /// character. Returns the trimmed name.
    static func validateName(_ raw: String, subject: NameError.Subject, maxCharacters: Int) throws(NameError) -> String {
        let name = trimmed(raw)
        guard !name.isEmpty else { throw NameError(subject: subject, rule: .blank, input: raw) }
        let count = name.unicodeScalars.count
        guard count <= maxCharacters else {
            throw NameError(subject: subject, rule: .tooManyCharacters(limit: maxCharacters, actual: count), input: name)
        }
        if let control = firstControlCharacter(in: name) {
            throw NameError(subject: subject, rule: .controlCharacter(scalar: control.scalar, position: control.position),
                            input: name)
        }
        return name
    }
}
