import JunhengCore
import Testing

@Suite struct TaskProgressTests {
    private func leaf(_ percent: Double, weight: Double? = nil) -> WeightedProgress { WeightedProgress(percent: percent, weight: weight) }

    @Test func childrenAtTenFiftyNinetyRollUpToFiftyAsDecidimPublishes() {
        #expect(TaskProgressRules.rollUp([leaf(10), leaf(50), leaf(90)]) == 50)
    }

    @Test func weightsPointTwoPointThreePointFiveGiveSixtyTwoAsDecidimPublishes() throws {
        let value = try #require(TaskProgressRules.rollUp([leaf(10, weight: 0.2), leaf(50, weight: 0.3), leaf(90, weight: 0.5)]))
        #expect(abs(value - 62) < 1e-9)
    }

    @Test func weightsThatDoNotSumToOneAreNormalised() throws {
        let value = try #require(TaskProgressRules.rollUp([leaf(10, weight: 2), leaf(50, weight: 3), leaf(90, weight: 5)]))
        #expect(abs(value - 62) < 1e-9)
        let heavy = try #require(TaskProgressRules.rollUp([leaf(0, weight: 3), leaf(100, weight: 1)]))
        #expect(heavy == 25)
    }

    @Test func aMissingOrZeroWeightFallsBackToThePlainMean() {
        #expect(TaskProgressRules.rollUp([leaf(0, weight: 3), leaf(100)]) == 50)
        #expect(TaskProgressRules.rollUp([leaf(0, weight: 0), leaf(100, weight: 1)]) == 50)
        #expect(TaskProgressRules.rollUp([]) == nil)
    }

    @Test func eachMethodComputesItsOwnPercent() {
        #expect(TaskProgressRules.ownPercent(OwnProgressInput(method: .manual, manualPercent: 37)) == 37)
        #expect(TaskProgressRules.ownPercent(OwnProgressInput(method: .manual)) == nil)
        #expect(TaskProgressRules.ownPercent(OwnProgressInput(method: .status, status: .inProgress)) == 50)
        let custom = TaskStatusScale(percents: [.notStarted: 0, .inProgress: 30, .nearlyDone: 80, .done: 100])
        #expect(TaskProgressRules.ownPercent(OwnProgressInput(method: .status, status: .nearlyDone), scale: custom) == 80)
        let milestones = [Milestone(title: "立项", dueOn: nil, share: 1, doneOn: CalendarDay("2026-02-01")),
                          Milestone(title: "开工", dueOn: nil, share: 1, doneOn: CalendarDay("2026-05-01")),
                          Milestone(title: "竣工", dueOn: nil, share: 2)]
        #expect(TaskProgressRules.ownPercent(OwnProgressInput(method: .milestones, milestones: milestones)) == 50)
        #expect(TaskProgressRules.ownPercent(OwnProgressInput(method: .indicator, indicatorPercent: 140)) == 100)
        #expect(TaskProgressRules.ownPercent(OwnProgressInput(
            method: .quantity, quantity: QuantifiedTarget(value: 10, unit: "个", year: 2020, achieved: 4))) == 40)
    }

    @Test func aTaskMarkedDoneIsCompleteWhateverItsMethodSays() {
        #expect(TaskProgressRules.ownPercent(OwnProgressInput(method: .manual, manualPercent: 60, status: .done)) == 100)
    }

    @Test func indicatorProgressIsTheShareOfTheWayFromBaselineToTarget() {
        #expect(TaskProgressRules.indicatorPercent(baseline: 80, latest: 86, target: 92) == 50)
        // Smaller is better: 12 → 9 of the way to 6.
        #expect(TaskProgressRules.indicatorPercent(baseline: 12, latest: 9, target: 6) == 50)
        #expect(TaskProgressRules.indicatorPercent(baseline: 80, latest: 70, target: 92) == 0)
        #expect(TaskProgressRules.indicatorPercent(baseline: 5, latest: 5, target: 5) == nil)
    }

    @Test func aTreeRollsUpGrandchildrenAndCountsSilentChildrenAsZero() throws {
        let nodes = [
            TaskNode(id: 1, parentID: nil, weight: nil, own: OwnProgressInput(method: .manual, manualPercent: 99)),
            TaskNode(id: 2, parentID: 1, weight: nil, own: OwnProgressInput(method: .manual, manualPercent: 80)),
            TaskNode(id: 3, parentID: 1, weight: nil, own: OwnProgressInput(method: .manual)),
            TaskNode(id: 4, parentID: 2, weight: 1, own: OwnProgressInput(method: .manual, manualPercent: 20)),
            TaskNode(id: 5, parentID: 2, weight: 3, own: OwnProgressInput(method: .manual, manualPercent: 60)),
        ]
        let progress = TaskProgressRules.tree(nodes)
        #expect(progress[4] == .some(20))
        #expect(progress[2] == .some(50), "weighted 1:3 of 20 and 60, not the typed 80")
        #expect(progress[3] == .some(nil))
        #expect(progress[1] == .some(25), "mean of 50 and a silent child at 0, not the typed 99")
    }
}
