import Foundation
import JunhengCore
import Testing

/// Builds an indicator the way the assembly does: progress from the same method the pages use.
private func indicator(_ id: Int64, _ name: String, binding: Bool = true, direction: Direction = .higher,
                       values: [Int: Double], target: (value: Double, year: Int)? = (90, 2020), baseYear: Int = 2015,
                       children: [Double?] = [1, 2], upper: Double? = nil) -> IndicatorFigures {
    let sorted = values.sorted { $0.key < $1.key }
    let latest = sorted.last!
    let base = values[baseYear] ?? sorted.first!.value
    let result = ProgressMethod.assess(ProgressInput(baseYear: baseYear, baseValue: base, currentYear: latest.key,
                                                     currentValue: latest.value, targetYear: target?.year,
                                                     targetValue: target?.value, direction: direction))
    return IndicatorFigures(
        id: id, name: name, unit: "%", domain: "基本公共教育", binding: binding, direction: direction, department: nil,
        target: target.map { .init(value: $0.value, year: $0.year, inherited: false, upperValue: upper) },
        baselineYear: baseYear, baselineValue: base, values: sorted.map { YearFigure(year: $0.key, value: $0.value) },
        status: result.status, ratio: result.ratio, observedGrowth: result.observedGrowth,
        expectedValue: result.trajectory?.expectedValue, onTrajectory: result.trajectory?.onTrack,
        children: children.enumerated().map { .init(place: .init(code: "13050\($0.offset)", name: "县\($0.offset)"), value: $0.element,
                                                    status: .insufficientData) })
}

private func figures(_ indicators: [IndicatorFigures], year: Int = 2018) -> ReportFigures {
    ReportFigures(kind: .annual, region: .init(code: "130500", name: "邢台市"), plan: nil, year: year, readOn: "2026-12-05",
                  children: [], indicators: indicators, equalization: [], composite: nil, tasks: nil, demoData: false)
}

@Suite struct ReportRulesTests {
    @Test func aBindingIndicatorBehindItsStraightLineIsAtRiskAndNamedAsAProblem() throws {
        // 60 → 90 from 2015 to 2020: the line stands at 78 in 2018; 70 is 8 points behind.
        let behind = indicator(1, "学前三年毛入园率", values: [2015: 60, 2016: 65, 2017: 68, 2018: 70])
        let summary = ReportSummary(figures([behind]))
        #expect(summary.bindingCount == 1)
        #expect(summary.bindingAtRisk == 1)
        #expect(summary.bindingMet == 0)
        let problem = try #require(ReportRules.problems(figures([behind])).first)
        guard case .bindingOffTrajectory(_, _, _, let latest, let expected) = problem else {
            Issue.record("expected an off-trajectory problem, got \(problem)")
            return
        }
        #expect(latest == YearFigure(year: 2018, value: 70))
        #expect(abs(expected - 78) < 1e-9)
    }

    @Test func anExpectedIndicatorBehindItsLineIsNotABindingProblem() {
        let behind = indicator(1, "人均公共文化设施面积", binding: false, values: [2015: 60, 2018: 70])
        #expect(!ReportRules.problems(figures([behind])).contains { if case .bindingOffTrajectory = $0 { true } else { false } })
    }

    @Test func aFigureWorseThanTheYearBeforeIsDeterioratingInTheIndicatorsDirection() {
        let higher = indicator(1, "每千人口执业医师数", values: [2016: 2.4, 2017: 2.3], target: nil, baseYear: 2016)
        let lower = indicator(2, "孕产妇死亡率", direction: .lower, values: [2016: 12, 2017: 11], target: nil, baseYear: 2016)
        let problems = ReportRules.problems(figures([higher, lower], year: 2017))
        #expect(problems.contains(.deteriorating(indicatorID: 1, name: "每千人口执业医师数", unit: "%",
                                                 previous: YearFigure(year: 2016, value: 2.4), latest: YearFigure(year: 2017, value: 2.3))))
        #expect(!problems.contains { if case .deteriorating(2, _, _, _, _) = $0 { true } else { false } })
    }

    @Test func missingFiguresNameTheRegionAndTheChildrenWithout() {
        let gap = indicator(1, "养老床位", values: [2015: 60, 2017: 70], children: [3, nil, nil])
        let problems = ReportRules.problems(figures([gap], year: 2018))
        #expect(problems.contains(.missingData(indicatorID: 1, name: "养老床位", regionMissing: true, childrenMissing: ["县1", "县2"])))
    }

    @Test func aTargetWeakerThanTheUpperLevelsIsAProblem() {
        let weak = indicator(1, "九年义务教育巩固率", values: [2015: 90, 2018: 95], target: (95, 2020), upper: 96)
        #expect(ReportRules.problems(figures([weak])).contains(
            .weakerThanUpperTarget(indicatorID: 1, name: "九年义务教育巩固率", unit: "%", own: 95, upper: 96)))
    }

    @Test func midtermProjectsTheObservedCompoundGrowthToTheTargetYear() throws {
        // 100 → 121 over 2015–2017 is 10 %/year; carried three more years: 121 × 1.1³ = 161.051.
        let growing = indicator(1, "公共图书馆藏书", values: [2015: 100, 2017: 121], target: (150, 2020))
        let assessment = try #require(ReportRules.midterm(growing))
        #expect(assessment.projection == "compound")
        #expect(abs(assessment.projected - 161.051) < 1e-6)
        #expect(assessment.projectedToMeet)
        #expect(abs(assessment.elapsedShare - 0.4) < 1e-12)
        #expect(abs(assessment.completedShare - 21.0 / 50.0) < 1e-12)
        #expect(abs(assessment.expected - 120) < 1e-9)
    }

    @Test func midtermFlagsATargetTheProjectionMisses() throws {
        // 100 → 102 over two years (≈1 %/year) cannot reach 150 by 2020.
        let slow = indicator(1, "公共图书馆藏书", values: [2015: 100, 2017: 102], target: (150, 2020))
        let assessment = try #require(ReportRules.midterm(slow))
        #expect(!assessment.projectedToMeet)
        #expect(assessment.projected < 110)
    }

    @Test func midtermOfALowerIsBetterIndicatorMeetsWhenProjectedBelowTarget() throws {
        // 20 → 16.2 over 2015–2017 is −10 %/year: 16.2 × 0.9³ = 11.8098 ≤ 12.
        let falling = indicator(1, "婴儿死亡率", direction: .lower, values: [2015: 20, 2017: 16.2], target: (12, 2020))
        let assessment = try #require(ReportRules.midterm(falling))
        #expect(abs(assessment.projected - 11.8098) < 1e-6)
        #expect(assessment.projectedToMeet)
    }

    @Test func midtermNeedsATargetAndABaseline() {
        #expect(ReportRules.midterm(indicator(1, "无目标", values: [2015: 1, 2017: 2], target: nil)) == nil)
    }

    @Test func differencesListCorrectedFiguresChangedVerdictsIndicatorsAndTexts() {
        let before = indicator(1, "学前三年毛入园率", values: [2015: 60, 2018: 70], children: [50, 60])
        let after = indicator(1, "学前三年毛入园率", values: [2015: 60, 2018: 88], children: [50, 61])
        let dropped = indicator(2, "旧指标", values: [2015: 1, 2018: 2])
        let added = indicator(3, "新指标", values: [2015: 1, 2018: 2])
        let changes = ReportRules.differences(from: figures([before, dropped]), ReportTexts(nextSteps: "甲"),
                                              to: figures([after, added]), ReportTexts(nextSteps: "乙"))
        #expect(changes.contains(.valueChanged(indicator: "学前三年毛入园率", region: "邢台市", year: 2018, old: 70, new: 88)))
        #expect(changes.contains(.valueChanged(indicator: "学前三年毛入园率", region: "县1", year: 2018, old: 60, new: 61)))
        #expect(!changes.contains { if case .valueChanged(_, "县0", _, _, _) = $0 { true } else { false } })
        #expect(changes.contains(.statusChanged(indicator: "学前三年毛入园率", old: before.status, new: after.status)))
        #expect(changes.contains(.indicatorAdded("新指标")))
        #expect(changes.contains(.indicatorRemoved("旧指标")))
        #expect(changes.contains(.textChanged(.nextSteps)))
        #expect(!changes.contains(.textChanged(.introduction)))
    }

    @Test func identicalEditionsHaveNoDifferences() {
        let same = indicator(1, "学前三年毛入园率", values: [2015: 60, 2018: 70])
        #expect(ReportRules.differences(from: figures([same]), ReportTexts(), to: figures([same]), ReportTexts()).isEmpty)
    }

    @Test func figuresSurviveAJSONRoundTripUnchanged() throws {
        let original = figures([indicator(1, "学前三年毛入园率", values: [2015: 60, 2018: 70.125])])
        let decoded = try JSONDecoder().decode(ReportFigures.self, from: JSONEncoder().encode(original))
        #expect(decoded == original)
        let summary = try JSONSerialization.jsonObject(with: JSONEncoder().encode(ReportSummary(original))) as? [String: Any]
        #expect((summary?["byStatus"] as? [String: Int])?[original.indicators[0].status.rawValue] == 1)
    }

    @Test func theTextSectionsDependOnTheKindOfReport() {
        #expect(ReportTextSection.sections(of: .annual) == [.introduction, .nextSteps])
        #expect(ReportTextSection.sections(of: .midterm).contains(.evaluatorFindings))
    }
}
