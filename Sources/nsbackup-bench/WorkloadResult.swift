/// What one workload measured: each operation's best time over the runs (and its highest peak RSS), next to its
/// baseline's. Nil where an operation was not run (the server lacks its routes).
struct WorkloadResult {
    /// A time, the CPU seconds of the process doing the work (the server, or the baseline tool) and of PostgreSQL
    /// meanwhile, and that process's peak RSS.
    struct Timing {
        var seconds: Double
        var cpuSeconds: Double?
        var postgresCPUSeconds: Double?
        var peakRSSMiB: Double?

        /// Keeps the best time (with its CPU figures) and the worst memory of several runs.
        mutating func merge(_ other: Timing) {
            let rss = [peakRSSMiB, other.peakRSSMiB].compactMap { $0 }.max()
            if other.seconds < seconds { self = other }
            peakRSSMiB = rss
        }
    }

    let workload: Workload
    var loadSeconds: Double = 0
    var storedBytes: Int64 = 0

    var backup: Timing?
    var dump: Timing?
    var restore: Timing?
    var pgRestore: Timing?
    var download: Timing?
    /// The same download by curl.
    var curlDownload: Timing?
    var rawRead: Timing?
    var upload: Timing?
    var largeObjectImport: Timing?

    var archiveBytes: Int64?
    var dumpBytes: Int64?
    /// The measured process's RSS once the workload's operations were done (what its heap kept).
    var rssAfterMiB: Double?

    init(workload: Workload) { self.workload = workload }

    /// The server's highest peak RSS over this workload's operations.
    var serverPeakRSSMiB: Double? {
        [backup, restore, download, curlDownload, upload].compactMap { $0?.peakRSSMiB }.max()
    }

    static func merge(_ current: inout Timing?, _ new: Timing) {
        if current == nil { current = new } else { current!.merge(new) }
    }
}
