import Foundation

/// What ``ZipEntryOutput`` writes into: the writer, without its sink type.
protocol EntryDataReceiver: AnyObject {
    func receive(_ bytes: UnsafeRawBufferPointer) throws
    var bytesOfOpenEntry: Int64 { get }
}

extension ZipWriter: EntryDataReceiver {}

/// Where an entry's bytes go inside ``ZipWriter/addEntry(_:compression:modified:expectedSize:_:)``'s body.
///
/// Non-copyable and lent to the body `inout`, so it cannot outlive the entry it belongs to.
public struct ZipEntryOutput: ~Copyable {
    private let receiver: any EntryDataReceiver

    init(receiver: any EntryDataReceiver) { self.receiver = receiver }

    /// Appends bytes to the entry (compressed on the way if the entry is deflated).
    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        try receiver.receive(bytes)
    }

    /// Appends bytes to the entry.
    public mutating func write(_ bytes: some ContiguousBytes) throws {
        try bytes.withUnsafeBytes { try receiver.receive($0) }
    }

    /// Appends a string's UTF-8 bytes to the entry.
    public mutating func write(_ string: String) throws {
        var copy = string
        try copy.withUTF8 { try receiver.receive(UnsafeRawBufferPointer($0)) }
    }

    /// Uncompressed bytes written to this entry so far.
    public var bytesWritten: Int64 { receiver.bytesOfOpenEntry }
}

@available(*, unavailable, message: "Lent to one entry's body on one thread.")
extension ZipEntryOutput: Sendable {}
