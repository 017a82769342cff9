/// Starts `nsbackup serve` processes with the same settings: one to measure the server's RSS at start, then a fresh
/// one per workload, so that each workload's peak RSS is its own and not what an earlier workload left in the
/// server's heap (the table notes what each workload leaves behind).
struct ServerLauncher {
    let executable: String
    let conninfo: String
    let adminToken: String
    let sqlDirectory: String
    let logDirectory: String
    let wrapper: [String]

    func start() throws -> ServerProcess {
        try ServerProcess(executable: executable, conninfo: conninfo, adminToken: adminToken, sqlDirectory: sqlDirectory,
                          logDirectory: logDirectory, wrapper: wrapper)
    }
}
