import JunhengCore
import Testing

@Suite struct ReportScheduleTests {
    static let plan = (id: Int64(7), start: 2016, end: 2020)

    @Test func lastYearsAnnualReportIsDueByJuneOnceItsFiguresAreDue() {
        let before = ReportSchedule.due(today: CalendarDay(year: 2019, month: 3, day: 31)!, plans: [], published: { _, _, _ in false })
        #expect(before.map(\.year) == [2017], "on 31 March the 2018 figures are not due yet")
        let after = ReportSchedule.due(today: CalendarDay(year: 2019, month: 4, day: 1)!, plans: [], published: { _, _, _ in false })
        #expect(after == [ReportSchedule.Due(kind: .annual, year: 2018, planID: nil, dueOn: CalendarDay(year: 2019, month: 6, day: 30)!)])
    }

    @Test func aPublishedReportIsNoLongerDue() {
        let due = ReportSchedule.due(today: CalendarDay(year: 2019, month: 5, day: 1)!, plans: [Self.plan],
                                     published: { kind, year, _ in kind == .annual && year == 2018 })
        #expect(due.map(\.kind) == [.midterm])
    }

    @Test func theMidtermEvaluationIsDueFromTheYearAfterThePlansMiddleUntilItEnds() {
        func midterm(_ year: Int) -> [ReportSchedule.Due] {
            ReportSchedule.due(today: CalendarDay(year: year, month: 5, day: 1)!, plans: [Self.plan], published: { _, _, _ in false })
                .filter { $0.kind == .midterm }
        }
        #expect(ReportSchedule.midpoint(start: 2016, end: 2020) == 2018)
        #expect(midterm(2018).isEmpty)
        #expect(midterm(2019) == [ReportSchedule.Due(kind: .midterm, year: 2018, planID: 7, dueOn: CalendarDay(year: 2019, month: 6, day: 30)!)])
        #expect(midterm(2021).isEmpty, "after the plan's end it is the final evaluation's turn")
    }
}
