import JunhengCore
import Testing

@Suite struct ReportingPeriodTests {
    @Test func aQuarterRunsFromItsFirstToItsLastDayAndIsDueTenDaysLater() {
        let window = PeriodWindow(frequency: .quarterly, containing: CalendarDay("2027-02-14")!)
        #expect(window.startsOn == CalendarDay("2027-01-01"))
        #expect(window.endsOn == CalendarDay("2027-03-31"))
        #expect(window.dueOn == CalendarDay("2027-04-10"))
        #expect(window.chineseLabel == "2027年第1季度" && window.englishLabel == "2027 Q1")
    }

    @Test func monthlyAndYearlyPeriodsHandleLeapYears() {
        let february = PeriodWindow(frequency: .monthly, containing: CalendarDay("2028-02-03")!)
        #expect(february.endsOn == CalendarDay("2028-02-29") && february.chineseLabel == "2028年2月")
        let year = PeriodWindow(frequency: .yearly, containing: CalendarDay("2026-07-01")!)
        #expect(year.startsOn == CalendarDay("2026-01-01") && year.endsOn == CalendarDay("2026-12-31"))
    }

    @Test func theNextPeriodKeepsTheGapToItsDueDate() {
        let q4 = PeriodWindow(frequency: .quarterly, containing: CalendarDay("2026-11-01")!, dueOn: CalendarDay("2027-01-15"))
        let q1 = q4.next
        #expect(q1.startsOn == CalendarDay("2027-01-01") && q1.endsOn == CalendarDay("2027-03-31"))
        #expect(q1.dueOn == CalendarDay("2027-04-15"))
    }

    @Test func aDueDateBeforeThePeriodEndsIsRefused() {
        let window = PeriodWindow(frequency: .quarterly, containing: CalendarDay("2027-02-14")!, dueOn: CalendarDay("2027-03-01"))
        #expect(throws: JunhengError.invalid(field: "dueOn", "报送截止日期不能早于周期结束日（2027-03-31）")) {
            try window.validated()
        }
    }

    @Test func calendarDaysReadWhatClerksTypeAndRefuseImpossibleDates() {
        #expect(CalendarDay("2026年3月31日") == CalendarDay(year: 2026, month: 3, day: 31))
        #expect(CalendarDay("2026/3/1")?.description == "2026-03-01")
        #expect(CalendarDay("2026-02-30") == nil)
        #expect(CalendarDay("2026-12-31")!.days(to: CalendarDay("2027-03-01")!) == 60)
    }
}

@Suite struct ProgressReportLifecycleTests {
    @Test func aReportGoesDraftSubmittedReturnedSubmittedApproved() throws {
        var status = ReportStatus.draft
        status = try status.next(for: .submit)
        #expect(status == .submitted && !status.isEditable)
        status = try status.next(for: .returnToDepartment)
        #expect(status == .returned && status.isEditable)
        status = try status.next(for: .submit)
        status = try status.next(for: .approve)
        #expect(status == .approved)
    }

    @Test func anApprovedReportCannotBeReturnedOrEdited() {
        #expect(throws: JunhengError.conflict("进展报告当前为“已通过”，不能退回")) {
            try ReportStatus.approved.next(for: .returnToDepartment)
        }
        #expect(throws: JunhengError.conflict("进展报告当前为“草稿”，不能审核通过")) {
            try ReportStatus.draft.next(for: .approve)
        }
    }

    @Test func returningNeedsACommentAndSubmittingNeedsProgressText() {
        let issues = ProgressReportRules.problems(progressText: " ", percent: 120, fundsUsed: -1, step: .submit, comment: "")
        #expect(issues.map(\.field) == ["progress", "percent", "fundsUsed"])
        #expect(ProgressReportRules.problems(progressText: "", percent: nil, fundsUsed: nil, step: .returnToDepartment,
                                             comment: "").map(\.reason) == ["退回时请写明退回意见"])
    }
}
