import Foundation
import JunhengCore
import JunhengTestSupport
import Testing

@testable import Geography

/// PySAL `access`'s hospital example (its tests/test_hospital_example.py, scenario 0): three
/// tracts that are both demand and supply; minutes between them, 80 across the city so beyond
/// the 61-minute cutoff. Fixtures/access_reference_values.py prints the references.
private let populations = [100.0, 50, 10]
private let doctors = [15.0, 20, 100]
private func hospitalCosts() throws -> CostMatrix {
    let minutes = [[1.0, 80, 40], [80, 1, 40], [40, 40, 1]]
    return try CostMatrix(
        demandCount: 3, supplyCount: 3,
        entries: (0..<3).flatMap { i in (0..<3).map { j in (i, j, minutes[i][j]) } })
}

/// The measures `access_reference_values.py` prints, with its output.
private enum HospitalMeasure: String, CaseIterable, Sendable {
    case gravityTwoStep, gravityThreeStep, stepTwoStep

    var reference: [Double] {
        switch self {
        case .gravityTwoStep: [0.331444, 0.579828, 7.286418]
        case .gravityThreeStep: [0.156257, 0.406216, 9.906352]
        case .stepTwoStep: [0.761364, 0.958333, 1.094697]
        }
    }

    func ratios(_ costs: CostMatrix) throws -> [Double] {
        switch self {
        case .gravityTwoStep:
            try FloatingCatchment.twoStep(
                costs: costs, demand: populations, supply: doctors, cutoff: 61, decay: .gravity(exponent: 1))
        case .gravityThreeStep:
            try FloatingCatchment.threeStep(
                costs: costs, demand: populations, supply: doctors, cutoff: 61, decay: .gravity(exponent: 1))
        case .stepTwoStep:
            try FloatingCatchment.twoStep(costs: costs, demand: populations, supply: doctors, cutoff: 61)
        }
    }
}

@Test(arguments: HospitalMeasure.allCases)
private func floatingCatchmentMatchesAccessHospitalExample(_ measure: HospitalMeasure) throws {
    let ratios = try measure.ratios(hospitalCosts())
    #expect(ratios.count == 3)
    for (value, reference) in zip(ratios, measure.reference) {
        expectClose(value, reference, within: 1e-6)
    }
}

@Test func twoStepConservesSupplyWhenEveryoneReachesSomething() throws {
    // With step weights, Σ population × ratio = Σ supply of facilities somebody reaches.
    let ratios = try FloatingCatchment.twoStep(
        costs: hospitalCosts(), demand: populations, supply: doctors, cutoff: 61)
    expectClose(zip(ratios, populations).map(*).reduce(0, +), 135)
}

@Test func haversineGivesArcLengthsOnTheMeanSphere() {
    let degree = GreatCircle.earthRadius * .pi / 180
    expectClose(GreatCircle.distance(coordinate(114, 37), coordinate(114, 38)), degree, within: 1e-6)
    expectClose(GreatCircle.distance(coordinate(0, 0), coordinate(1, 0)), degree, within: 1e-6)
    expectClose(GreatCircle.distance(coordinate(10, 0), coordinate(10, 90)), degree * 90, within: 1e-6)
    expectClose(GreatCircle.distance(coordinate(0, 0), coordinate(180, 0)), degree * 180, within: 1e-6)
    // Along a parallel the great circle is shorter than the parallel's own arc.
    let parallel = degree * cos(60 * Double.pi / 180)
    #expect(GreatCircle.distance(coordinate(0, 60), coordinate(1, 60)) < parallel)
    expectClose(GreatCircle.distance(coordinate(0, 60), coordinate(1, 60)), parallel, within: 1)
}

@Test func minutesBecomeMetresAtASpeed() throws {
    let walking = try TravelSpeed(kilometresPerHour: 4.8)
    expectClose(walking.metres(inMinutes: 15), 1200)
    expectClose(walking.minutes(forMetres: 1200), 15)
    #expect(throws: GeographyError.invalidParameter("speed is 0.0 km/h; it must be a finite number greater than 0")) {
        try TravelSpeed(kilometresPerHour: 0)
    }
}

private func randomPoints(_ count: Int, using generator: inout SplitMix64) -> [Coordinate] {
    (0..<count).map { _ in
        coordinate(Double.random(in: 114...115.2, using: &generator), Double.random(in: 36.8...37.6, using: &generator))
    }
}

@Test func straightLineMatrixHoldsExactlyThePairsWithinTheRadius() throws {
    var generator = SplitMix64(state: 14)
    let people = randomPoints(300, using: &generator)
    let clinics = randomPoints(80, using: &generator)
    let matrix = try CostMatrix.straightLine(from: people, to: clinics, within: 12_000)
    var expected = 0
    for (i, person) in people.enumerated() {
        for (j, clinic) in clinics.enumerated() {
            let d = GreatCircle.distance(person, clinic)
            if d <= 12_000 {
                expected += 1
                expectClose(matrix.cost(demand: i, supply: j), d, within: 1e-6)
            } else {
                #expect(matrix.cost(demand: i, supply: j) == nil)
            }
        }
    }
    #expect(matrix.entryCount == expected)
    #expect(expected > 500)
}

@Test func nearestDistancesAgreeWithBruteForce() throws {
    var generator = SplitMix64(state: 7)
    let people = randomPoints(400, using: &generator) + [coordinate(120, 40)]
    let clinics = randomPoints(25, using: &generator)
    let nearest = try Proximity.nearestDistances(from: people, to: clinics)
    for (person, distance) in zip(people, nearest) {
        expectClose(distance, clinics.map { GreatCircle.distance(person, $0) }.min()!, within: 1e-6)
    }
    #expect(try Proximity.nearestDistances(from: people, to: []).allSatisfy { $0 == .infinity })
}

@Test func populationWeightedMeansAndSharesPerCounty() throws {
    let distances = [500.0, 1500, 3000, 800]
    let population = [1000.0, 3000, 0, 2000]
    let areas = ["130502", "130502", "130503", "130503"]
    let means = try Proximity.weightedMeans(of: distances, population: population, areas: areas)
    #expect(means == ["130502": 1250, "130503": 800])
    let shares = try Proximity.shareWithin(1000, nearestDistances: distances, population: population, areas: areas)
    #expect(shares == ["130502": 0.25, "130503": 1])
    #expect(throws: GeographyError.lengthMismatch(argument: "areas", expected: 4, actual: 1)) {
        try Proximity.weightedMeans(of: distances, population: population, areas: ["x"])
    }
}

@Test func straightLineAndGivenCostsGiveTheSameRatios() throws {
    var generator = SplitMix64(state: 3)
    let people = randomPoints(120, using: &generator)
    let clinics = randomPoints(15, using: &generator)
    let population = people.map { _ in Double.random(in: 100...5000, using: &generator) }
    let beds = clinics.map { _ in Double.random(in: 5...50, using: &generator) }
    let grid = try CostMatrix.straightLine(from: people, to: clinics, within: 20_000)
    let dense = try CostMatrix(
        demandCount: people.count, supplyCount: clinics.count,
        entries: people.indices.flatMap { i in
            clinics.indices.map { j in (i, j, GreatCircle.distance(people[i], clinics[j])) }
        })
    let decay = DistanceDecay.gravity(exponent: 1, scale: 1000, minimumCost: 100)
    let fromGrid = try FloatingCatchment.twoStep(costs: grid, demand: population, supply: beds, cutoff: 20_000, decay: decay)
    let fromDense = try FloatingCatchment.twoStep(costs: dense, demand: population, supply: beds, cutoff: 20_000, decay: decay)
    for (a, b) in zip(fromGrid, fromDense) { expectClose(a, b, within: 1e-9) }
    #expect(fromGrid.contains { $0 > 0 })
}

@Test func rejectsMismatchedAndInvalidInputs() throws {
    let costs = try hospitalCosts()
    #expect(throws: GeographyError.lengthMismatch(argument: "demand", expected: 3, actual: 2)) {
        try FloatingCatchment.twoStep(costs: costs, demand: [1, 2], supply: doctors, cutoff: 61)
    }
    #expect(throws: GeographyError.invalidParameter("supply at index 2 is -1.0; it must be finite and not negative")) {
        try FloatingCatchment.twoStep(costs: costs, demand: populations, supply: [1, 1, -1], cutoff: 61)
    }
    #expect(throws: GeographyError.invalidParameter("demand 1, supply 2 has more than one cost entry")) {
        try CostMatrix(demandCount: 3, supplyCount: 3, entries: [(1, 2, 5), (0, 0, 1), (1, 2, 6)])
    }
    #expect(throws: GeographyError.invalidParameter("facilities at index 1 is (114.0, nan), not a valid longitude/latitude")) {
        try Proximity.nearestDistances(from: [coordinate(114, 37)], to: [coordinate(114, 37), coordinate(114, .nan)])
    }
    #expect(throws: GeographyError.invalidParameter("demand at index 0 is (200.0, 37.0), not a valid longitude/latitude")) {
        try CostMatrix.straightLine(from: [coordinate(200, 37)], to: [], within: 1000)
    }
    #expect(throws: GeographyError.invalidParameter("cost entry 0 refers to demand 3, supply 0, outside the 3 × 3 matrix")) {
        try CostMatrix(demandCount: 3, supplyCount: 3, entries: [(3, 0, 1)])
    }
}
