import Foundation
import Domain

/// A namespace shape to generate: `itemCount` items of `itemSize` bytes of BPMN-like XML spread over `folderCount`
/// folders (projects of 20: one top-level folder with permissions, 19 sub-folders without).
struct Workload: Sendable {
    var name: String
    var itemCount: Int
    var itemSize: Int
    var folderCount: Int
    /// What the workload is for, shown in the table's section heading.
    var purpose: String

    var totalBytes: Int64 { Int64(itemCount) * Int64(itemSize) }

    /// The same shape with `factor` times the items (at least one), and no more folders than items.
    func scaled(by factor: Double) -> Workload {
        guard factor != 1 else { return self }
        var copy = self
        copy.itemCount = max(1, Int((Double(itemCount) * factor).rounded()))
        copy.folderCount = max(1, min(folderCount, copy.itemCount))
        copy.purpose += String(format: ", scaled ×%g", factor)
        return copy
    }

    /// W1–W3 of issue 8, or tiny ones of the same shapes for `--quick`.
    static func standard(quick: Bool) -> [Workload] {
        if quick {
            return [
                Workload(name: "W1", itemCount: 200, itemSize: 20 << 10, folderCount: 20, purpose: "a quick check"),
                Workload(name: "W2", itemCount: 400, itemSize: 2 << 10, folderCount: 20, purpose: "a quick check"),
                Workload(name: "W3", itemCount: 16, itemSize: 64 << 10, folderCount: 20, purpose: "a quick check"),
            ]
        }
        return [
            Workload(name: "W1", itemCount: 10_000, itemSize: 20 << 10, folderCount: 500, purpose: "time"),
            Workload(name: "W2", itemCount: 100_000, itemSize: 2 << 10, folderCount: 500, purpose: "per-item cost"),
            Workload(name: "W3", itemCount: 16_384, itemSize: 64 << 10, folderCount: 500, purpose: "memory"),
        ]
    }

    /// Folder `index` (0-based): `/Project 03` or `/Project 03/Models 07`.
    func folderPath(_ index: Int) -> String {
        let project = "/Project " + Self.padded(index / 20, 2)
        return index % 20 == 0 ? project : project + "/Models " + Self.padded(index % 20, 2)
    }

    func folder(_ index: Int, at date: Date) -> Folder {
        let permissions = index % 20 == 0
            ? [Permission(principal: "group:designers", access: .write), Permission(principal: "group:operators", access: .read)]
            : []
        return Folder(path: folderPath(index), permissions: permissions, createdAt: date, updatedAt: date)
    }

    /// Item `index` lives in folder `index % folderCount`.
    func itemPath(_ index: Int) -> String {
        folderPath(index % folderCount) + "/" + Self.itemNames[index % Self.itemNames.count] + " " + Self.padded(index, 6)
    }

    func itemKind(_ index: Int) -> ItemKind {
        Self.kinds[index % Self.kinds.count]
    }

    /// Mostly models, as in a Designer namespace.
    private static let kinds: [ItemKind] = [.model, .model, .service, .model, .form, .library, .model, .file]
    private static let itemNames = ["Order Process", "Invoice Flow", "Customer Service", "Approval", "Onboarding"]

    private static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
