/// The text of a transfer's progress line, as a pure function of the numbers (unit-tested; drawn by
/// ``ProgressReporter``):
///
/// `[##########..........]  50%  12.0 MiB / 24.0 MiB  4.0 MiB/s  ETA 0:03`
///
/// Without a known total: `12.0 MiB  4.0 MiB/s`. Rate and ETA show `--` until there is a rate.
enum ProgressBar {
    /// - Parameters:
    ///   - completed: bytes done (including a resumed download's earlier part).
    ///   - total: bytes in all, when known.
    ///   - bytesPerSecond: the transfer rate of this run, nil while unknown.
    ///   - width: the terminal's columns; the line is never longer than `width - 1` (so the cursor never wraps).
    static func render(completed: Int64, total: Int64?, bytesPerSecond: Double?, width: Int) -> String {
        let rate = bytesPerSecond.map(ByteFormat.rate) ?? "-- B/s"
        guard let total, total > 0 else {
            return fit("\(ByteFormat.size(completed))  \(rate)", width: width)
        }
        let done = min(max(completed, 0), total)
        let fraction = Double(done) / Double(total)
        let percent = Int((fraction * 100).rounded(.down))
        let percentText = String(repeating: " ", count: 3 - String(percent).count) + "\(percent)%"
        var eta = "--:--"
        if let bytesPerSecond, bytesPerSecond > 0 {
            eta = ByteFormat.duration(seconds: Double(total - done) / bytesPerSecond)
        }
        let numbers = "\(percentText)  \(ByteFormat.size(done)) / \(ByteFormat.size(total))  \(rate)  ETA \(eta)"
        let room = width - 1 - numbers.count - 4  // "[", "]" and two spaces
        guard room >= 10 else { return fit(numbers, width: width) }
        let barWidth = min(room, 40)
        let filled = Int((fraction * Double(barWidth)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled)
        return "[\(bar)]  \(numbers)"
    }

    /// `text` cut to `width - 1` characters (ASCII here).
    private static func fit(_ text: String, width: Int) -> String {
        text.count < width ? text : String(text.prefix(max(0, width - 1)))
    }
}
