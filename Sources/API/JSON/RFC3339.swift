import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// RFC 3339 timestamps as the contract writes them: UTC, millisecond precision, `2021-03-11T15:47:11.123Z`.
public enum RFC3339 {
    /// Formats `date` in UTC with exactly three fractional digits (truncated, not rounded, so a stored
    /// `…:11.9999` never becomes the next second).
    public static func format(_ date: Date) -> String {
        let millisecondsSinceEpoch = (date.timeIntervalSince1970 * 1000).rounded(.down)
        guard millisecondsSinceEpoch.isFinite, abs(millisecondsSinceEpoch) < 2.5e14 else {
            return "1970-01-01T00:00:00.000Z"
        }
        let totalMilliseconds = Int64(millisecondsSinceEpoch)
        var seconds = time_t(totalMilliseconds / 1000)
        var milliseconds = Int(totalMilliseconds % 1000)
        if milliseconds < 0 {
            milliseconds += 1000
            seconds -= 1
        }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let year = Int(parts.tm_year) + 1900
        guard (0...9999).contains(year) else { return "1970-01-01T00:00:00.000Z" }
        // Written digit by digit into a fixed buffer: this runs once per timestamp of every listing.
        return String(unsafeUninitializedCapacity: 24) { buffer in
            func put(_ value: Int, _ width: Int, at offset: Int) {
                var value = value
                for index in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[index] = UInt8(truncatingIfNeeded: 0x30 + value % 10)
                    value /= 10
                }
            }
            put(year, 4, at: 0)
            buffer[4] = 0x2D
            put(Int(parts.tm_mon) + 1, 2, at: 5)
            buffer[7] = 0x2D
            put(Int(parts.tm_mday), 2, at: 8)
            buffer[10] = 0x54
            put(Int(parts.tm_hour), 2, at: 11)
            buffer[13] = 0x3A
            put(Int(parts.tm_min), 2, at: 14)
            buffer[16] = 0x3A
            put(Int(parts.tm_sec), 2, at: 17)
            buffer[19] = 0x2E
            put(milliseconds, 3, at: 20)
            buffer[23] = 0x5A
            return 24
        }
    }

    /// Parses an RFC 3339 date-time (`2021-03-11T15:47:11Z`, `…11.123Z`, `…11.123456+01:00`; `t`/`z` and a space
    /// for `T` accepted, as §5.6 allows). Returns nil for anything else.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + width] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += width
            return value
        }
        func take(_ allowed: Set<UInt8>) -> UInt8? {
            guard index < bytes.count, allowed.contains(bytes[index]) else { return nil }
            index += 1
            return bytes[index - 1]
        }
        let dash: Set<UInt8> = [0x2D]
        let colon: Set<UInt8> = [0x3A]
        guard let year = number(4), take(dash) != nil, let month = number(2), take(dash) != nil, let day = number(2),
            take([0x54, 0x74, 0x20]) != nil, let hour = number(2), take(colon) != nil, let minute = number(2),
            take(colon) != nil, let second = number(2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var fraction = 0.0
        if take([0x2E]) != nil {
            var scale = 0.1
            var digits = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                fraction += Double(bytes[index] - 0x30) * scale
                scale /= 10
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
        }
        var offset = 0
        if take([0x5A, 0x7A]) == nil {
            guard let sign = take([0x2B, 0x2D]), let offsetHours = number(2), take(colon) != nil,
                let offsetMinutes = number(2), offsetHours < 24, offsetMinutes < 60
            else { return nil }
            offset = (sign == 0x2D ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60)
        }
        guard index == bytes.count else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(min(second, 59))
        let epochSeconds = timegm(&parts)
        return Date(timeIntervalSince1970: Double(epochSeconds - offset) + fraction)
    }
}
