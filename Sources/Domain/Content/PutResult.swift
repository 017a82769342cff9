/// The outcome of a PUT: the stored value, and whether it was created (201) or replaced (200).
public struct PutResult<Value: Sendable & Equatable>: Sendable, Equatable {
    public let value: Value
    public let wasCreated: Bool

    public init(value: Value, wasCreated: Bool) {
        self.value = value
        self.wasCreated = wasCreated
    }
}
