import JunhengTestSupport
import Testing

@testable import Equalization

@Test func gapGivesDifferenceRatioAndRelativeDifference() {
    let gap = Gap(value: 85, reference: 100)
    #expect(gap.difference == -15 && gap.ratio == 0.85 && gap.relativeDifference == -0.15)
    let urbanRural = Gap.urbanRural(urban: 49_283, rural: 19_617)
    expectClose(urbanRural.ratio, 49_283.0 / 19_617, within: 1e-15)
    #expect(urbanRural.difference == 29_666)
    let noReference = Gap(value: 3, reference: 0)
    #expect(noReference.ratio == nil && noReference.relativeDifference == nil)
}

@Test func flaggedCountiesAreComparedWithOthersAndWithAll() throws {
    // Poverty counties c and d: weighted mean (4·2 + 2·6)/(2 + 6) = 2.5.
    let counties = try Distribution(values: [10, 14, 4, 2], weights: [1, 1, 2, 6])
    let comparison = try counties.compareFlagged([false, false, true, true])
    #expect(comparison.weighting == .weighted)
    #expect(comparison.flaggedCount == 2 && comparison.othersCount == 2)
    expectClose(comparison.flaggedMean, 20.0 / 8, within: 1e-15)
    expectClose(comparison.othersMean, 12, within: 1e-15)
    expectClose(comparison.overallMean, 44.0 / 10, within: 1e-15)
    expectClose(comparison.flaggedVersusOverall?.ratio, 2.5 / 4.4, within: 1e-15)
    expectClose(comparison.flaggedVersusOthers?.difference, 2.5 - 12, within: 1e-15)

    let unweighted = try counties.ignoringWeights.compareFlagged([false, false, true, true])
    expectClose(unweighted.flaggedMean, 3, within: 1e-15)
    expectClose(unweighted.overallMean, 7.5, within: 1e-15)
}

@Test func flaggingNoneOrAllLeavesTheMissingSideUndefined() throws {
    let counties = try Distribution(values: [1, 2])
    let none = try counties.compareFlagged([false, false])
    #expect(none.flaggedMean == nil && none.flaggedVersusOverall == nil && none.othersMean == 1.5)
    let all = try counties.compareFlagged([true, true])
    #expect(all.othersMean == nil && all.flaggedVersusOthers == nil)
    expectClose(all.flaggedVersusOverall?.ratio, 1, within: 1e-15)
    #expect(throws: EqualizationError.self) { try counties.compareFlagged([true]) }
}

@Test func benchmarkAttainmentIsDirectionAware() throws {
    let attainment = try BenchmarkAttainment([
        // higher is better: reached when value ≥ 0.9 · benchmark
        BenchmarkIndicator(
            indicator: "enrolment", direction: .higherIsBetter, value: 90, benchmark: 100),
        BenchmarkIndicator(
            indicator: "doctors", direction: .higherIsBetter, value: 2.6, benchmark: 3),
        // lower is better: reached when value ≤ benchmark / 0.9
        BenchmarkIndicator(
            indicator: "class size", direction: .lowerIsBetter, value: 50, benchmark: 45),
        BenchmarkIndicator(
            indicator: "pupils per teacher", direction: .lowerIsBetter, value: 20, benchmark: 17),
        BenchmarkIndicator(
            indicator: "waiting days", direction: .lowerIsBetter, value: 0, benchmark: 3),
        BenchmarkIndicator(
            indicator: "no data", direction: .higherIsBetter, value: nil, benchmark: 5),
        BenchmarkIndicator(
            indicator: "zero benchmark", direction: .higherIsBetter, value: 1, benchmark: 0),
    ])
    #expect(
        attainment.indicators.map(\.status) == [
            .reached, .notReached, .reached, .notReached, .reached, .notComparable, .notComparable,
        ])
    #expect(attainment.reachedCount == 3 && attainment.comparableCount == 5)
    #expect(attainment.share == 0.6)
    expectClose(attainment.indicators[2].achievement, 45.0 / 50, within: 1e-15)
    #expect(attainment.indicators[4].achievement == nil)
}

@Test func benchmarkThresholdIsAParameter() throws {
    let item = BenchmarkIndicator(
        indicator: "x", direction: .higherIsBetter, value: 80, benchmark: 100)
    #expect(try BenchmarkAttainment([item]).share == 0)
    #expect(try BenchmarkAttainment([item], threshold: 0.8).share == 1)
    #expect(try BenchmarkAttainment([]).share == nil)
    #expect(throws: EqualizationError.self) { try BenchmarkAttainment([item], threshold: 0) }
}
