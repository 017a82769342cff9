import Foundation
import Testing

@testable import CLI

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("Jane's Services", 15),
        ("東京バックアップ", 16),  // CJK and Katakana: two columns each
        ("한국어", 6),  // Hangul syllables
        ("Café", 4),  // precomposed é
        ("Cafe\u{301}", 4),  // e + combining acute: one cluster
        ("ｆｕｌｌ", 8),  // fullwidth Latin
        ("🙂 ok", 5),  // emoji presentation
        ("❤\u{FE0F}", 2),  // text emoji made a picture by VS16
        ("a\u{200B}b", 2),  // zero-width space
        ("", 0),
    ])
    func columns(text: String, width: Int) {
        #expect(DisplayWidth.of(text) == width)
    }

    @Test func padding() {
        #expect(DisplayWidth.pad("東京", to: 6) == "東京  ")
        #expect(DisplayWidth.padLeft("42", to: 5) == "   42")
        #expect(DisplayWidth.pad("toolong", to: 3) == "toolong")
    }
}

@Suite struct TableTests {
    /// Each column starts at the same display column on every line, whatever the script of the cells.
    @Test func columnsAlignByDisplayWidth() {
        let table = Table(
            columns: [.init("Name"), .init("Namespace"), .init("Size", alignment: .right), .init("ID")],
            rows: [
                ["Janes first backup", "Jane's Services", "1.2 MiB", "a1"],
                ["東京のバックアップ", "ACME Corp.", "512 B", "b2"],
                ["Cafe\u{301} 🙂", "designer_testspace", "12.0 KiB", "c3"],
            ]
        )
        let lines = table.render().split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(lines.count == 5)
        #expect(lines[1].allSatisfy { $0 == "-" || $0 == " " })
        // The display column where "ID"'s cells start is the same on every line.
        let starts = lines.enumerated().map { index, line -> Int in
            let cell = index == 0 ? "ID" : index == 1 ? "--" : ["a1", "b2", "c3"][index - 2]
            let prefix = line.components(separatedBy: cell).dropLast().joined(separator: cell)
            return DisplayWidth.of(prefix)
        }
        #expect(Set(starts).count == 1, "ID column starts at \(starts)")
        // Right-aligned sizes end at the same column.
        let sizeEnds = lines[2...].enumerated().map { index, line -> Int in
            let size = ["1.2 MiB", "512 B", "12.0 KiB"][index]
            return DisplayWidth.of(line.components(separatedBy: size)[0]) + DisplayWidth.of(size)
        }
        #expect(Set(sizeEnds).count == 1, "Size column ends at \(sizeEnds)")
        #expect(lines.allSatisfy { !$0.hasSuffix(" ") })
    }

    @Test func headerRuleMatchesColumnWidths() {
        let table = Table(columns: [.init("Name"), .init("Status")], rows: [["Jane's first backup", "(Ready)"]])
        let lines = table.render().split(separator: "\n").map(String.init)
        #expect(lines[0] == "Name                 Status")
        #expect(lines[1] == "-------------------  -------")
        #expect(lines[2] == "Jane's first backup  (Ready)")
    }

    @Test func controlCharactersAreNeutralised() {
        let table = Table(columns: [.init("Name")], rows: [["evil\u{1B}[2Jname\ttab"]])
        let text = table.render()
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("evil?[2Jname?tab"))
    }

    @Test func statusLabelsAsTheSeedShowsThem() {
        #expect(BackupCommands.statusLabel("ready") == "(Ready)")
        #expect(BackupCommands.statusLabel("creating") == "(Creating)")
        #expect(BackupCommands.statusLabel("failed") == "(Failed)")
    }

    @Test func backupTableHasTheSeedsColumnsThenSizeAndID() {
        let backup = BackupResource(
            id: "6f1c",
            name: "Janes first backup",
            namespace: .init(id: "n1", name: "Jane's Services"),
            createdAt: "2021-03-11T15:47:11.000Z",
            status: "ready",
            sizeBytes: 1536
        )
        let text = BackupCommands.table([backup]).render()
        let header = text.split(separator: "\n")[0]
        #expect(
            header.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
                == "Name Namespace Creation Date Status Size ID"
        )
        #expect(text.contains(DateDisplay.format("2021-03-11T15:47:11.000Z")))
        #expect(text.contains("(Ready)"))
        #expect(text.contains("1.5 KiB"))
    }
}
