/// When reports fall due. The annual monitoring report of a year follows its figures (due by
/// 31 March of the next year, ``FigureDeadline``) by a quarter: it is due by 30 June. The mid-term
/// evaluation of a plan looks at its middle year and is due by 30 June of the year after it.
public enum ReportSchedule {
    /// A report that is due: which kind, about which year (and plan), by when.
    public struct Due: Sendable, Equatable {
        public var kind: ReportKind
        public var year: Int
        public var planID: Int64?
        public var dueOn: CalendarDay

        public init(kind: ReportKind, year: Int, planID: Int64?, dueOn: CalendarDay) {
            self.kind = kind
            self.year = year
            self.planID = planID
            self.dueOn = dueOn
        }
    }

    /// The last day for the annual report of `year`.
    public static func annualDeadline(forYear year: Int) -> CalendarDay { CalendarDay(year: year + 1, month: 6, day: 30)! }

    /// The middle year of a plan running `start` to `end` (2016–2020: 2018).
    public static func midpoint(start: Int, end: Int) -> Int { start + (end - start) / 2 }

    /// The reports due on `today`: last year's annual report from 1 April (once its figures are
    /// due) until it is published, and each plan's mid-term evaluation from the start of the year
    /// after its midpoint until the plan ends. `published` says whether one is already out.
    public static func due(today: CalendarDay, plans: [(id: Int64, start: Int, end: Int)],
                           published: (ReportKind, Int, Int64?) -> Bool) -> [Due] {
        var due: [Due] = []
        let figuresYear = today > FigureDeadline.deadline(forYear: today.year - 1) ? today.year - 1 : today.year - 2
        if !published(.annual, figuresYear, nil) {
            due.append(Due(kind: .annual, year: figuresYear, planID: nil, dueOn: annualDeadline(forYear: figuresYear)))
        }
        for plan in plans where plan.end > plan.start {
            let middle = midpoint(start: plan.start, end: plan.end)
            guard today.year > middle, today.year <= plan.end, !published(.midterm, middle, plan.id) else { continue }
            due.append(Due(kind: .midterm, year: middle, planID: plan.id, dueOn: annualDeadline(forYear: middle)))
        }
        return due
    }
}
