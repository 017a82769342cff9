#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// MS-DOS date and time as ZIP headers store them (APPNOTE 4.4.6): 2-second steps, years 1980–2107.
///
/// We write and read them as UTC, not local time: a server's archives must not depend on its time zone, and the
/// extended timestamp field (``ExtendedTimestamp``) carries the exact time for readers that know it.
struct DOSDateTime: Equatable {
    var time: UInt16
    var date: UInt16

    /// 1980-01-01 00:00:00, the earliest DOS time.
    static let minimum = DOSDateTime(time: 0, date: 0x21)

    /// Converts Unix seconds, clamping to the representable range.
    init(unixSeconds: Int64) {
        var seconds = time_t(clamping: unixSeconds)
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else {
            self = .minimum
            return
        }
        let year = Int(parts.tm_year) + 1900
        if year < 1980 {
            self = .minimum
            return
        }
        if year > 2107 {
            self.init(time: 0xBF7D, date: 0xFF9F)  // 2107-12-31 23:59:58
            return
        }
        self.init(
            time: UInt16(parts.tm_hour) << 11 | UInt16(parts.tm_min) << 5 | UInt16(parts.tm_sec / 2),
            date: UInt16(year - 1980) << 9 | UInt16(parts.tm_mon + 1) << 5 | UInt16(parts.tm_mday)
        )
    }

    init(time: UInt16, date: UInt16) {
        self.time = time
        self.date = date
    }

    /// Unix seconds for this DOS time (out-of-range fields are normalised by `timegm`, never trapped on).
    var unixSeconds: Int64 {
        var parts = tm()
        parts.tm_year = Int32(date >> 9) + 80
        parts.tm_mon = Int32((date >> 5) & 0xF) - 1
        parts.tm_mday = Int32(date & 0x1F)
        parts.tm_hour = Int32(time >> 11)
        parts.tm_min = Int32((time >> 5) & 0x3F)
        parts.tm_sec = Int32(time & 0x1F) * 2
        return Int64(timegm(&parts))
    }
}
