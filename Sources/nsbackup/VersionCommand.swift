import API

/// `nsbackup version`: prints `nsbackup <version>`.
struct VersionCommand: Command {
    static let name = "version"
    static let summary = "print the version"
    static let usage = "usage: nsbackup version\n\nPrints the version of this nsbackup."

    init(arguments: inout ArgumentScanner, environment: [String: String]) throws {}

    func run() throws -> Int32 {
        Console.out("nsbackup \(NSBackupVersion.current)")
        return 0
    }
}
