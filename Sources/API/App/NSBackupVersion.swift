/// The product's version, reported by `GET /healthz` and `nsbackup version`.
public enum NSBackupVersion {
    public static let current = "0.1.0"
}
