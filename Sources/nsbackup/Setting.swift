/// A setting given as a command-line option or, failing that, an environment variable, with the name of where it
/// came from for error messages (`--port` or `NSBACKUP_PORT`).
struct Setting {
    let value: String
    /// `--port` or `NSBACKUP_PORT`.
    let source: String
    /// The command, for the help hint of errors.
    let command: String?

    /// Takes `--flag` from `arguments`, else reads `variable` from `environment`; nil when neither is set (an empty
    /// variable counts as unset).
    static func read(
        _ flag: String,
        _ variable: String?,
        from arguments: inout ArgumentScanner,
        environment: [String: String]
    ) throws -> Setting? {
        if let value = try arguments.option(flag) {
            return Setting(value: value, source: flag, command: arguments.command)
        }
        if let variable, let value = environment[variable], !value.isEmpty {
            return Setting(value: value, source: variable, command: arguments.command)
        }
        return nil
    }

    /// The value as an integer within `range`.
    func integer(in range: ClosedRange<Int>) throws -> Int {
        guard let number = Int(value), range.contains(number) else {
            throw UsageError(
                "\(source) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(value)'.",
                command: command
            )
        }
        return number
    }

    /// The value as a byte count: digits with an optional binary suffix (`K`, `M`, `G`, `T`, alone or followed by
    /// `B` or `iB`, any case; all mean powers of 1024): `67108864`, `64MiB`, `64M`, `8GiB`.
    func byteCount(atLeast minimum: Int64 = 1) throws -> Int64 {
        guard let bytes = Self.parseByteCount(value), bytes >= minimum else {
            throw UsageError(
                "\(source) must be a size in bytes such as 67108864, 64MiB or 8GiB (at least \(minimum)), not '\(value)'.",
                command: command
            )
        }
        return bytes
    }

    static func parseByteCount(_ text: String) -> Int64? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let number = Int64(digits) else { return nil }
        let shifts: [String: Int64] = [
            "": 0, "b": 0, "k": 10, "kb": 10, "kib": 10, "m": 20, "mb": 20, "mib": 20, "g": 30, "gb": 30, "gib": 30,
            "t": 40, "tb": 40, "tib": 40,
        ]
        guard let shift = shifts[text.dropFirst(digits.count).trimmingSpaces().lowercased()] else { return nil }
        let (result, overflow) = number.multipliedReportingOverflow(by: Int64(1) << shift)
        return overflow ? nil : result
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
