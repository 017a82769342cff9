/// A text table for people: a header, a rule of dashes under it, and rows, columns aligned by display width
/// (``DisplayWidth``) two spaces apart, no trailing spaces. Control characters in cells are shown as `?`
/// so a hostile name can't move the cursor.
struct Table {
    enum Alignment: Sendable {
        case left
        case right
    }

    struct Column: Sendable {
        var title: String
        var alignment: Alignment = .left

        init(_ title: String, alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }
    }

    var columns: [Column]
    var rows: [[String]] = []

    init(columns: [Column], rows: [[String]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// The table's lines, each ending with a line break.
    func render() -> String {
        let cleanRows = rows.map { row in columns.indices.map { Self.clean($0 < row.count ? row[$0] : "") } }
        let titles = columns.map { Self.clean($0.title) }
        var widths = titles.map(DisplayWidth.of)
        for row in cleanRows {
            for (index, cell) in row.enumerated() {
                widths[index] = max(widths[index], DisplayWidth.of(cell))
            }
        }
        var lines = [line(titles, widths: widths)]
        lines.append(line(widths.map { String(repeating: "-", count: $0) }, widths: widths))
        lines += cleanRows.map { line($0, widths: widths) }
        return lines.map { $0 + "\n" }.joined()
    }

    private func line(_ cells: [String], widths: [Int]) -> String {
        var parts: [String] = []
        for (index, cell) in cells.enumerated() {
            let isLast = index == cells.count - 1
            switch columns[index].alignment {
            case .right:
                parts.append(DisplayWidth.padLeft(cell, to: widths[index]))
            case .left:
                parts.append(isLast ? cell : DisplayWidth.pad(cell, to: widths[index]))
            }
        }
        var text = parts.joined(separator: "  ")
        while text.last == " " { text.removeLast() }
        return text
    }

    /// The cell with control characters (C0, DEL, C1) replaced by `?`.
    static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            out.append(isControl(scalar) ? "?" : scalar)
        }
        return String(out)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)
    }
}
