import JunhengTestSupport
import Testing

@testable import Surveys

@Test func weightedMeanOfZincMatchesSamplicsNHANESExample() throws {
    let nhanes = NHANES.shared
    let zinc = try nhanes.design().mean(of: nhanes.zinc)
    // samplics' published example (Fixtures/reference_values.py prints these).
    expectClose(zinc.value, 87.182067, within: 1e-6)
    expectClose(zinc.standardError, 0.494483, within: 1e-6)
    #expect(zinc.degreesOfFreedom == 31)
    expectClose(zinc.lowerBound, 86.173563, within: 1e-6)
    expectClose(zinc.upperBound, 88.190571, within: 1e-6)
    // And to the last digits samplics prints.
    expectClose(zinc.value, 87.18206705069535)
    expectClose(zinc.standardError, 0.4944826861850398)
    expectClose(zinc.lowerBound, 86.17356296321074)
    expectClose(zinc.upperBound, 88.19057113817996)
    #expect(zinc.respondents == 9189)
}

@Test func domainEstimatesKeepTheWholeDesignLikeSamplics() throws {
    let nhanes = NHANES.shared
    let design = try nhanes.design()
    let expected: [String: (value: Double, se: Double, lower: Double, upper: Double, n: Int)] = [
        "1": (87.22534751493428, 0.4231294906416759, 86.36236922920372, 88.08832580066485, 1964),
        "2": (87.33667348729684, 0.7814448633947968, 85.74290618078574, 88.93044079380793, 2420),
        "3": (86.28939655216345, 0.7715230216219745, 84.71586497536104, 87.86292812896586, 2583),
        "4": (87.90549806544404, 1.5225610648452939, 84.80021430073242, 91.01078183015565, 2222),
    ]
    for (region, reference) in expected {
        let estimate = try design.mean(of: nhanes.zinc, in: nhanes.regions.map { $0 == region })
        expectClose(estimate.value, reference.value)
        expectClose(estimate.standardError, reference.se)
        expectClose(estimate.lowerBound, reference.lower)
        expectClose(estimate.upperBound, reference.upper)
        #expect(estimate.respondents == reference.n)
        #expect(estimate.degreesOfFreedom == 31)
    }
}

@Test func proportionIsTheMeanOfAZeroOneAnswer() throws {
    let nhanes = NHANES.shared
    let highBloodPressure = try nhanes.design().mean(of: nhanes.highBloodPressure)
    expectClose(highBloodPressure.value, 0.3687432983103015)
    expectClose(highBloodPressure.standardError, 0.014320122745787069)
    expectClose(highBloodPressure.lowerBound, 0.3395372154162217)
    expectClose(highBloodPressure.upperBound, 0.3979493812043813)
}

@Test func withoutClustersEachRespondentIsItsOwnCluster() throws {
    // Simple random sample of four, equal weights: SE = s/√n, df = n − 1.
    let design = try SampleDesign(weights: [1, 1, 1, 1])
    let estimate = try design.mean(of: [2, 4, 6, 8])
    #expect(estimate.value == 5)
    let sampleVariance = (9.0 + 1 + 1 + 9) / 3
    expectClose(estimate.standardError, (sampleVariance / 4).squareRoot(), within: 1e-15)
    #expect(estimate.degreesOfFreedom == 3)
    // t(0.975, 3) = 3.182446305284263.
    expectClose(estimate.upperBound - estimate.value, 3.182446305284263 * estimate.standardError, within: 1e-12)
}

@Test func lonelyClusterIsRefusedByDefaultAndCentredWhenAllowed() throws {
    let strata = ["A", "A", "B"]
    let clusters = ["1", "2", "1"]
    #expect(throws: SurveyError.singleClusterStratum("B")) {
        try SampleDesign(weights: [1, 1, 1], strata: strata, clusters: clusters)
    }
    let design = try SampleDesign(weights: [1, 1, 1], strata: strata, clusters: clusters, lonelyClusters: .centreOnGrandMean)
    let estimate = try design.mean(of: [0, 3, 3])
    // z = (y − 2)/3 → −2/3, 1/3, 1/3; stratum A: 2·((−1/2)² + (1/2)²) = 1; B around the grand mean 0:
    // (1/3)² = 1/9.
    expectClose(estimate.standardError, (1 + 1.0 / 9).squareRoot(), within: 1e-15)
    #expect(estimate.degreesOfFreedom == 1)
}

@Test func inputErrorsNameTheRespondent() throws {
    #expect(throws: SurveyError.invalidWeight(respondent: 1, weight: 0)) { try SampleDesign(weights: [1, 0]) }
    #expect(throws: SurveyError.lengthMismatch(argument: "clusters", expected: 2, actual: 1)) {
        try SampleDesign(weights: [1, 1], clusters: ["1"])
    }
    let design = try SampleDesign(weights: [1, 1, 1])
    #expect(throws: SurveyError.noRespondents) { try design.mean(of: [nil, nil, nil]) }
    #expect(throws: SurveyError.nonFiniteValue(respondent: 2)) { try design.mean(of: [1, 2, .nan]) }
    #expect(throws: SurveyError.noDegreesOfFreedom) { try SampleDesign(weights: [1], lonelyClusters: .centreOnGrandMean).mean(of: [1]) }
}

@Test func studentTQuantilesMatchTables() {
    // Quantiles to 15 digits from R's qt().
    expectClose(StudentT.quantile(0.975, degreesOfFreedom: 31), 2.039513446396408, within: 1e-12)
    expectClose(StudentT.quantile(0.975, degreesOfFreedom: 1), 12.70620473617471, within: 1e-10)
    expectClose(StudentT.quantile(0.95, degreesOfFreedom: 10), 1.812461122811676, within: 1e-12)
    expectClose(StudentT.quantile(0.025, degreesOfFreedom: 31), -2.039513446396408, within: 1e-12)
    expectClose(StandardNormal.quantile(0.975), 1.959963984540054, within: 1e-13)
}

@Test func publicationSuppressesSmallCellsWithoutTheirNumber() throws {
    let rule = PublicationRule()
    let small = try SampleDesign(weights: Array(repeating: 1, count: 29)).mean(of: (0..<29).map { Double($0 % 5) })
    #expect(rule.publish(small) == .suppressed(respondents: 29))
    let values = (0..<30).map { Double($0 % 5) * 25 }
    let enough = try SampleDesign(weights: Array(repeating: 1, count: 30)).mean(of: values)
    guard case .shown(let shown, let imprecise) = rule.publish(enough) else {
        Issue.record("30 respondents must be shown")
        return
    }
    #expect(shown == enough && !imprecise)
    // Mostly zeros: the mean is small next to its standard error.
    let rare = (0..<40).map { $0 == 0 ? 100.0 : 0 }
    let rareEstimate = try SampleDesign(weights: Array(repeating: 1, count: 40)).mean(of: rare)
    guard case .shown(_, let rareImprecise) = rule.publish(rareEstimate) else {
        Issue.record("40 respondents must be shown")
        return
    }
    #expect(rareImprecise)
}
