import Foundation

/// China Standard Time (UTC+8, no daylight saving) for people reading stored UTC timestamps, and
/// the UTC bounds of a Chinese calendar day for filtering them.
public enum ChinaTime {
    static let offset: TimeInterval = 8 * 3600

    private static func utcCalendar() -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        return calendar
    }

    /// "2026-12-04T10:30:00.000Z" → "2026-12-04 18:30"; text that is not an ISO-8601 UTC
    /// timestamp is returned unchanged, so a damaged value still shows.
    public static func format(_ timestamp: String) -> String {
        guard let date = parse(timestamp) else { return timestamp }
        let parts = utcCalendar().dateComponents([.year, .month, .day, .hour, .minute], from: date.addingTimeInterval(offset))
        return String(format: "%04d-%02d-%02d %02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!)
    }

    static func parse(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
    }

    /// The first instant of a CST day ("2026-12-04") as a stored timestamp ("2026-12-03T16:00:00.000Z");
    /// nil for text that is not a real `yyyy-MM-dd` date.
    public static func startOfDay(_ day: String) -> String? {
        let pieces = day.split(separator: "-")
        guard day.count == 10, pieces.count == 3, let year = Int(pieces[0]), let month = Int(pieces[1]), let dayOfMonth = Int(pieces[2]),
              let date = utcCalendar().date(from: DateComponents(year: year, month: month, day: dayOfMonth)),
              utcCalendar().dateComponents([.year, .month, .day], from: date) == DateComponents(year: year, month: month, day: dayOfMonth)
        else { return nil }
        return Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date.addingTimeInterval(-offset))
    }

    /// The first instant after a CST day, so that "to 2026-12-04" includes the whole of that day.
    public static func endOfDay(_ day: String) -> String? {
        guard let start = startOfDay(day), let date = parse(start) else { return nil }
        return Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date.addingTimeInterval(86_400))
    }
}
