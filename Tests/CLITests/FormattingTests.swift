import Foundation
import Testing

@testable import CLI

@Suite struct ByteFormatTests {
    @Test(arguments: [
        (Int64(0), "0 B"), (1023, "1023 B"), (1024, "1.0 KiB"), (1536, "1.5 KiB"), (1_048_575, "1.0 MiB"),
        (12_897_484, "12.3 MiB"), (4 << 30, "4.0 GiB"),
    ])
    func sizes(bytes: Int64, text: String) {
        #expect(ByteFormat.size(bytes) == text)
    }

    @Test(arguments: [(0.0, "0:00"), (7.4, "0:07"), (754, "12:34"), (3723, "1:02:03")])
    func durations(seconds: Double, text: String) {
        #expect(ByteFormat.duration(seconds: seconds) == text)
    }

    @Test func rate() {
        #expect(ByteFormat.rate(4 * 1_048_576) == "4.0 MiB/s")
    }
}

@Suite struct ProgressBarTests {
    @Test func halfwayWithRateAndETA() {
        let line = ProgressBar.render(completed: 12 << 20, total: 24 << 20, bytesPerSecond: Double(4 << 20), width: 100)
        #expect(line.hasSuffix(" 50%  12.0 MiB / 24.0 MiB  4.0 MiB/s  ETA 0:03"))
        let bar = line.prefix { $0 != " " }
        #expect(bar.hasPrefix("[") && bar.hasSuffix("]"))
        let inside = bar.dropFirst().dropLast()
        #expect(inside.filter { $0 == "#" }.count == inside.count / 2)
        #expect(line.count <= 99)
    }

    @Test func neverWiderThanTheTerminal() {
        for width in [20, 40, 60, 80, 200] {
            let line = ProgressBar.render(completed: 1, total: 3 << 30, bytesPerSecond: 1000, width: width)
            #expect(line.count < width, "width \(width): \(line)")
        }
    }

    @Test func unknownRateShowsDashes() {
        let line = ProgressBar.render(completed: 0, total: 1000, bytesPerSecond: nil, width: 80)
        #expect(line.contains("  0%"))
        #expect(line.contains("-- B/s"))
        #expect(line.hasSuffix("ETA --:--"))
        #expect(!line.contains("#"))
    }

    @Test func completeBarIsFull() {
        let line = ProgressBar.render(completed: 1000, total: 1000, bytesPerSecond: 500, width: 80)
        #expect(line.contains("100%"))
        #expect(!line.contains("."))
        #expect(line.hasSuffix("ETA 0:00"))
    }

    @Test func unknownTotalShowsBytesAndRate() {
        #expect(
            ProgressBar.render(completed: 2048, total: nil, bytesPerSecond: 1024, width: 80) == "2.0 KiB  1.0 KiB/s"
        )
    }
}

@Suite struct ContentDispositionTests {
    @Test func extendedNameWinsOverThePlainOne() {
        let header =
            "attachment; filename=\"Jane_s backup_2021-03-11_15-47.zip\"; filename*=UTF-8''J%C3%A4ne%27s%20backup_2021-03-11_15-47.zip"
        #expect(ContentDisposition.fileName(from: header) == "Jäne's backup_2021-03-11_15-47.zip")
    }

    @Test func extendedNameFirstInTheHeaderToo() {
        let header = "attachment; filename*=utf-8'en'%E6%9D%B1%E4%BA%AC.zip; filename=\"fallback.zip\""
        #expect(ContentDisposition.fileName(from: header) == "東京.zip")
    }

    @Test func plainQuotedNameWithEscapesAndSemicolons() {
        #expect(ContentDisposition.fileName(from: #"attachment; filename="a \"b\"; c.zip""#) == #"a "b"; c.zip"#)
        #expect(ContentDisposition.fileName(from: "attachment; filename=plain.zip") == "plain.zip")
        #expect(ContentDisposition.fileName(from: "attachment;FILENAME = spaced.zip ") == "spaced.zip")
    }

    @Test func latin1ExtendedValue() {
        #expect(ContentDisposition.fileName(from: "attachment; filename*=iso-8859-1''caf%E9.zip") == "café.zip")
    }

    @Test func unusableExtendedValueFallsBackToPlain() {
        #expect(
            ContentDisposition.fileName(from: "attachment; filename*=koi8-r''%C1.zip; filename=\"x.zip\"") == "x.zip"
        )
        #expect(ContentDisposition.fileName(from: "attachment; filename*=UTF-8''%ZZ; filename=\"y.zip\"") == "y.zip")
    }

    @Test func noFileName() {
        #expect(ContentDisposition.fileName(from: "attachment") == nil)
        #expect(ContentDisposition.fileName(from: "inline; size=3") == nil)
    }

    @Test(arguments: [
        ("../../etc/passwd", "passwd"), ("/abs/name.zip", "name.zip"), (#"C:\dir\n.zip"#, "n.zip"),
        ("bell\u{7}.zip", "bell.zip"), ("  padded.zip ", "padded.zip"),
    ])
    func safeNamesKeepOnlyTheLastComponent(name: String, safe: String) {
        #expect(ContentDisposition.safeFileName(name) == safe)
    }

    @Test(arguments: ["..", ".", "", "a/", "/", "\u{1}"])
    func unusableNamesAreRefused(name: String) {
        if name == "a/" {
            #expect(ContentDisposition.safeFileName(name) == "a")
        } else {
            #expect(ContentDisposition.safeFileName(name) == nil)
        }
    }
}

@Suite struct ContentRangeTests {
    @Test func parsesARange() {
        let range = ContentRange("bytes 100-999/1000")
        #expect(range == ContentRange(first: 100, last: 999, completeLength: 1000))
        #expect(ContentRange("bytes 0-0/*")?.completeLength == nil)
    }

    @Test(arguments: ["bytes */1000", "items 0-1/2", "bytes 5-4/10", "bytes 0-10/10", "bytes a-b/c", ""])
    func refusesOtherForms(header: String) {
        #expect(ContentRange(header) == nil)
    }
}

@Suite struct DateDisplayTests {
    @Test func formatsInTheGivenZone() throws {
        let utc = try #require(TimeZone(identifier: "UTC"))
        #expect(DateDisplay.format("2021-03-11T15:47:11.123Z", timeZone: utc) == "11-03-2021 15:47:11")
        #expect(DateDisplay.format("2021-03-11T15:47:11Z", timeZone: utc) == "11-03-2021 15:47:11")
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        #expect(DateDisplay.format("2021-03-11T23:30:00.000Z", timeZone: berlin) == "12-03-2021 00:30:00")
    }

    @Test func keepsWhatItCannotRead() {
        #expect(DateDisplay.format("yesterday") == "yesterday")
        #expect(DateDisplay.format(nil) == "-")
    }
}
