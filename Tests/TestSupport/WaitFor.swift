import Foundation

/// Polls `condition` every 10 ms until it holds or `timeout` passed; returns its last value (for `#expect`).
@discardableResult
public func waitFor(timeout: Duration = .seconds(5), _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.01)
    }
    return try condition()
}
