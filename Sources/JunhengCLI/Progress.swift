import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The line a progress bar shows, as a pure function of what is done, the total (when known)
/// and the time taken: `import a.csv [########------------] 412,345/1,000,000 rows 41% 0:06, ETA 0:08`.
/// Without a total it shows the count and the time only.
struct ProgressLine: Equatable {
    var label: String
    var done: Int
    var total: Int?
    var unit: String
    /// Seconds since the work began.
    var elapsed: Double

    static let barWidth = 20

    var text: String {
        var parts = [label]
        if let total, total > 0 {
            let fraction = min(1, Double(done) / Double(total))
            let filled = Int((fraction * Double(Self.barWidth)).rounded(.down))
            parts.append("[" + String(repeating: "#", count: filled) + String(repeating: "-", count: Self.barWidth - filled) + "]")
            parts.append("\(Self.count(done))/\(Self.count(total)) \(unit)")
            parts.append("\(Int((fraction * 100).rounded(.down)))%")
            var time = Self.duration(elapsed)
            if let eta { time += ", ETA \(Self.duration(eta))" }
            parts.append(time)
        } else {
            parts.append("\(Self.count(done)) \(unit)")
            parts.append(Self.duration(elapsed))
        }
        return parts.joined(separator: " ")
    }

    /// Seconds still to go at the pace so far; nil before there is a pace to go by.
    var eta: Double? {
        guard let total, done > 0, elapsed >= 0.5, done <= total else { return nil }
        return elapsed / Double(done) * Double(total - done)
    }

    /// 1234567 → "1,234,567".
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    /// Whole seconds as "m:ss", or "h:mm:ss" from an hour.
    static func duration(_ seconds: Double) -> String {
        let total = Int(max(0, seconds).rounded())
        let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%d:%02d", minutes, rest)
    }
}

/// When to redraw: at most every `interval` seconds, and always for the final state, so a bar
/// fed a million updates draws a few dozen times.
struct RedrawThrottle {
    var interval: Double = 0.1
    private var last: Double?

    init(interval: Double = 0.1) {
        self.interval = interval
    }

    mutating func shouldDraw(at now: Double, isFinal: Bool = false) -> Bool {
        if !isFinal, let last, now - last < interval { return false }
        last = now
        return true
    }
}

/// A progress bar on standard error, for commands that take more than a second: redrawn in
/// place (carriage return) with counts and an estimate, at most ten times a second. Silent when
/// standard error is not a terminal (piped or redirected: logs stay clean) or with `--quiet`.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let unit: String
    private var total: Int?
    private let write: ((String) -> Void)?
    /// When the first count came: the work is timed from there.
    private var start: Date?
    private var throttle = RedrawThrottle()
    private var lastWidth = 0
    private let lock = NSLock()

    /// - Parameter write: where lines go; by default standard error when it is a terminal and
    ///   `quiet` is false, else nowhere.
    init(_ label: String, total: Int? = nil, unit: String, quiet: Bool, write: ((String) -> Void)? = nil) {
        self.label = label
        self.total = total
        self.unit = unit
        self.write = Self.output(quiet: quiet, isTerminal: write != nil || isatty(STDERR_FILENO) != 0,
                                 write: write ?? { FileHandle.standardError.write(Data($0.utf8)) })
    }

    /// Where the bar draws: nowhere when quiet or not on a terminal.
    static func output(quiet: Bool, isTerminal: Bool, write: @escaping (String) -> Void) -> ((String) -> Void)? {
        quiet || !isTerminal ? nil : write
    }

    /// Shows `done` (throttled).
    func update(_ done: Int) {
        draw(done, isFinal: false)
    }

    /// Shows the final count and ends the line.
    func finish(_ done: Int) {
        draw(done, isFinal: true)
    }

    /// Writes a line of its own to standard error (always, bar or no bar), above the bar.
    func log(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        let clear = write == nil || lastWidth == 0 ? "" : "\r" + String(repeating: " ", count: lastWidth) + "\r"
        lastWidth = 0
        FileHandle.standardError.write(Data((clear + line + "\n").utf8))
    }

    private func draw(_ done: Int, isFinal: Bool) {
        guard let write else { return }
        lock.lock()
        defer { lock.unlock() }
        let start = self.start ?? Date()
        self.start = start
        let elapsed = Date().timeIntervalSince(start)
        guard throttle.shouldDraw(at: elapsed, isFinal: isFinal) else { return }
        let text = ProgressLine(label: label, done: done, total: total, unit: unit, elapsed: elapsed).text
        // Spaces over what a longer earlier line left behind.
        let padding = String(repeating: " ", count: max(0, lastWidth - text.count))
        lastWidth = text.count
        write("\r" + text + padding + (isFinal ? "\n" : ""))
    }
}
