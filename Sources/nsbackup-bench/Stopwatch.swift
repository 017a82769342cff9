import Foundation

/// Wall-clock timing and the process's peak resident memory, for benchmark tables.
enum Stopwatch {
    static func time<R>(_ body: () throws -> R) rethrows -> (R, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    /// VmHWM from /proc/self/status, in MiB.
    static func peakRSSMiB(pid: String = "self") -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kib = Double(line.split(whereSeparator: { $0 == " " || $0 == "\t" })[1]) else { return 0 }
        return kib / 1024
    }
}

/// Deterministic BPMN-like XML, compressible roughly like real Designer models.
enum Workload {
    static func xml(index: Int, size: Int) -> [UInt8] {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<bpmn:definitions id=\"defs-\(index)\">\n"
        var n = 0
        while text.utf8.count < size {
            text += "  <bpmn:task id=\"Task_\(index)_\(n)\" name=\"Check order \(n * 7919 % 10007)\">"
            text += "<bpmn:incoming>Flow_\(n)</bpmn:incoming><bpmn:outgoing>Flow_\(n + 1)</bpmn:outgoing></bpmn:task>\n"
            n += 1
        }
        return Array(text.utf8.prefix(size))
    }
}
