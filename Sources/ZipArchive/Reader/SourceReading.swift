extension ZipByteSource {
    /// Reads until `buffer` is full or the source ends; returns the bytes read.
    func readFully(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var done = 0
        while done < buffer.count {
            let n = try read(
                at: offset + Int64(done),
                into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...])
            )
            guard n > 0 else { break }
            done += min(n, buffer.count - done)
        }
        return done
    }

    /// Fills `buffer` from `offset`; throws `truncated` naming `what` if the source ends first. The one place
    /// both exact reads below check for a short read.
    private func fillExactly(_ buffer: UnsafeMutableRawBufferPointer, at offset: Int64, what: () -> String) throws {
        let got = try readFully(at: offset, into: buffer)
        guard got == buffer.count else {
            throw ZipError.archive(
                .truncated,
                at: offset + Int64(got),
                "The archive ends at byte \(ZipError.grouped(offset + Int64(got))), inside \(what())."
            )
        }
    }

    /// Reads exactly `count` bytes at `offset`; throws `truncated` naming `what` if the source ends first.
    func readExactly(at offset: Int64, count: Int, what: @autoclosure () -> String) throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            try fillExactly(UnsafeMutableRawBufferPointer(buffer), at: offset, what: what)
            initialized = count
        }
    }

    /// Reads exactly `count` bytes at `offset` into a temporary buffer (on the stack when small) and passes them
    /// to `body`: ``readExactly(at:count:what:)`` without an array per call. The bytes are valid only in `body`.
    func withExactly<R>(
        at offset: Int64,
        count: Int,
        what: @autoclosure () -> String,
        _ body: (UnsafeRawBufferPointer) throws -> R
    ) throws -> R {
        try withUnsafeTemporaryAllocation(byteCount: count, alignment: 8) { buffer in
            try fillExactly(buffer, at: offset, what: what)
            return try body(UnsafeRawBufferPointer(buffer))
        }
    }
}
