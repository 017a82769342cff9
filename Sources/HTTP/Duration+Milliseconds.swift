extension Duration {
    /// Whole milliseconds, rounded up, clamped to 0...Int32.max (about 24 days) so that no configured value,
    /// however large, can overflow the `poll(2)` / Dispatch arithmetic it feeds.
    var clampedMilliseconds: Int {
        let (seconds, attoseconds) = components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 0 }
        if seconds >= Int64(Int32.max) / 1000 { return Int(Int32.max) }
        let millis = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int(min(millis, Int64(Int32.max)))
    }
}
