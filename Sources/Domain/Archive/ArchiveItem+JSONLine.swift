extension ArchiveItem: JSONLineEncodable {
    /// `{"contentType":…,"createdAt":…,"entry":…,"kind":…,"path":…,"sha256":…,"size":…,"updatedAt":…}`: the
    /// fields of ``ArchiveItem``'s `Codable` conformance, keys sorted as `JSONEncoder`'s `.sortedKeys` sorts them.
    func appendJSONLine(to buffer: inout JSONLineBuffer) {
        buffer.beginObject()
        buffer.key("contentType", first: true)
        buffer.string(contentType)
        buffer.key("createdAt")
        buffer.timestamp(createdAt)
        buffer.key("entry")
        buffer.string(entry)
        buffer.key("kind")
        buffer.string(kind.rawValue)
        buffer.key("path")
        buffer.string(path)
        buffer.key("sha256")
        buffer.string(sha256)
        buffer.key("size")
        buffer.integer(size)
        buffer.key("updatedAt")
        buffer.timestamp(updatedAt)
        buffer.endObject(endOfLine: true)
    }
}
