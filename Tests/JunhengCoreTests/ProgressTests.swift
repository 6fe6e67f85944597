import JunhengCore
import Testing

@Suite struct ProgressTests {
    @Test func designExampleIsSubstantialProgressWithRatio1_1427() throws {
        let result = ProgressMethod.assess(ProgressInput(baseYear: 2015, baseValue: 60, currentYear: 2020, currentValue: 70,
                                                         targetYear: 2030, targetValue: 90, direction: .higher))
        #expect(result.status == .substantialProgress)
        let ratio = try #require(result.ratio)
        #expect(abs(ratio - 1.1427) < 0.00005)
        // (70/60)^(1/5) − 1 and (90/60)^(1/15) − 1, computed independently.
        #expect(abs(result.observedGrowth! - 0.0313103) < 1e-6)
        #expect(abs(result.requiredGrowth! - 0.0273990) < 1e-6)
    }

    @Test func lowerIsBetterBelowTargetIsAchieved() {
        let result = ProgressMethod.assess(ProgressInput(baseYear: 2015, baseValue: 40, currentYear: 2020, currentValue: 9,
                                                         targetYear: 2030, targetValue: 10, direction: .lower))
        #expect(result.status == .targetAchieved)
    }

    @Test func higherIsBetterAtTargetIsAchieved() {
        let result = ProgressMethod.assess(ProgressInput(baseYear: 2015, baseValue: 60, currentYear: 2019, currentValue: 90,
                                                         targetYear: 2020, targetValue: 90, direction: .higher))
        #expect(result.status == .targetAchieved)
    }

    @Test func moderateAndLimitedProgressAndDeteriorationFollowTheRatioThresholds() {
        // Required growth from 60 to 90 over 15 years is 2.7399 %/year.
        func status(current: Double) -> (ProgressStatus, Double?) {
            let result = ProgressMethod.assess(ProgressInput(baseYear: 2015, baseValue: 60, currentYear: 2020, currentValue: current,
                                                             targetYear: 2030, targetValue: 90, direction: .higher))
            return (result.status, result.ratio)
        }
        #expect(status(current: 66).0 == .moderateProgress)     // ratio ≈ 0.70
        #expect(status(current: 62).0 == .limitedProgress)      // ratio ≈ 0.24
        #expect(status(current: 60).0 == .limitedProgress)      // ratio 0: standing still
        #expect(status(current: 58).0 == .deterioration)        // ratio < 0
        let (_, ratio) = status(current: 66)
        #expect(ratio! > 0.6 && ratio! < 0.95)
    }

    @Test func lowerIsBetterRatiosAreOrientedSoThatFallingIsProgress() {
        let falling = ProgressMethod.assess(ProgressInput(baseYear: 2015, baseValue: 40, currentYear: 2020, currentValue: 25,
                                                          targetYear: 2025, targetValue: 10, direction: .lower))
        #expect(falling.status == .moderateProgress)
        #expect(falling.ratio! > 0)
        let rising = ProgressMethod.assess(ProgressInput(baseYear: 2015, baseValue: 40, currentYear: 2020, currentValue: 45,
                                                         targetYear: 2025, targetValue: 10, direction: .lower))
        #expect(rising.status == .deterioration)
    }

    @Test func withoutATargetTheGrowthThresholdsApply() {
        func status(_ current: Double, _ direction: Direction = .higher) -> ProgressStatus {
            ProgressMethod.assess(ProgressInput(baseYear: 2015, baseValue: 100, currentYear: 2020, currentValue: current,
                                                targetYear: nil, targetValue: nil, direction: direction)).status
        }
        #expect(status(110) == .substantialProgress)   // 1.92 %/year ≥ 1.5 %
        #expect(status(103) == .moderateProgress)      // 0.59 %/year
        #expect(status(101) == .limitedProgress)       // 0.20 %/year
        #expect(status(95) == .deterioration)
        #expect(status(95, .lower) == .moderateProgress) // −1.02 %/year is progress when lower is better
    }

    @Test func insufficientDataWhenThereIsNoLaterYearOrSignsDiffer() {
        let sameYear = ProgressMethod.assess(ProgressInput(baseYear: 2020, baseValue: 60, currentYear: 2020, currentValue: 61,
                                                           targetYear: 2025, targetValue: 90, direction: .higher))
        #expect(sameYear.status == .insufficientData)
        #expect(!sameYear.notes.isEmpty)
        let signs = ProgressMethod.assess(ProgressInput(baseYear: 2015, baseValue: -5, currentYear: 2020, currentValue: 5,
                                                        targetYear: 2025, targetValue: 10, direction: .higher))
        #expect(signs.status == .insufficientData)
        let badTarget = ProgressMethod.assess(ProgressInput(baseYear: 2015, baseValue: 60, currentYear: 2020, currentValue: 61,
                                                            targetYear: 2015, targetValue: 90, direction: .higher))
        #expect(badTarget.status == .insufficientData)
        let notFinite = ProgressMethod.assess(ProgressInput(baseYear: 2015, baseValue: .nan, currentYear: 2020, currentValue: 61,
                                                            targetYear: 2025, targetValue: 90, direction: .higher))
        #expect(notFinite.status == .insufficientData)
    }

    @Test func aZeroBaseIsReplacedAndSaid() {
        let result = ProgressMethod.assess(ProgressInput(baseYear: 2015, baseValue: 0, currentYear: 2020, currentValue: 3,
                                                         targetYear: 2025, targetValue: 10, direction: .higher))
        #expect(result.status == .substantialProgress)
        #expect(result.notes.contains { $0.contains("0.001") })
    }

    @Test func aTargetEqualToTheBaselineThatIsNotMetIsDeterioration() {
        let result = ProgressMethod.assess(ProgressInput(baseYear: 2015, baseValue: 45, currentYear: 2020, currentValue: 48,
                                                         targetYear: 2025, targetValue: 45, direction: .lower))
        #expect(result.status == .deterioration)
    }

    @Test func negativeSeriesAreReadWithTheirSign() {
        // A deficit shrinking from −10 towards the target −2 is progress.
        let result = ProgressMethod.assess(ProgressInput(baseYear: 2015, baseValue: -10, currentYear: 2020, currentValue: -5,
                                                         targetYear: 2025, targetValue: -2, direction: .higher))
        #expect(result.ratio! > 0)
    }

    @Test func trajectoryComparesWithTheStraightLineToTheTarget() throws {
        let behind = try #require(ProgressMethod.assess(ProgressInput(
            baseYear: 2015, baseValue: 60, currentYear: 2020, currentValue: 65, targetYear: 2025, targetValue: 90,
            direction: .higher)).trajectory)
        #expect(behind.expectedValue == 75)
        #expect(behind.lead == -10)
        #expect(!behind.onTrack)
        let ahead = try #require(ProgressMethod.assess(ProgressInput(
            baseYear: 2015, baseValue: 40, currentYear: 2018, currentValue: 20, targetYear: 2020, targetValue: 10,
            direction: .lower)).trajectory)
        #expect(ahead.expectedValue == 22)
        #expect(ahead.onTrack)
        #expect(ahead.lead == 2)
    }
}
