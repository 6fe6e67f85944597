import Foundation

/// Timestamps are stored as ISO-8601 UTC text with milliseconds on both engines: portable,
/// readable, and — being fixed-width — sortable as strings.
public enum Timestamp {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    public static func now() -> String { string(from: Date()) }

    public static func string(from date: Date) -> String { style.format(date) }

    public static func date(from text: String) -> Date? { try? style.parse(text) }

    /// Today's date as `yyyy-MM-dd` (UTC), the format of dated region links.
    public static func today() -> String { String(now().prefix(10)) }
}
