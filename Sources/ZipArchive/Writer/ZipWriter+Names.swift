#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ZipWriter {
    /// The UTF-8 bytes of `name` after the reader's rules and the duplicate check; throws before writing anything.
    func checkedName(_ name: String, folder: Bool) throws -> [UInt8] {
        let bytes = Array(name.utf8)
        // Only error messages need the printable form: computed when one is thrown, not per entry.
        var display: String { ZipError.displayName(name) }
        if let fault = bytes.withUnsafeBytes({ ZipNameRules.check($0) }) {
            throw ZipError(.invalidName, "Cannot add entry '\(display)': it \(fault.sentence)", entryName: display)
        }
        guard bytes.count <= 0xFFFF else {
            throw ZipError(
                .invalidName,
                "Cannot add entry '\(display)': its name is longer than 65,535 bytes.",
                entryName: display
            )
        }
        if !folder && bytes.last == UInt8(ascii: "/") {
            throw ZipError(
                .invalidName,
                "Cannot add entry '\(display)': only folders have names ending in '/' (use addDirectory).",
                entryName: display
            )
        }
        let duplicate = bytes.withUnsafeBytes { raw in
            nameHashes.contains(ZipNameRules.hash(raw)) && centralHasPath(ZipNameRules.pathKey(raw))
        }
        if duplicate {
            throw ZipError(
                .duplicateName,
                "Cannot add entry '\(display)': an entry with that path was already added.",
                entryName: display
            )
        }
        return bytes
    }

    /// True if a central record already written has this path (name without a trailing '/').
    /// Linear, but only runs when the hash set reports a hit, i.e. for a real duplicate.
    private func centralHasPath(_ key: UnsafeRawBufferPointer) -> Bool {
        central.withUnsafeBytes { all in
            var position = 0
            while position + CentralDirectoryHeader.size <= all.count {
                let fixed = UnsafeRawBufferPointer(rebasing: all[position..<position + CentralDirectoryHeader.size])
                guard let header = CentralDirectoryHeader.decode(fixed) else { return false }
                let nameStart = position + CentralDirectoryHeader.size
                let name = UnsafeRawBufferPointer(rebasing: all[nameStart..<nameStart + Int(header.nameLength)])
                let other = ZipNameRules.pathKey(name)
                if other.count == key.count
                    && (key.count == 0 || memcmp(other.baseAddress!, key.baseAddress!, key.count) == 0)
                {
                    return true
                }
                position += header.totalSize
            }
            return false
        }
    }
}
