import Foundation

/// How often lead departments report on their tasks.
public enum PeriodFrequency: String, Codable, Sendable, CaseIterable {
    case monthly
    case quarterly
    case yearly

    public var chineseName: String {
        switch self {
        case .monthly: "按月"
        case .quarterly: "按季度"
        case .yearly: "按年"
        }
    }

    public var englishName: String {
        switch self {
        case .monthly: "Monthly"
        case .quarterly: "Quarterly"
        case .yearly: "Yearly"
        }
    }
}

/// A reporting period's dates, before it is stored: "2027年第1季度", 2027-01-01 to 2027-03-31,
/// reports due 2027-04-10.
public struct PeriodWindow: Codable, Sendable, Equatable {
    public var frequency: PeriodFrequency
    public var startsOn: CalendarDay
    public var endsOn: CalendarDay
    public var dueOn: CalendarDay

    /// Reports are due this many days after a period ends unless the planner sets another date.
    public static let defaultDaysToReport = 10

    /// The period of `frequency` that contains `day`, due `defaultDaysToReport` days after it ends.
    public init(frequency: PeriodFrequency, containing day: CalendarDay, dueOn: CalendarDay? = nil) {
        let firstMonth: Int
        let months: Int
        switch frequency {
        case .monthly: (firstMonth, months) = (day.month, 1)
        case .quarterly: (firstMonth, months) = ((day.month - 1) / 3 * 3 + 1, 3)
        case .yearly: (firstMonth, months) = (1, 12)
        }
        self.frequency = frequency
        startsOn = CalendarDay(year: day.year, month: firstMonth, day: 1)!
        endsOn = startsOn.endOfMonth(addingMonths: months - 1)
        self.dueOn = dueOn ?? endsOn.adding(days: Self.defaultDaysToReport)
    }

    /// The period after this one, due the same number of days after its end.
    public var next: PeriodWindow {
        let following = PeriodWindow(frequency: frequency, containing: endsOn.adding(days: 1))
        return PeriodWindow(frequency: frequency, containing: following.startsOn,
                            dueOn: following.endsOn.adding(days: endsOn.days(to: dueOn)))
    }

    public var chineseLabel: String {
        switch frequency {
        case .monthly: "\(startsOn.year)年\(startsOn.month)月"
        case .quarterly: "\(startsOn.year)年第\((startsOn.month - 1) / 3 + 1)季度"
        case .yearly: "\(startsOn.year)年度"
        }
    }

    public var englishLabel: String {
        switch frequency {
        case .monthly: String(format: "%04d-%02d", startsOn.year, startsOn.month)
        case .quarterly: "\(startsOn.year) Q\((startsOn.month - 1) / 3 + 1)"
        case .yearly: "\(startsOn.year)"
        }
    }

    /// Refuses a due date before the period ends.
    public func validated() throws(JunhengError) -> PeriodWindow {
        if dueOn < endsOn { throw .invalid(field: "dueOn", "报送截止日期不能早于周期结束日（\(endsOn)）") }
        return self
    }
}

/// Whether departments may still file reports for a period.
public enum PeriodStatus: String, Codable, Sendable, CaseIterable {
    case open
    case closed

    public var chineseName: String { self == .open ? "填报中" : "已关闭" }
    public var englishName: String { self == .open ? "Open" : "Closed" }
}
