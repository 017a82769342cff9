/// Hand-written argument parsing (no package may be used): options `--name value` or `--name=value`, flags
/// `--name`, positionals; `--` ends the options. A command takes what it knows; ``finish()`` refuses the rest.
struct ArgumentScanner {
    private var arguments: [String]
    /// The command whose arguments these are, named in the errors thrown here.
    let command: String?

    init(_ arguments: [String], command: String? = nil) {
        self.arguments = arguments
        self.command = command
    }

    /// Whether `--help` or `-h` is among the options.
    var wantsHelp: Bool {
        arguments.prefix { $0 != "--" }.contains { $0 == "--help" || $0 == "-h" }
    }

    /// Removes and returns the value of `--name` (the last one when repeated), or nil when absent.
    ///
    /// - Throws: ``UsageError`` when the option has no value.
    mutating func option(_ name: String) throws -> String? {
        var value: String?
        var index = 0
        while index < arguments.count, arguments[index] != "--" {
            let argument = arguments[index]
            if argument == name {
                guard index + 1 < arguments.count, arguments[index + 1] != "--" else {
                    throw UsageError("option \(name) needs a value.", command: command)
                }
                value = arguments[index + 1]
                arguments.removeSubrange(index...index + 1)
            } else if argument.hasPrefix(name + "=") {
                value = String(argument.dropFirst(name.count + 1))
                arguments.remove(at: index)
            } else {
                index += 1
            }
        }
        return value
    }

    /// Removes `--name` and returns whether it was there.
    mutating func flag(_ name: String) -> Bool {
        let before = arguments.count
        var index = 0
        while index < arguments.count, arguments[index] != "--" {
            if arguments[index] == name { arguments.remove(at: index) } else { index += 1 }
        }
        return arguments.count != before
    }

    /// Removes and returns the first positional argument (not starting with `-`, or anything after `--`).
    mutating func positional() -> String? {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                guard index + 1 < arguments.count else { return nil }
                return arguments.remove(at: index + 1)
            }
            if !argument.hasPrefix("-") || argument == "-" { return arguments.remove(at: index) }
            index += 1
        }
        return nil
    }

    /// - Throws: ``UsageError`` naming the first argument nobody took.
    func finish() throws {
        guard let leftover = arguments.first(where: { $0 != "--" }) else { return }
        if leftover.hasPrefix("-") { throw UsageError("unknown option '\(leftover)'.", command: command) }
        throw UsageError("unexpected argument '\(leftover)'.", command: command)
    }
}
