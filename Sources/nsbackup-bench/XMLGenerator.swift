/// Deterministic BPMN-like XML, compressible roughly like real Designer models (deflate level 1: about 4:1), and
/// different for every index (ids and names come from an index-seeded generator), so that no tool can compress one
/// item against its neighbour's identical bytes.
///
/// Written straight into the caller's buffer with `memcpy`-sized pieces: about 1 GB/s, so that generating W3's
/// gibibyte costs about a second.
enum XMLGenerator {
    /// `size` bytes of XML for item `index`.
    static func xml(index: Int, size: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            fill(UnsafeMutableRawBufferPointer(buffer), index: index)
            initialized = size
        }
    }

    /// Fills all of `buffer` with XML for item `index` (the last element is cut where the buffer ends).
    static func fill(_ buffer: UnsafeMutableRawBufferPointer, index: Int) {
        var out = Output(buffer: buffer)
        var random = UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15 | 1
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"Definitions_")
        out.append(number: index)
        out.append("\">\n <bpmn:process id=\"Process_")
        out.append(number: index)
        out.append("\" isExecutable=\"true\">\n")
        var line = 0
        while !out.isFull {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let element = elements[Int(random >> 60) & 3]
            out.append("  <bpmn:")
            out.append(element)
            out.append(" id=\"Activity_")
            out.append(number: Int(random >> 40) & 0xFFFFF)
            out.append("\" name=\"")
            out.append(names[Int(random >> 33) & 7])
            out.append(" ")
            out.append(number: line)
            out.append("\"><bpmn:incoming>Flow_")
            out.append(number: Int(random >> 20) & 0xFFFFF)
            out.append("</bpmn:incoming><bpmn:outgoing>Flow_")
            out.append(number: Int(random >> 8) & 0xFFFFF)
            out.append("</bpmn:outgoing></bpmn:")
            out.append(element)
            out.append(">\n")
            line += 1
        }
    }

    private static let elements: [StaticString] = ["task", "userTask", "serviceTask", "exclusiveGateway"]
    private static let names: [StaticString] = [
        "Check order", "Approve invoice", "Send confirmation", "Reserve stock",
        "Notify customer", "Escalate ticket", "Calculate price", "Archive case",
    ]

    /// A cursor over the buffer that drops whatever does not fit.
    private struct Output {
        let buffer: UnsafeMutableRawBufferPointer
        var offset = 0

        init(buffer: UnsafeMutableRawBufferPointer) { self.buffer = buffer }

        var isFull: Bool { offset >= buffer.count }

        mutating func append(_ text: StaticString) {
            append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        mutating func append(number: Int) {
            var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: enough for any Int in decimal
            withUnsafeMutableBytes(of: &digits) { scratch in
                var value = number.magnitude
                var start = scratch.count
                repeat {
                    start -= 1
                    scratch[start] = UInt8(48 + value % 10)
                    value /= 10
                } while value > 0
                append(UnsafeRawBufferPointer(rebasing: scratch[start...]))
            }
        }

        mutating func append(_ bytes: UnsafeRawBufferPointer) {
            let count = min(bytes.count, buffer.count - offset)
            guard count > 0, let base = buffer.baseAddress, let source = bytes.baseAddress else { return }
            (base + offset).copyMemory(from: source, byteCount: count)
            offset += count
        }
    }
}
