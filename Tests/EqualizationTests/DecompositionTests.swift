import JunhengTestSupport
import Testing

@testable import Equalization

@Test(arguments: [0.0, 1, 2, -1, 0.5, 3])
func withinPlusBetweenEqualsTotalOnRandomData(alpha: Double) throws {
    for seed in UInt64(1)...5 {
        let sample = randomRegions(count: 500, groups: 7, seed: seed)
        let grouping = Grouping(groupOfRegion: sample.groups)
        let weighted = try Distribution(values: sample.values, weights: sample.weights)
        for distribution in [weighted, weighted.ignoringWeights] {
            let part = try #require(try distribution.decomposition(by: grouping, alpha: alpha))
            let direct = try distribution.measures(
                options: MeasureOptions(generalizedEntropyAlphas: [alpha])
            ).generalizedEntropy(alpha: alpha)
            expectClose(part.total, try #require(direct), within: 1e-14)
            expectClose(part.within + part.between, part.total, within: 1e-12)
            #expect(part.within > 0 && part.between > 0)
            expectClose(part.groups.reduce(0) { $0 + $1.contribution }, part.within, within: 1e-15)
            expectClose(part.groups.reduce(0) { $0 + $1.populationShare }, 1, within: 1e-12)
            expectClose(part.groups.reduce(0) { $0 + $1.valueShare }, 1, within: 1e-12)
        }
    }
}

@Test func groupDetailsDescribeEachGroup() throws {
    let counties = try Distribution(values: EightCounties.values, weights: EightCounties.weights)
    let theilL = try #require(
        try counties.decomposition(by: Grouping(groupOfRegion: EightCounties.groups), alpha: 0))
    #expect(theilL.groups.map(\.group) == ["rural", "urban"])
    let rural = theilL.groups[0]
    #expect(rural.regionCount == 5)
    // Rural population 3+1+1+9+6 = 20 of 31; total 12·3+7.5+9+4·9+11·6 = 154.5.
    expectClose(rural.populationShare, 20.0 / 31, within: 1e-15)
    expectClose(rural.mean, 154.5 / 20, within: 1e-13)
    expectClose(rural.relativeMean, (154.5 / 20) / (373.0 / 31), within: 1e-13)
    expectClose(rural.valueShare, 154.5 / 373, within: 1e-13)
    // Theil L weights each group's own Theil L by its population share only.
    expectClose(
        rural.contribution, rural.populationShare * (rural.inequality ?? .nan), within: 1e-15)
    expectClose(theilL.withinShare, theilL.within / theilL.total, within: 1e-15)
}

@Test func oneGroupHasNoBetweenPart() throws {
    let sample = randomRegions(count: 50, groups: 1, seed: 9)
    let distribution = try Distribution(values: sample.values, weights: sample.weights)
    let part = try #require(
        try distribution.decomposition(by: Grouping(groupOfRegion: sample.groups), alpha: 1))
    #expect(part.between == 0)
    expectClose(part.within, part.total, within: 1e-15)
}

@Test func groupsOfOneRegionAreAllBetween() throws {
    let values: [Double] = [3, 9, 4, 12]
    let distribution = try Distribution(values: values)
    let part = try #require(
        try distribution.decomposition(by: Grouping(groupOfRegion: ["a", "b", "c", "d"]), alpha: 0))
    #expect(part.within == 0)
    expectClose(part.between, part.total, within: 1e-15)
}

@Test func allZeroGroupContributesNothingToTheilT() throws {
    // Theil T allows zeros (x ln x → 0); a group whose values are all 0 has no Theil T of its own.
    let distribution = try Distribution(values: [0, 0, 2, 6], weights: [1, 2, 1, 1])
    let part = try #require(
        try distribution.decomposition(by: Grouping(groupOfRegion: ["z", "z", "p", "p"]), alpha: 1))
    let zeroGroup = part.groups[1]
    #expect(zeroGroup.group == "z" && zeroGroup.inequality == nil && zeroGroup.contribution == 0)
    expectClose(part.within + part.between, part.total, within: 1e-15)
    // Theil L is undefined with zeros, so its decomposition is too.
    #expect(
        try distribution.decomposition(by: Grouping(groupOfRegion: ["z", "z", "p", "p"]), alpha: 0)
            == nil)
}

@Test func groupingOfAnotherLengthIsRejected() throws {
    let distribution = try Distribution(values: [1, 2, 3])
    #expect(throws: EqualizationError.lengthMismatch(argument: "grouping", expected: 3, actual: 2))
    {
        try distribution.decomposition(by: Grouping(groupOfRegion: ["a", "b"]), alpha: 1)
    }
}
