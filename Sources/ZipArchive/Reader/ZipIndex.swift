/// What a reader keeps about a central directory after checking it: 16 bytes per entry for lookups by name and
/// 8 for the layout, so a million entries cost about 24 MB and no strings.
struct ZipIndex: Sendable {
    struct NameSlot: Sendable {
        /// ``ZipNameRules/hash(_:)`` of the name.
        var hash: Int
        /// Archive offset of the entry's central record.
        var record: Int64
    }

    /// Sorted by hash.
    var names: [NameSlot]
    /// Local header offsets, ascending: where each entry's bytes may extend to is the next one.
    var starts: [Int64]
    /// Sum of the declared uncompressed sizes (checked against the limit).
    var totalSize: Int64
    /// Entries whose name ends with `/`.
    var directoryCount: Int

    /// Offsets of central records whose name has `hash`.
    func records(withHash hash: Int) -> ArraySlice<NameSlot> {
        var low = 0
        var high = names.count
        while low < high {
            let mid = (low + high) / 2
            if names[mid].hash < hash { low = mid + 1 } else { high = mid }
        }
        var end = low
        while end < names.count && names[end].hash == hash { end += 1 }
        return names[low..<end]
    }

    /// The first local header offset after `offset`, if any.
    func start(after offset: Int64) -> Int64? {
        var low = 0
        var high = starts.count
        while low < high {
            let mid = (low + high) / 2
            if starts[mid] <= offset { low = mid + 1 } else { high = mid }
        }
        return low < starts.count ? starts[low] : nil
    }

    /// True if an entry's local header is at `offset`.
    func hasEntry(at offset: Int64) -> Bool {
        var low = 0
        var high = starts.count
        while low < high {
            let mid = (low + high) / 2
            if starts[mid] < offset { low = mid + 1 } else { high = mid }
        }
        return low < starts.count && starts[low] == offset
    }
}
