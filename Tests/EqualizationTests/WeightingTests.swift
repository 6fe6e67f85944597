import JunhengTestSupport
import Testing

@testable import Equalization

/// The scalar measures of `measures`, for comparing whole results.
private func scalars(_ measures: InequalityMeasures) -> [Double?] {
    [
        measures.mean, measures.standardDeviation, measures.cv, measures.gini, measures.theilT,
        measures.theilL, measures.maxMinRatio, measures.minMeanRatio,
    ] + measures.generalizedEntropy.map(\.value) + measures.atkinson.map(\.value)
        + measures.percentiles.map(\.value) + measures.percentileRatios.map(\.value)
}

private func expectSame(
    _ left: InequalityMeasures, _ right: InequalityMeasures, within tolerance: Double,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    for (a, b) in zip(scalars(left), scalars(right)) {
        expectClose(a, b ?? .nan, within: tolerance, sourceLocation: sourceLocation)
    }
}

@Test(arguments: [1.0, 7.25, 1e6])
func equalWeightsGiveTheUnweightedResults(weight: Double) throws {
    let sample = randomRegions(count: 301, groups: 4, seed: 21)
    let unweighted = try Distribution(values: sample.values).measures()
    let equallyWeighted = try Distribution(
        values: sample.values, weights: [Double](repeating: weight, count: sample.values.count)
    ).measures()
    #expect(unweighted.weighting == .unweighted && equallyWeighted.weighting == .weighted)
    expectSame(unweighted, equallyWeighted, within: 1e-12)
}

@Test func duplicatingARegionEqualsDoublingItsWeight() throws {
    let sample = randomRegions(count: 120, groups: 3, seed: 33)
    var doubled = sample.weights
    doubled[17] *= 2
    let withDoubledWeight = try Distribution(values: sample.values, weights: doubled)
    let withDuplicate = try Distribution(
        values: sample.values + [sample.values[17]], weights: sample.weights + [sample.weights[17]])
    expectSame(try withDoubledWeight.measures(), try withDuplicate.measures(), within: 1e-12)

    let parts = try withDoubledWeight.decompositions(
        by: Grouping(groupOfRegion: sample.groups), alphas: [0, 1])
    let partsWithDuplicate = try withDuplicate.decompositions(
        by: Grouping(groupOfRegion: sample.groups + [sample.groups[17]]), alphas: [0, 1])
    for (part, duplicate) in zip(parts, partsWithDuplicate) {
        expectClose(part?.within, duplicate?.within ?? .nan, within: 1e-12)
        expectClose(part?.between, duplicate?.between ?? .nan, within: 1e-12)
    }
}

@Test func weightsChangeTheAnswer() throws {
    // The large region is rich: weighting by population raises the mean and changes inequality.
    let values: [Double] = [1, 2, 10]
    let weighted = try Distribution(values: values, weights: [1, 1, 8]).measures()
    let unweighted = try Distribution(values: values).measures()
    expectClose(weighted.mean, 8.3, within: 1e-12)
    expectClose(unweighted.mean, 13.0 / 3, within: 1e-12)
    #expect(weighted.gini! < unweighted.gini!)
}

@Test func giniMatchesThePairwiseDefinitionOnRandomData() throws {
    let sample = randomRegions(count: 200, groups: 1, seed: 5)
    let distribution = try Distribution(values: sample.values, weights: sample.weights)
    // ΣᵢΣⱼ pᵢpⱼ|xᵢ−xⱼ| / (2μ), the O(n²) definition in DESIGN.md.
    let total = sample.weights.reduce(0, +)
    let mean = zip(sample.values, sample.weights).reduce(0) { $0 + $1.0 * $1.1 } / total
    var pairSum = 0.0
    for i in sample.values.indices {
        for j in sample.values.indices {
            pairSum +=
                sample.weights[i] * sample.weights[j] * abs(sample.values[i] - sample.values[j])
        }
    }
    expectClose(
        try distribution.measures().gini, pairSum / (total * total) / (2 * mean), within: 1e-12)
}

@Test func percentilesFollowTheInvertedCDF() throws {
    // Cumulative weights 1, 3, 6, 10 of W = 10: P30 needs ≥ 3 → the second value.
    let distribution = try Distribution(values: [40, 10, 20, 30], weights: [4, 1, 2, 3])
    #expect(distribution.percentile(0) == 10)
    #expect(distribution.percentile(10) == 10)
    #expect(distribution.percentile(10.5) == 20)
    #expect(distribution.percentile(30) == 20)
    #expect(distribution.percentile(30.1) == 30)
    #expect(distribution.percentile(60) == 30)
    #expect(distribution.percentile(100) == 40)
    // Unweighted n = 10: P70 is the 7th smallest (numpy inverted_cdf), P71 the 8th.
    let tenRegions = try Distribution(values: (1...10).map(Double.init))
    #expect(tenRegions.percentile(70) == 7)
    #expect(tenRegions.percentile(71) == 8)
}
