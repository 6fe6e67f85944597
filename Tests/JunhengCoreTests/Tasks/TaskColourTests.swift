import JunhengCore
import Testing

@Suite struct TaskColourTests {
    private let start = CalendarDay("2026-01-01")!
    private let due = CalendarDay("2026-12-31")!

    private func colour(_ progress: Double?, today: String, done: Bool = false, start: CalendarDay? = nil, due: CalendarDay? = nil)
        -> (TaskColour, ColourReason) {
        let result = TaskColourRules.colour(progress: progress, isDone: done, start: start ?? self.start, due: due ?? self.due,
                                            today: CalendarDay(today)!)
        return (result.colour, result.reason)
    }

    @Test func aTaskPastItsDueDateTurnsRedWithoutAnyoneTouchingIt() {
        #expect(colour(95, today: "2027-01-03") == (.red, .overdue(days: 3)))
    }

    @Test func aTaskDueTodayIsYellowNotRed() {
        #expect(colour(95, today: "2026-12-31") == (.yellow, .dueSoon(days: 0)))
    }

    @Test func doneIsBlueEvenWhenLate() {
        #expect(colour(40, today: "2027-03-01", done: true).0 == .blue)
        #expect(colour(100, today: "2027-03-01").0 == .blue)
    }

    @Test func lagBeyondTheMarginsTurnsYellowThenRed() {
        // 2026-07-02 is day 182 of a 364-day span: expected 50 %.
        #expect(TaskColourRules.expectedPercent(start: start, due: due, today: CalendarDay("2026-07-02")!) == 50)
        #expect(colour(40, today: "2026-07-02").0 == .green, "exactly 10 points behind is still on schedule")
        #expect(colour(39, today: "2026-07-02") == (.yellow, .behind(points: 11, expected: 50)))
        #expect(colour(25, today: "2026-07-02").0 == .yellow, "exactly 25 behind is yellow")
        #expect(colour(24, today: "2026-07-02") == (.red, .behind(points: 26, expected: 50)))
        #expect(colour(nil, today: "2026-07-02").0 == .red, "no report counts as no progress")
    }

    @Test func dueWithinThirtyDaysAndNotDoneIsYellow() {
        #expect(colour(95, today: "2026-12-01") == (.yellow, .dueSoon(days: 30)))
        #expect(colour(95, today: "2026-11-30").0 == .green)
    }

    @Test func aZeroLengthTaskIsExpectedCompleteOnItsDay() {
        let day = CalendarDay("2026-06-30")!
        #expect(TaskColourRules.expectedPercent(start: day, due: day, today: CalendarDay("2026-06-29")!) == 0)
        #expect(TaskColourRules.expectedPercent(start: day, due: day, today: day) == 100)
        #expect(colour(0, today: "2026-06-29", start: day, due: day) == (.yellow, .dueSoon(days: 1)))
    }

    @Test func withoutDatesOnlyDoneAndGreenArePossible() {
        let result = TaskColourRules.colour(progress: 0, isDone: false, start: nil, due: nil, today: CalendarDay("2030-01-01")!)
        #expect(result.colour == .green && result.reason == .onSchedule(expected: nil))
    }

    @Test func thresholdsRefuseARedMarginBelowTheYellowOne() {
        #expect(throws: JunhengError.invalid([ValidationIssue(field: "redLag", reason: "红灯滞后幅度不能小于黄灯滞后幅度")])) {
            try ColourThresholds(yellowLag: 20, redLag: 10, dueSoonDays: 30).validated()
        }
    }

    @Test func countsListEveryColourRedFirst() {
        let counts = TaskColourRules.counts([.green, .red, .green])
        #expect(counts == [.red: 1, .yellow: 0, .green: 2, .blue: 0])
        #expect(TaskColour.allCases.sorted() == [.red, .yellow, .green, .blue])
    }
}
