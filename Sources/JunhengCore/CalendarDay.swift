import Foundation

/// A day in the calendar without a time or zone ("2026-03-31"), as due dates and reporting periods
/// are written in Chinese government documents. Day arithmetic uses the Julian day number, so it
/// needs no `Calendar` and behaves the same on every machine.
public struct CalendarDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Nil for a date that does not exist (2026-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Self.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `2026-03-31`, also `2026/3/31`, `2026.3.31` and `2026年3月31日` as clerks type them.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces)
            .split(whereSeparator: { "-/.年月日".contains($0) }).map(String.init)
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day in China of an instant (a stored UTC timestamp is shown and judged in Beijing time).
    public init(chinaDayOf date: Date) {
        // 2440588 is the Julian day number of 1970-01-01.
        let days = ((date.timeIntervalSince1970 + ChinaTime.offset) / 86_400).rounded(.down)
        self.init(julianDay: 2_440_588 + Int(days))
    }

    /// Today in China.
    public static var today: CalendarDay { CalendarDay(chinaDayOf: Date()) }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public var chineseText: String { "\(year)年\(month)月\(day)日" }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Days from `self` to `other`: positive when `other` is later.
    public func days(to other: CalendarDay) -> Int { other.julianDay - julianDay }

    public func adding(days: Int) -> CalendarDay { CalendarDay(julianDay: julianDay + days) }

    /// The last day of the month `months` after this day's month (0: this month's last day).
    public func endOfMonth(addingMonths months: Int = 0) -> CalendarDay {
        let index = year * 12 + (month - 1) + months
        let (y, m) = (index / 12, index % 12 + 1)
        return CalendarDay(year: y, month: m, day: Self.daysIn(month: m, year: y))!
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = CalendarDay(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "不是有效日期：\(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private var julianDay: Int { Self.julianDay(year: year, month: month, day: day) }

    private static func julianDay(year: Int, month: Int, day: Int) -> Int {
        let a = (14 - month) / 12
        let y = year + 4800 - a
        let m = month + 12 * a - 3
        return day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
    }

    private init(julianDay: Int) {
        let a = julianDay + 32044
        let b = (4 * a + 3) / 146097
        let c = a - 146097 * b / 4
        let d = (4 * c + 3) / 1461
        let e = c - 1461 * d / 4
        let m = (5 * e + 2) / 153
        day = e - (153 * m + 2) / 5 + 1
        month = m + 3 - 12 * (m / 10)
        year = 100 * b + d - 4800 + m / 10
    }
}
