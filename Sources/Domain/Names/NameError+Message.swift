extension NameError {
    /// A sentence naming the input and the broken rule, for the problem's `detail`.
    public var message: String {
        let quoted = NameText.quoted(input)
        switch rule {
        case .blank:
            return input.isEmpty
                ? "A \(subject) is required; it was empty."
                : "A \(subject) is required; \(quoted) is only white space."
        case .tooManyCharacters(let limit, let actual):
            return "The \(subject) \(quoted) is \(actual) characters long after trimming; at most \(limit) are allowed."
        case .tooManyBytes(let limit, let actual):
            return "The \(subject) \(quoted) is \(actual) bytes of UTF-8; at most \(limit) are allowed."
        case .pathTooLong(let limit, let actual):
            return "The content path \(quoted) is \(actual) bytes of UTF-8; at most \(limit) are allowed for a whole path."
        case .controlCharacter(let scalar, let position):
            return "The \(subject) \(quoted) contains the control character \(NameText.codePoint(scalar)) at "
                + "position \(position); control characters are not allowed."
        case .dotSegment:
            return "The \(subject) \(quoted) is not allowed: '.' and '..' would read as steps of a relative path."
        case .slashInSegment:
            return "The \(subject) \(quoted) contains '/' (sent as %2F): a content path is '/'-separated, "
                + "so a '/' inside a segment cannot be stored. Rename it without '/'."
        case .emptySegment:
            if case .pathSegment(let index) = subject {
                return "Path segment \(index) is empty; every segment of a content path needs 1 to 255 bytes of UTF-8."
            }
            return "The \(subject) \(quoted) has an empty segment ('//' or a trailing '/'); "
                + "every segment needs 1 to 255 bytes of UTF-8."
        case .noSegments:
            return "The \(subject) is empty; it needs at least one segment, like '/Orders'."
        case .notAbsolute:
            return "The \(subject) \(quoted) must start with '/', like '/Orders/Order Service'."
        }
    }
}

/// Formatting of user input inside messages.
enum NameText {
    /// At most this many scalars of the input appear in a message.
    static let quoteLimit = 80

    /// The input in single quotes, control characters escaped as `\u{…}`, long input cut with `…`.
    static func quoted(_ input: String) -> String {
        var text = "'"
        var count = 0
        for scalar in input.unicodeScalars {
            if count == quoteLimit {
                text += "…"
                break
            }
            if scalar.properties.generalCategory == .control {
                text += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                text.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return text + "'"
    }

    /// `U+0007`.
    static func codePoint(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
