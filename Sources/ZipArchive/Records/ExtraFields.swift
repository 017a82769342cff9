/// Walks the extra-field block of a header: a sequence of (header ID u16, data size u16, data) (APPNOTE 4.5.1).
enum ExtraFields {
    /// The data of the first field with `id`.
    ///
    /// Fewer than 4 trailing bytes are treated as padding (zipalign pads local headers with zeros).
    /// - Returns: `.success(nil)` if absent, `.failure` if a field's size runs past the block.
    static func find(_ id: UInt16, in block: UnsafeRawBufferPointer) -> Result<UnsafeRawBufferPointer?, Malformed> {
        var input = ByteReader(block)
        while input.remaining >= 4 {
            let fieldID = input.u16()!
            let size = Int(input.u16()!)
            guard let data = input.slice(size) else { return .failure(Malformed()) }
            if fieldID == id { return .success(data) }
        }
        return .success(nil)
    }

    struct Malformed: Error {}
}
