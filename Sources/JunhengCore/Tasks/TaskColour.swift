import Foundation

/// The supervision colour of a task (督查督办的红黄绿灯): computed from its progress, dates and
/// today, never typed — except as an audited override with a reason.
public enum TaskColour: String, Codable, Sendable, CaseIterable, Comparable {
    case red
    case yellow
    case green
    case blue

    public var chineseName: String {
        switch self {
        case .red: "红灯"
        case .yellow: "黄灯"
        case .green: "绿灯"
        case .blue: "蓝灯"
        }
    }

    public var englishName: String {
        switch self {
        case .red: "Red"
        case .yellow: "Yellow"
        case .green: "Green"
        case .blue: "Blue"
        }
    }

    /// What the colour says, in the words of a supervision office.
    public var chineseMeaning: String {
        switch self {
        case .red: "逾期或严重滞后"
        case .yellow: "滞后或临近时限"
        case .green: "按序时推进"
        case .blue: "已完成"
        }
    }

    public var englishMeaning: String {
        switch self {
        case .red: "Overdue or far behind"
        case .yellow: "Behind or due soon"
        case .green: "On schedule"
        case .blue: "Done"
        }
    }

    /// Red first: the order a supervision office reads a list in.
    public static func < (lhs: TaskColour, rhs: TaskColour) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The margins behind which a task turns yellow or red. A setting of the supervising office.
public struct ColourThresholds: Codable, Sendable, Equatable {
    /// Percentage points behind the time-proportional progress (序时进度) that turn a task yellow.
    public var yellowLag: Double
    /// Percentage points behind that turn it red.
    public var redLag: Double
    /// A task not done within this many days of its due date is yellow.
    public var dueSoonDays: Int

    public static let standard = ColourThresholds(yellowLag: 10, redLag: 25, dueSoonDays: 30)

    public init(yellowLag: Double, redLag: Double, dueSoonDays: Int) {
        self.yellowLag = yellowLag
        self.redLag = redLag
        self.dueSoonDays = dueSoonDays
    }

    /// Refuses margins that would make yellow unreachable or negative.
    public func validated() throws(JunhengError) -> ColourThresholds {
        var issues: [ValidationIssue] = []
        if yellowLag < 0 { issues.append(ValidationIssue(field: "yellowLag", reason: "黄灯滞后幅度不能为负数")) }
        if redLag < yellowLag { issues.append(ValidationIssue(field: "redLag", reason: "红灯滞后幅度不能小于黄灯滞后幅度")) }
        if dueSoonDays < 0 { issues.append(ValidationIssue(field: "dueSoonDays", reason: "临期天数不能为负数")) }
        if !issues.isEmpty { throw .invalid(issues) }
        return self
    }
}

/// Why a task has its colour; pages say it in the reader's language.
public enum ColourReason: Sendable, Equatable {
    case done
    case overdue(days: Int)
    case behind(points: Double, expected: Double)
    case dueSoon(days: Int)
    case onSchedule(expected: Double?)
    case overridden(reason: String)

    public var chineseText: String {
        switch self {
        case .done: "已完成"
        case .overdue(let days): "已逾期 \(days) 天"
        case .behind(let points, let expected): "落后序时进度 \(Self.format(points)) 个百分点（序时进度 \(Self.format(expected))%）"
        case .dueSoon(let days): days == 0 ? "今天到期，尚未完成" : "距完成时限 \(days) 天，尚未完成"
        case .onSchedule(let expected): expected.map { "达到序时进度（\(Self.format($0))%）" } ?? "未设完成时限"
        case .overridden(let reason): "人工调整：\(reason)"
        }
    }

    public var englishText: String {
        switch self {
        case .done: "Done"
        case .overdue(let days): "Overdue by \(days) day\(days == 1 ? "" : "s")"
        case .behind(let points, let expected): "\(Self.format(points)) points behind schedule (expected \(Self.format(expected))%)"
        case .dueSoon(let days): days == 0 ? "Due today and not done" : "Due in \(days) day\(days == 1 ? "" : "s") and not done"
        case .onSchedule(let expected): expected.map { "On schedule (expected \(Self.format($0))%)" } ?? "No due date"
        case .overridden(let reason): "Set by hand: \(reason)"
        }
    }

    /// A whole number without decimals, else one decimal: 10, 12.5.
    public static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}

/// The colour rules (OpenProject and supervision practice): blue when done; red when overdue or
/// more than `redLag` points behind the time-proportional progress; yellow when more than
/// `yellowLag` behind or due within `dueSoonDays`; green otherwise.
public enum TaskColourRules {
    /// The time-proportional progress (序时进度) on `today`: the share of the time from start to
    /// due that has passed. A zero-length task is expected complete from its due day on. Nil
    /// without both dates.
    public static func expectedPercent(start: CalendarDay?, due: CalendarDay?, today: CalendarDay) -> Double? {
        guard let start, let due else { return nil }
        let length = start.days(to: due)
        if length <= 0 { return today >= due ? 100 : 0 }
        return TaskProgressRules.clamp(100 * Double(start.days(to: today)) / Double(length))
    }

    public static func colour(progress: Double?, isDone: Bool, start: CalendarDay?, due: CalendarDay?, today: CalendarDay,
                              thresholds: ColourThresholds = .standard) -> (colour: TaskColour, reason: ColourReason) {
        let percent = progress ?? 0
        if isDone || percent >= 100 { return (.blue, .done) }
        if let due, today > due { return (.red, .overdue(days: due.days(to: today))) }
        let expected = expectedPercent(start: start, due: due, today: today)
        if let expected {
            let lag = expected - percent
            if lag > thresholds.redLag { return (.red, .behind(points: lag, expected: expected)) }
            if lag > thresholds.yellowLag { return (.yellow, .behind(points: lag, expected: expected)) }
        }
        if let due {
            let left = today.days(to: due)
            if left <= thresholds.dueSoonDays { return (.yellow, .dueSoon(days: left)) }
        }
        return (.green, .onSchedule(expected: expected))
    }

    /// Counts by colour, every colour present (zeros included) so tables line up.
    public static func counts(_ colours: [TaskColour]) -> [TaskColour: Int] {
        var counts = Dictionary(uniqueKeysWithValues: TaskColour.allCases.map { ($0, 0) })
        for colour in colours { counts[colour, default: 0] += 1 }
        return counts
    }
}
