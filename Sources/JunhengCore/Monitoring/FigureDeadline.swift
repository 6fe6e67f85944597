/// When a year's figures are due: by the end of March of the next year (the statistical
/// yearbooks' rhythm), the day early warnings count a figure as missing from.
public enum FigureDeadline {
    /// The month and day, as `Monitoring.dueYear` compares it with today.
    public static let monthDay = "03-31"

    /// The last day to report `year`'s figures: 31 March of the year after.
    public static func deadline(forYear year: Int) -> CalendarDay {
        CalendarDay(year: year + 1, month: 3, day: 31)!
    }
}
