import JunhengTestSupport
import Testing

@testable import Equalization

// Reference values not taken from this code. Unless said otherwise they were computed with
// PySAL `inequality` 1.1.2 and numpy 2.4.6 by Benchmarks/equalization/reference_values.py:
// PySAL's Gini (uncorrected, as ours), Theil (= Theil T), TheilD (Theil T decomposition) and
// atkinson; numpy for the rest, with the O(n²) pair formula for weighted Gini. Weighted values
// with integer weights were also checked by running PySAL on the data with each region repeated
// `weight` times. Tolerance 1e-9: all are double arithmetic.

@Test func designReferenceValuesForOneToFiveUnweighted() throws {
    let measures = try Distribution(values: [1, 2, 3, 4, 5]).measures()
    #expect(measures.weighting == .unweighted)
    // DESIGN.md gives six decimals.
    expectClose(measures.cv, 0.471405, within: 1e-6)
    expectClose(measures.gini, 0.266667, within: 1e-6)
    expectClose(measures.theilT, 0.119688, within: 1e-6)
    expectClose(measures.theilL, 0.141114, within: 1e-6)
}

@Test func oneToFiveMatchesPySALAndNumpyForEveryMeasure() throws {
    let options = try MeasureOptions(generalizedEntropyAlphas: [-1, 0.5, 2, 3])
    let measures = try Distribution(values: [1, 2, 3, 4, 5]).measures(options: options)
    expectClose(measures.cv, 0.47140452079103173)
    expectClose(measures.gini, 0.26666666666666666)
    expectClose(measures.theilT, 0.11968759358350917)
    expectClose(measures.theilL, 0.14111394011170053)
    expectClose(measures.generalizedEntropy(alpha: -1), 0.18500000000000005)
    expectClose(measures.generalizedEntropy(alpha: 0.5), 0.1283665302140724)
    expectClose(measures.generalizedEntropy(alpha: 2), 0.11111111111111116)
    expectClose(measures.generalizedEntropy(alpha: 3), 0.11111111111111112)
    expectClose(measures.atkinson(epsilon: 0.5), 0.06315339222708627)
    expectClose(measures.atkinson(epsilon: 1), 0.13160963843421614)
    expectClose(measures.atkinson(epsilon: 2), 0.27007299270072993)
    expectClose(measures.maxMinRatio, 5)
    expectClose(measures.minMeanRatio, 1.0 / 3)
    #expect(measures.undefined.isEmpty)
}

@Test func atkinsonMatchesThePySALDocumentationExample() throws {
    // PySAL's atkinson docstring: incomes 10…50 → 0.06315 (ε = 0.5), 0.13161 (ε = 1).
    let measures = try Distribution(values: [10, 20, 30, 40, 50]).measures()
    expectClose(measures.atkinson(epsilon: 0.5), 0.06315, within: 1e-5)
    expectClose(measures.atkinson(epsilon: 1), 0.13161, within: 1e-5)
}

/// Per-capita GDP 1940 of Mexico's 32 states and their hanson98 regions: PySAL's own example
/// data (libpysal `mexico.csv`), whose documented Theil T is 0.20894344 with between-region part
/// 0.0345889 and within 0.17435454.
enum Mexico1940 {
    static let values: [Double] = [
        10384, 22361, 9573, 3758, 2934, 8578, 8537, 6909, 17816, 12132, 4359, 2181, 4414, 5309,
        3408, 3327, 6936, 4836, 9073, 1892, 3569, 11016, 21965, 4372, 4840, 6399, 2459, 7508,
        3605, 5203, 7990, 3734,
    ]
    static let regions: [Int] = [
        2, 1, 2, 5, 5, 1, 1, 3, 4, 2, 3, 5, 3, 3, 4, 3, 3, 2, 1, 5, 3, 3, 5, 2, 2, 1, 5, 1, 3, 3,
        5, 2,
    ]
    static let grouping = Grouping(groupOfRegion: regions.map(String.init))
}

@Test func mexicanStatesMatchPySALIncludingTheilTDecomposition() throws {
    let states = try Distribution(values: Mexico1940.values)
    let measures = try states.measures(groupedBy: Mexico1940.grouping)
    expectClose(measures.gini, 0.3537237117345285)
    expectClose(measures.theilT, 0.20894344230358594)
    expectClose(measures.theilL, 0.20294891379900742)
    expectClose(measures.cv, 0.7085205527820183)
    expectClose(measures.atkinson(epsilon: 0.5), 0.0984322239880091)
    expectClose(measures.atkinson(epsilon: 1), 0.1836800569549023)
    expectClose(measures.atkinson(epsilon: 2), 0.3155980580204617)
    // numpy.percentile(method="inverted_cdf")
    #expect(measures.percentile(10) == 2934)
    #expect(measures.percentile(25) == 3605)
    #expect(measures.percentile(50) == 5203)
    #expect(measures.percentile(90) == 12132)
    let theilT = try #require(measures.decomposition?.theilT)
    expectClose(theilT.within, 0.17435454225688188)
    expectClose(theilT.between, 0.03458890004670406)
    let theilL = try #require(measures.decomposition?.theilL)
    expectClose(theilL.within, 0.16976439047782216)
    expectClose(theilL.between, 0.03318452332118535)
}

/// Eight counties with small integer populations, so that PySAL on the data repeated by
/// population gives the weighted values independently of any weighted formula.
enum EightCounties {
    static let values: [Double] = [12.0, 7.5, 20.25, 9.0, 15.5, 4.0, 30.0, 11.0]
    static let weights: [Double] = [3, 1, 4, 1, 5, 9, 2, 6]
    static let groups = ["rural", "rural", "urban", "rural", "urban", "rural", "urban", "rural"]
}

@Test func weightedCountiesMatchPySALOnRepeatedData() throws {
    let counties = try Distribution(values: EightCounties.values, weights: EightCounties.weights)
    let measures = try counties.measures(
        groupedBy: Grouping(groupOfRegion: EightCounties.groups))
    #expect(measures.weighting == .weighted)
    #expect(measures.totalWeight == 31)
    expectClose(measures.mean, 12.03225806451613)
    expectClose(measures.cv, 0.595718961915897)
    expectClose(measures.gini, 0.3229265761480585)
    expectClose(measures.theilT, 0.17369189819028047)
    expectClose(measures.theilL, 0.1950079089885972)
    expectClose(measures.generalizedEntropy(alpha: -1), 0.2523416144067796)
    expectClose(measures.generalizedEntropy(alpha: 0.5), 0.18083104927239946)
    expectClose(measures.generalizedEntropy(alpha: 2), 0.17744054079307703)
    expectClose(measures.atkinson(epsilon: 0.5), 0.08837178286238956)
    expectClose(measures.atkinson(epsilon: 1), 0.17717184970817468)
    expectClose(measures.atkinson(epsilon: 2), 0.33540829003025496)
    // numpy.percentile(weights=…, method="inverted_cdf")
    #expect(measures.percentile(10) == 4)
    #expect(measures.percentile(25) == 4)
    #expect(measures.percentile(50) == 11)
    #expect(measures.percentile(75) == 15.5)
    #expect(measures.percentile(90) == 20.25)
    let theilT = try #require(measures.decomposition?.theilT)
    expectClose(theilT.within, 0.06358343857765511)
    expectClose(theilT.between, 0.11010845961262536)
    let theilL = try #require(measures.decomposition?.theilL)
    expectClose(theilL.within, 0.08699845559722484)
    expectClose(theilL.between, 0.1080094533913726)
    let geTwo = try #require(
        try counties.decomposition(by: Grouping(groupOfRegion: EightCounties.groups), alpha: 2))
    expectClose(geTwo.within, 0.0609435185723646)
    expectClose(geTwo.between, 0.11649702222071223)
}

@Test func weightedLorenzCurveMatchesNumpyCumulativeShares() throws {
    let curve = try #require(
        try Distribution(values: EightCounties.values, weights: EightCounties.weights)
            .measures().lorenzCurve)
    let population = [
        0, 0.2903225806451613, 0.3225806451612903, 0.3548387096774194, 0.5483870967741935,
        0.6451612903225806, 0.8064516129032258, 0.9354838709677419, 1.0,
    ]
    let value = [
        0, 0.09651474530831099, 0.11662198391420911, 0.14075067024128687, 0.31769436997319034,
        0.41420911528150134, 0.6219839142091153, 0.839142091152815, 1.0,
    ]
    #expect(curve.count == 9)
    for (point, (expectedPopulation, expectedValue)) in zip(curve, zip(population, value)) {
        expectClose(point.populationShare, expectedPopulation, within: 1e-15)
        expectClose(point.valueShare, expectedValue, within: 1e-15)
    }
}

@Test func sameCountiesUnweightedMatchPySAL() throws {
    let counties = try Distribution(values: EightCounties.values, weights: EightCounties.weights)
        .ignoringWeights
    let measures = try counties.measures(groupedBy: Grouping(groupOfRegion: EightCounties.groups))
    #expect(measures.weighting == .unweighted)
    expectClose(measures.gini, 0.30463386727688785)
    expectClose(measures.theilT, 0.15067021784560072)
    expectClose(measures.decomposition?.theilT?.within, 0.045498475739996214)
    expectClose(measures.decomposition?.theilT?.between, 0.10517174210560451)
    expectClose(measures.decomposition?.theilL?.within, 0.05586764934341654)
    expectClose(measures.decomposition?.theilL?.between, 0.10440263286186571)
}

@Test func realValuedPopulationsMatchNumpyFormulas() throws {
    let districts = try Distribution(
        values: [3.2, 8.9, 5.5, 14.1, 6.6], weights: [52.7, 18.3, 40.05, 9.9, 33.3])
    let options = try MeasureOptions(
        generalizedEntropyAlphas: [-1, 0, 0.5, 1, 2, 3], atkinsonEpsilons: [0.5, 1, 2, 3])
    let measures = try districts.measures(options: options)
    expectClose(measures.mean, 5.907001620745543)
    expectClose(measures.cv, 0.47946145053848704)
    expectClose(measures.gini, 0.24326723645599618)
    let entropies = [
        -1: 0.10418631899264386, 0: 0.09954518965777713, 0.5: 0.1000616306647002,
        1: 0.10260786319460408, 2: 0.11494164127623496, 3: 0.14061960014549368,
    ]
    for (alpha, expected) in entropies {
        expectClose(measures.generalizedEntropy(alpha: alpha), expected)
    }
    let atkinson = [
        0.5: 0.049405044711645196, 1: 0.09475095895018093, 2: 0.17244071194189425,
        3: 0.2330632141780865,
    ]
    for (epsilon, expected) in atkinson {
        expectClose(measures.atkinson(epsilon: epsilon), expected)
    }
    #expect(measures.percentile(10) == 3.2)
    #expect(measures.percentile(50) == 5.5)
    #expect(measures.percentile(90) == 8.9)

    let grouping = Grouping(groupOfRegion: ["a", "b", "a", "b", "c"])
    let parts = try districts.decompositions(by: grouping, alphas: [0, 1, 2, -0.5])
    let expected: [(within: Double, between: Double)] = [
        (0.02648804751205157, 0.0730571421457254),
        (0.024115165505709406, 0.07849269768889477),
        (0.0273213643179449, 0.08762027695829011),
        (0.029479515547937023, 0.07144933281743704),
    ]
    for (part, reference) in zip(parts, expected) {
        expectClose(part?.within, reference.within)
        expectClose(part?.between, reference.between)
    }
}
