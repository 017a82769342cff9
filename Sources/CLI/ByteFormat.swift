/// Sizes, rates and durations for people: binary units (KiB, MiB, GiB) with one decimal, as `ls -h` and curl
/// show them.
enum ByteFormat {
    private static let units = ["KiB", "MiB", "GiB", "TiB", "PiB"]

    /// `512 B`, `1.0 KiB`, `12.3 MiB`, `4.0 GiB`.
    static func size(_ bytes: Int64) -> String {
        guard bytes >= 1024 else { return "\(bytes) B" }
        var value = Double(bytes) / 1024
        var unit = 0
        // Switch units before the rounded value would print as 1024.0.
        while value >= 1023.95, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return "\(oneDecimal(value)) \(units[unit])"
    }

    /// `4.1 MiB/s`.
    static func rate(_ bytesPerSecond: Double) -> String {
        size(Int64(max(0, bytesPerSecond).rounded())) + "/s"
    }

    /// `0:07`, `12:34`, `1:02:03` (hours only when needed).
    static func duration(seconds: Double) -> String {
        let total = Int(max(0, seconds).rounded())
        let hours = total / 3600
        let minutes = (total % 3600) / 60
        let secs = total % 60
        let twoDigits = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        if hours > 0 { return "\(hours):\(twoDigits(minutes)):\(twoDigits(secs))" }
        return "\(minutes):\(twoDigits(secs))"
    }

    /// One decimal, rounded half up, without Foundation's locale-dependent formatting.
    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int64((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
