import Foundation

/// The one table `scripts/bench` prints: sections of rows, each figure next to its baseline from the same run, the
/// CPU seconds behind each (the working process's + PostgreSQL's), the ratio, the goal with ✓/✗, and peak RSS
/// (nsbackup's, then the baseline tool's).
struct BenchTable {
    struct Row {
        var measure: String
        var value: String
        var cpu: String = ""
        var baseline: String = ""
        var baselineValue: String = ""
        var baselineCPU: String = ""
        var ratio: Double?
        var goal: Goal?
        var rss: String = ""
    }

    /// A target for a row's ratio (or, for ``below(_:)``, its value).
    enum Goal {
        case atMost(Double)
        case atLeast(Double)
        /// The value itself under a limit (peak RSS in MiB).
        case below(Double, unit: String)

        func met(ratio: Double?, value: Double?) -> Bool? {
            switch self {
            case .atMost(let limit): return ratio.map { $0 <= limit }
            case .atLeast(let limit): return ratio.map { $0 >= limit }
            case .below(let limit, _): return value.map { $0 < limit }
            }
        }

        var text: String {
            switch self {
            case .atMost(let limit): return String(format: "≤ %.2f×", limit)
            case .atLeast(let limit): return String(format: "≥ %.2f×", limit)
            case .below(let limit, let unit): return String(format: "< %.0f %@", limit, unit)
            }
        }
    }

    private(set) var lines: [String] = []
    /// Goals met and judged so far.
    private(set) var goalsMet = 0
    private(set) var goalsJudged = 0

    static let widths = [38, 12, 11, 34, 12, 11, 7, 13, 14]
    /// Left-aligned (text) columns; the others are figures, right-aligned.
    static let textColumns: Set<Int> = [0, 3, 7]

    init() {
        lines.append(Self.format(["measure", "nsbackup", "cpu nsb+pg", "baseline (same run)", "baseline", "cpu tool+pg",
                                  "ratio", "goal", "RSS nsb/tool"]))
        lines.append(String(repeating: "─", count: Self.widths.reduce(0, +) + Self.widths.count - 1))
    }

    mutating func section(_ title: String) {
        lines.append("")
        lines.append(title)
    }

    mutating func note(_ text: String) {
        lines.append("  " + text)
    }

    /// Adds a row; `value` is the row's own figure when the goal is on the value (``Goal/below(_:unit:)``).
    mutating func add(_ row: Row, value: Double? = nil) {
        var goalText = ""
        if let goal = row.goal {
            let met = goal.met(ratio: row.ratio, value: value)
            goalText = goal.text + (met == nil ? " ?" : met! ? " ✓" : " ✗")
            if let met {
                goalsJudged += 1
                if met { goalsMet += 1 }
            }
        }
        let ratio = row.ratio.map { String(format: "%.2f×", $0) } ?? ""
        lines.append(Self.format(["  " + row.measure, row.value, row.cpu, row.baseline, row.baselineValue, row.baselineCPU,
                                  ratio, goalText, row.rss]))
    }

    var text: String { lines.joined(separator: "\n") }

    private static func format(_ cells: [String]) -> String {
        zip(cells, widths).enumerated().map { index, pair in
            let (cell, width) = pair
            let padding = String(repeating: " ", count: max(0, width - cell.count))
            // Text columns left-aligned, figures right-aligned.
            return textColumns.contains(index) ? cell + padding : padding + cell
        }.joined(separator: " ")
    }

    // MARK: - Figures

    static func seconds(_ value: Double) -> String {
        value < 10 ? String(format: "%.2f s", value) : String(format: "%.1f s", value)
    }

    static func rate(bytes: Int64, seconds: Double) -> String {
        String(format: "%.0f MB/s", Double(bytes) / 1e6 / seconds)
    }

    static func mebibytes(_ bytes: Int64) -> String {
        String(format: "%.1f MiB", Double(bytes) / 1_048_576)
    }

    static func microseconds(_ value: Double) -> String {
        String(format: "%.0f µs/item", value * 1e6)
    }

    /// "2.9+1.1": CPU seconds of the process doing the work and of PostgreSQL; empty when unknown.
    static func cpu(_ timing: WorkloadResult.Timing?) -> String {
        guard let timing, let own = timing.cpuSeconds else { return "" }
        let postgres = timing.postgresCPUSeconds.map { String(format: "%.1f", $0) } ?? "?"
        return String(format: "%.1f+", own) + postgres
    }

    static func rss(_ server: Double?, _ tool: Double?) -> String {
        let a = server.map { String(format: "%.0f", $0) } ?? "–"
        let b = tool.map { String(format: "%.0f", $0) } ?? "–"
        return "\(a) / \(b) MiB"
    }
}
