import Foundation

/// One step of the content model's history: rewrites a folder or item line of version `from` into version `from + 1`.
///
/// Lines are handled as JSON objects (`JSONSerialization`'s dictionaries), so a step only touches the fields that
/// changed. Errors are sentences completing "Entry 'items.jsonl' line N: …".
protocol ContentUpgrade: Sendable {
    /// The version this step reads.
    var from: Int { get }
    func upgradeFolder(_ object: inout [String: Any]) throws(ContentUpgradeFault)
    func upgradeItem(_ object: inout [String: Any]) throws(ContentUpgradeFault)
}

/// Why a line of an older version could not be upgraded.
struct ContentUpgradeFault: Error {
    var sentence: String
}

/// The content model versions this server knows and the steps between them (see ``ArchiveFormat``).
public enum ContentUpgrades {
    /// Every step, oldest first: `steps[i].from == oldestVersion + i`.
    static let steps: [any ContentUpgrade] = [ContentUpgradeV1ToV2()]

    /// The oldest content model version an archive may have.
    public static let oldestVersion = 1

    /// The current content model version (what this server writes).
    public static var currentVersion: Int { oldestVersion + steps.count }

    /// Brings a folder line of `version` to the current model, one step at a time.
    static func upgradeFolder(_ line: Data, from version: Int) throws(ContentUpgradeFault) -> Data {
        try upgrade(line, from: version) { step, object throws(ContentUpgradeFault) in try step.upgradeFolder(&object) }
    }

    /// Brings an item line of `version` to the current model, one step at a time.
    static func upgradeItem(_ line: Data, from version: Int) throws(ContentUpgradeFault) -> Data {
        try upgrade(line, from: version) { step, object throws(ContentUpgradeFault) in try step.upgradeItem(&object) }
    }

    private static func upgrade(
        _ line: Data, from version: Int,
        _ apply: (any ContentUpgrade, inout [String: Any]) throws(ContentUpgradeFault) -> Void
    ) throws(ContentUpgradeFault) -> Data {
        guard version < currentVersion else { return line }
        guard var object = (try? JSONSerialization.jsonObject(with: line)) as? [String: Any] else {
            throw ContentUpgradeFault(sentence: "is not a JSON object.")
        }
        for step in steps[(version - oldestVersion)...] {
            try apply(step, &object)
        }
        guard let upgraded = try? JSONSerialization.data(withJSONObject: object) else {
            throw ContentUpgradeFault(sentence: "could not be upgraded to schema version \(currentVersion).")
        }
        return upgraded
    }
}
