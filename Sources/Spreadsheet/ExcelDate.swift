/// A date or date-time stored the way Excel stores it: a serial number of days.
///
/// In the 1900 system serial 1 is 1900-01-01 and, copying a Lotus 1-2-3 bug, serial 60 is the
/// non-existent 1900-02-29, so from 1900-03-01 on serial = days since 1899-12-30. In the 1904
/// system (old Mac workbooks) serial 0 is 1904-01-01. The fraction is the time of day.
public struct ExcelDate: Sendable, Hashable {
    /// The serial as stored in the workbook.
    public let serial: Double
    /// True when the serial counts from 1904-01-01 (`<workbookPr date1904="1"/>`).
    public let uses1904System: Bool

    private static let unixDayOf1899December30 = -25_569
    private static let unixDayOf1904January1 = -24_107
    /// 1904 serials are this many days behind 1900 serials.
    private static let offset1904 = 1_462.0
    /// 10000-01-01 in the 1900 system: Excel's last day is 9999-12-31.
    private static let serialLimit = 2_958_466.0

    /// A date from its serial, or nil when the serial is outside Excel's range (negative, NaN
    /// or after 9999-12-31).
    public init?(serial: Double, uses1904System: Bool = false) {
        let serial1900 = uses1904System ? serial + Self.offset1904 : serial
        guard serial.isFinite, serial >= 0, serial1900 < Self.serialLimit else { return nil }
        self.serial = serial
        self.uses1904System = uses1904System
    }

    /// A date in the 1900 system from calendar fields, or nil when they do not name a real
    /// moment between 1900-01-01 and 9999-12-31.
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        guard (1900...9999).contains(year), (1...12).contains(month), (1...31).contains(day),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        let unixDay = Self.daysFromCivil(year: year, month: month, day: day)
        guard Self.civil(fromDays: unixDay) == (year, month, day) else { return nil }  // 31 April
        // Before 1900-03-01 the serials are one lower because of the phantom 29 February.
        let leapBugShift = (year, month) < (1900, 3) ? 1 : 0
        let days = unixDay - Self.unixDayOf1899December30 - leapBugShift
        self.init(serial: Double(days) + Double(hour * 3600 + minute * 60 + second) / 86_400)
    }

    /// A date from ISO 8601 text as in `t="d"` cells: `2024-03-05`, `2024-03-05T14:30:00`,
    /// optionally with fractional seconds and a `Z` or `+08:00` suffix, which is ignored
    /// because spreadsheet dates have no time zone.
    public init?(iso text: String) {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(digits: 4), scanner.skip("-"), let month = scanner.number(digits: 2),
            scanner.skip("-"), let day = scanner.number(digits: 2)
        else { return nil }
        var clock = (hour: 0, minute: 0, second: 0)
        if scanner.skip("T") || scanner.skip(" ") {
            guard let hour = scanner.number(digits: 2), scanner.skip(":"), let minute = scanner.number(digits: 2)
            else { return nil }
            clock = (hour, minute, 0)
            if scanner.skip(":") {
                guard let second = scanner.number(digits: 2) else { return nil }
                clock.second = second
                if scanner.skip(".") { scanner.skipDigits() }
            }
        }
        guard scanner.isAtEnd || scanner.isTimeZoneSuffix else { return nil }
        self.init(year: year, month: month, day: day, hour: clock.hour, minute: clock.minute, second: clock.second)
    }

    /// The serial in the 1900 system, which is what writers store.
    var serialIn1900System: Double { uses1904System ? serial + Self.offset1904 : serial }

    /// `yyyy-MM-dd`, or `yyyy-MM-ddTHH:mm:ss` when the serial has a time of day (rounded to the
    /// second). Serial 60 of the 1900 system gives "1900-02-29", as Excel shows it; serial 0
    /// (a time without a date) gives 1899-12-31.
    public var iso: String {
        let seconds = Int((serial * 86_400).rounded())
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let date: (year: Int, month: Int, day: Int)
        if uses1904System {
            date = Self.civil(fromDays: days + Self.unixDayOf1904January1)
        } else if days == 60 {
            date = (1900, 2, 29)
        } else {
            date = Self.civil(fromDays: days + Self.unixDayOf1899December30 + (days < 60 ? 1 : 0))
        }
        var text = "\(date.year)-\(Self.twoDigits(date.month))-\(Self.twoDigits(date.day))"
        if secondOfDay > 0 {
            let (hour, rest) = secondOfDay.quotientAndRemainder(dividingBy: 3600)
            text += "T\(Self.twoDigits(hour)):\(Self.twoDigits(rest / 60)):\(Self.twoDigits(rest % 60))"
        }
        return text
    }

    /// Whether the serial has a time of day (to the second), which decides the writer's format.
    var hasTime: Bool { Int((serial * 86_400).rounded()) % 86_400 != 0 }

    private static func twoDigits(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }

    // Howard Hinnant's proleptic Gregorian algorithms; days are counted from 1970-01-01.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let year = month <= 2 ? year - 1 : year
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// Reads fixed-width numbers and separators from ASCII bytes.
private struct DigitScanner {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { position == bytes.count }

    /// `Z`, or `+hh:mm` / `-hh:mm`, up to the end.
    var isTimeZoneSuffix: Bool {
        let rest = bytes[position...]
        if rest.elementsEqual("Z".utf8) { return true }
        guard rest.count == 6, let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-")
        else { return false }
        var zone = DigitScanner(Array(rest.dropFirst()))
        return zone.number(digits: 2) != nil && zone.skip(":") && zone.number(digits: 2) != nil
    }

    mutating func number(digits: Int) -> Int? {
        guard position + digits <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[position..<position + digits] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        position += digits
        return value
    }

    mutating func skip(_ separator: Unicode.Scalar) -> Bool {
        guard position < bytes.count, bytes[position] == UInt8(ascii: separator) else { return false }
        position += 1
        return true
    }

    mutating func skipDigits() {
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
            position += 1
        }
    }
}
