/// Limits of the content store, with their defaults.
public struct ContentLimits: Sendable, Equatable {
    /// The largest item, in bytes (default 64 MiB). Larger items are refused with `itemTooLarge` before more than
    /// this many bytes have been read.
    public var maxItemBytes: Int64
    /// How long a write waits for the namespace's lock (default 30 s) before `namespaceBusy`.
    public var lockTimeout: Duration
    /// The size of the pieces item bytes are read and handed out in (default 256 KiB).
    public var chunkBytes: Int

    public init(maxItemBytes: Int64 = 64 << 20, lockTimeout: Duration = .seconds(30), chunkBytes: Int = 256 << 10) {
        precondition(maxItemBytes >= 0 && chunkBytes > 0, "content limits must be positive")
        self.maxItemBytes = maxItemBytes
        self.lockTimeout = lockTimeout
        self.chunkBytes = chunkBytes
    }
}
