import JunhengTestSupport
import Testing

@testable import Equalization

private let indicators = [
    CompositeIndicator(name: "teachers per 1000", direction: .higherIsBetter),
    CompositeIndicator(name: "class size", direction: .lowerIsBetter),
]
// Normalised: column 1 (10, 20, 30) → 0, ½, 1; column 2 lower-is-better (5, 1, 4) → 0, 1, ¼.
private let values: [[Double]] = [[10, 5], [20, 1], [30, 4]]

@Test func givenWeightsTOPSISByHand() throws {
    let index = try CompositeIndex(
        regions: ["A", "B", "C"], indicators: indicators, values: values, weights: .given([1, 1]))
    #expect(index.normalized == [[0, 0], [0.5, 1], [1, 0.25]])
    #expect(index.entropy == nil && index.weights == [0.5, 0.5])
    #expect(index.weightedNormalized == [[0, 0], [0.25, 0.5], [0.5, 0.125]])
    #expect(index.ideal == [0.5, 0.5] && index.antiIdeal == [0, 0])
    // A sits on the anti-ideal; B is ¼ from the ideal on column 1, C 3/8 on column 2.
    expectClose(index.distanceToIdeal[0], 0.5.squareRoot(), within: 1e-15)
    expectClose(index.distanceToIdeal[1], 0.25, within: 1e-15)
    expectClose(index.distanceToIdeal[2], 0.375, within: 1e-15)
    expectClose(index.distanceToAntiIdeal[1], (0.0625 + 0.25).squareRoot(), within: 1e-15)
    expectClose(index.distanceToAntiIdeal[2], (0.25 + 0.015625).squareRoot(), within: 1e-15)
    #expect(index.closeness[0] == 0)
    let closenessB = (0.3125).squareRoot() / (0.25 + (0.3125).squareRoot())
    expectClose(index.closeness[1], closenessB, within: 1e-15)
}

@Test func entropyWeightsByHand() throws {
    let index = try CompositeIndex(
        regions: ["A", "B", "C"], indicators: indicators, values: values)
    // Shares p: column 1 (0, ⅓, ⅔), column 2 (0, 0.8, 0.2); eⱼ = −Σ p ln p / ln 3.
    let entropyOne =
        -((1.0 / 3) * naturalLog(1.0 / 3) + (2.0 / 3) * naturalLog(2.0 / 3)) / naturalLog(3)
    let entropyTwo = -(0.8 * naturalLog(0.8) + 0.2 * naturalLog(0.2)) / naturalLog(3)
    let entropy = try #require(index.entropy)
    expectClose(entropy[0], entropyOne, within: 1e-15)
    expectClose(entropy[1], entropyTwo, within: 1e-15)
    let divergence = (1 - entropyOne) + (1 - entropyTwo)
    expectClose(index.weights[0], (1 - entropyOne) / divergence, within: 1e-15)
    expectClose(index.weights[1], (1 - entropyTwo) / divergence, within: 1e-15)
    // Column 2 is more concentrated, so it carries more information and more weight.
    #expect(index.weights[1] > index.weights[0])
}

@Test func constantIndicatorGetsNoEntropyWeightAndOneRegionNoCloseness() throws {
    let twoIndicators = [
        indicators[0], CompositeIndicator(name: "flat", direction: .higherIsBetter),
    ]
    let index = try CompositeIndex(
        regions: ["A", "B"], indicators: twoIndicators, values: [[1, 7], [3, 7]])
    #expect(index.normalized == [[0, 1], [1, 1]])
    #expect(index.weights == [1, 0])
    #expect(index.closeness == [0, 1])

    let single = try CompositeIndex(regions: ["A"], indicators: indicators, values: [[1, 2]])
    #expect(single.weights == [0.5, 0.5] && single.closeness == [nil])
}

@Test func compositeInputErrorsAreReported() {
    #expect(throws: EqualizationError.self) {
        try CompositeIndex(regions: ["A"], indicators: indicators, values: [[1]])
    }
    #expect(throws: EqualizationError.self) {
        try CompositeIndex(regions: ["A"], indicators: indicators, values: [[1, .nan]])
    }
    #expect(throws: EqualizationError.self) {
        try CompositeIndex(
            regions: ["A"], indicators: indicators, values: [[1, 2]], weights: .given([0, 0]))
    }
    #expect(throws: EqualizationError.emptySample) {
        try CompositeIndex(regions: [], indicators: indicators, values: [])
    }
}
