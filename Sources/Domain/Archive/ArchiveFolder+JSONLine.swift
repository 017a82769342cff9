extension ArchiveFolder: JSONLineEncodable {
    /// `{"createdAt":…,"path":…,"permissions":[{"access":…,"principal":…}],"updatedAt":…}`: the fields of
    /// ``ArchiveFolder``'s and ``Permission``'s `Codable` conformances, keys sorted as `.sortedKeys` sorts them.
    func appendJSONLine(to buffer: inout JSONLineBuffer) {
        buffer.beginObject()
        buffer.key("createdAt", first: true)
        buffer.timestamp(createdAt)
        buffer.key("path")
        buffer.string(path)
        buffer.key("permissions")
        buffer.permissions(permissions)
        buffer.key("updatedAt")
        buffer.timestamp(updatedAt)
        buffer.endObject(endOfLine: true)
    }
}
