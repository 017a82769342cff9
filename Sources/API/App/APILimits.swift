/// Body size limits of the API, in bytes, with their defaults. Routes read them from
/// ``AppContext/configuration`` (`context.configuration.limits.itemSizeBytes`).
public struct APILimits: Sendable, Equatable {
    /// Largest JSON request body, 1 MiB → 413 `payload_too_large`.
    public var jsonBodyBytes: Int64 = 1 << 20
    /// Largest item (`PUT …/items/{path}`), 64 MiB (`--item-size-limit`, `NSBACKUP_ITEM_SIZE_LIMIT`).
    public var itemSizeBytes: Int64 = 64 << 20
    /// Largest uploaded archive (`POST …/backups/upload`), 8 GiB (`--upload-limit`, `NSBACKUP_UPLOAD_LIMIT`).
    public var uploadBytes: Int64 = 8 << 30

    public init() {}
}
