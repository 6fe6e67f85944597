import JunhengTestSupport
import Testing

@testable import Equalization

@Test func oneRegionIsPerfectlyEqual() throws {
    let measures = try Distribution(values: [42], weights: [3]).measures(
        groupedBy: Grouping(groupOfRegion: ["only"]))
    #expect(measures.mean == 42 && measures.standardDeviation == 0)
    #expect(measures.cv == 0 && measures.gini == 0 && measures.theilT == 0 && measures.theilL == 0)
    #expect(measures.generalizedEntropy.allSatisfy { $0.value == 0 })
    #expect(measures.atkinson.allSatisfy { $0.value == 0 })
    #expect(measures.maxMinRatio == 1 && measures.minMeanRatio == 1)
    #expect(measures.percentileRatios.allSatisfy { $0.value == 1 })
    #expect(
        measures.lorenzCurve == [
            LorenzPoint(populationShare: 0, valueShare: 0),
            LorenzPoint(populationShare: 1, valueShare: 1),
        ])
    #expect(
        measures.decomposition?.theilT?.within == 0 && measures.decomposition?.theilT?.between == 0)
    #expect(measures.undefined.isEmpty)
}

@Test func equalValuesGiveExactlyZeroInequality() throws {
    // 0.1 does not survive Σwx/Σw exactly; equal values must still give exact zeros.
    let measures = try Distribution(
        values: [Double](repeating: 0.1, count: 7), weights: [3, 1.5, 7, 2, 2, 9.25, 1]
    ).measures(groupedBy: Grouping(groupOfRegion: ["a", "b", "a", "b", "c", "c", "a"]))
    #expect(measures.mean == 0.1)
    #expect(measures.cv == 0 && measures.gini == 0 && measures.theilT == 0 && measures.theilL == 0)
    #expect(measures.generalizedEntropy.allSatisfy { $0.value == 0 })
    #expect(measures.atkinson.allSatisfy { $0.value == 0 })
    #expect(measures.minMeanRatio == 1)
    let theilL = try #require(measures.decomposition?.theilL)
    #expect(theilL.total == 0 && theilL.within == 0 && theilL.between == 0)
    #expect(theilL.withinShare == nil && theilL.groups.allSatisfy { $0.inequality == 0 })
}

@Test func allZerosLeaveOnlyTheMeanAndSpread() throws {
    let measures = try Distribution(values: [0, 0, 0]).measures()
    #expect(measures.mean == 0 && measures.standardDeviation == 0)
    #expect(measures.cv == nil && measures.gini == nil && measures.theilT == nil)
    #expect(measures.theilL == nil && measures.maxMinRatio == nil && measures.lorenzCurve == nil)
    let reasons = Dictionary(
        uniqueKeysWithValues: measures.undefined.map { ($0.measure, $0.reason) })
    #expect(reasons["cv"] == .nonPositiveMean)
    #expect(reasons["gini"] == .nonPositiveMean)
    #expect(reasons["theilT"] == .nonPositiveMean)
    #expect(reasons["theilL"] == .zeroValues)
    #expect(reasons["maxMinRatio"] == .zeroValues)
    #expect(reasons["p90/p10"] == .nonPositiveMean)
}

@Test func aZeroMakesLogarithmicMeasuresUndefinedAndKeepsTheRest() throws {
    let measures = try Distribution(values: [0, 1, 2, 3, 4]).measures()
    // Gini of 0…4 = Σ|xᵢ−xⱼ| / (2n²μ) = 40 / (2·25·2) = 0.4; Theil T with 0·ln 0 = 0.
    expectClose(measures.gini, 0.4, within: 1e-15)
    let theilT = [1.0, 2, 3, 4].reduce(0) { $0 + ($1 / 2) * naturalLog($1 / 2) } / 5
    expectClose(measures.theilT, theilT, within: 1e-15)
    // Σ√xᵢ / n, which GE(½) and Atkinson(½) both use; the zero adds nothing.
    let meanRoot: Double = [1.0, 2, 3, 4].reduce(0) { $0 + $1.squareRoot() } / 5
    expectClose(
        measures.generalizedEntropy(alpha: 0.5), 4 * (1 - meanRoot / 2.0.squareRoot()),
        within: 1e-15)
    expectClose(measures.atkinson(epsilon: 0.5), 1 - meanRoot * meanRoot / 2, within: 1e-15)
    #expect(measures.minMeanRatio == 0)
    for undefined in [
        "theilL", "generalizedEntropy(-1)", "generalizedEntropy(0)", "atkinson(1)",
        "atkinson(2)", "maxMinRatio", "p90/p10", "p80/p20",
    ] {
        #expect(
            measures.undefined.contains(UndefinedMeasure(measure: undefined, reason: .zeroValues)),
            "\(undefined) should be undefined for zeros")
    }
    #expect(measures.theilL == nil && measures.atkinson(epsilon: 1) == nil)
    // P75/P25 = 3/1 is still defined.
    #expect(measures.percentileRatio(upper: 75, lower: 25) == 3)
}

@Test func negativeValuesKeepOnlyMeasuresThatAllowThem() throws {
    let measures = try Distribution(values: [-2, 1, 4, 9]).measures()
    expectClose(measures.mean, 3, within: 1e-15)
    expectClose(measures.cv, (((25.0 + 4 + 1 + 36) / 4).squareRoot()) / 3, within: 1e-15)
    #expect(measures.gini == nil && measures.theilT == nil && measures.theilL == nil)
    #expect(measures.atkinson.allSatisfy { $0.value == nil })
    #expect(measures.undefined.contains(UndefinedMeasure(measure: "gini", reason: .negativeValues)))
    #expect(
        measures.undefined.contains(UndefinedMeasure(measure: "theilL", reason: .negativeValues)))
    #expect(measures.percentile(50) == 1)
}

@Test func atkinsonOfZeroAversionIsZero() throws {
    let options = try MeasureOptions(atkinsonEpsilons: [0])
    #expect(
        try Distribution(values: [1, 5, 9]).measures(options: options).atkinson(epsilon: 0) == 0)
}

@Test func invalidInputIsRejected() {
    #expect(throws: EqualizationError.emptySample) { try Distribution(values: []) }
    #expect(throws: EqualizationError.nonFiniteValue(index: 1)) {
        try Distribution(values: [1, .nan])
    }
    #expect(throws: EqualizationError.invalidWeight(index: 0, weight: 0)) {
        try Distribution(values: [1, 2], weights: [0, 1])
    }
    #expect(throws: EqualizationError.lengthMismatch(argument: "weights", expected: 2, actual: 1)) {
        try Distribution(values: [1, 2], weights: [1])
    }
    #expect(throws: EqualizationError.self) { try MeasureOptions(atkinsonEpsilons: [-1]) }
    #expect(throws: EqualizationError.self) { try MeasureOptions(percentiles: [101]) }
    #expect(throws: EqualizationError.self) {
        try MeasureOptions(generalizedEntropyAlphas: [.infinity])
    }
}
