import Foundation

/// Travel costs from demand points (where people live) to facilities, kept sparse: only the pairs
/// given, or only those within a radius, so that 50,000 points × 2,000 facilities need not fill a
/// dense matrix. Costs are in whatever unit the caller uses (minutes, metres), the same unit as
/// the cutoffs and decay functions applied to them.
public struct CostMatrix: Sendable, Equatable {
    public let demandCount: Int
    public let supplyCount: Int
    /// The pairs of demand point `i` are `facilities[offsets[i]..<offsets[i + 1]]` with costs
    /// `costs[…]` (compressed sparse rows).
    let offsets: [Int]
    let facilities: [Int32]
    let costs: [Double]

    /// A matrix from the pairs a caller knows, such as a routing engine's travel minutes.
    public init(
        demandCount: Int, supplyCount: Int, entries: [(demand: Int, supply: Int, cost: Double)]
    ) throws {
        for (index, entry) in entries.enumerated() {
            guard (0..<demandCount).contains(entry.demand), (0..<supplyCount).contains(entry.supply)
            else {
                throw GeographyError.invalidParameter(
                    "cost entry \(index) refers to demand \(entry.demand), supply \(entry.supply), outside the \(demandCount) × \(supplyCount) matrix")
            }
            guard entry.cost.isFinite, entry.cost >= 0 else {
                throw GeographyError.invalidParameter(
                    "cost entry \(index) is \(entry.cost); costs must be finite and not negative")
            }
        }
        let ordered = entries.sorted { ($0.demand, $0.supply) < ($1.demand, $1.supply) }
        for (a, b) in zip(ordered, ordered.dropFirst()) where (a.demand, a.supply) == (b.demand, b.supply) {
            throw GeographyError.invalidParameter(
                "demand \(a.demand), supply \(a.supply) has more than one cost entry")
        }
        var offsets = Array(repeating: 0, count: demandCount + 1)
        for entry in ordered { offsets[entry.demand + 1] += 1 }
        for i in 0..<demandCount { offsets[i + 1] += offsets[i] }
        self.init(
            demandCount: demandCount, supplyCount: supplyCount, offsets: offsets,
            facilities: ordered.map { Int32($0.supply) }, costs: ordered.map(\.cost))
    }

    private init(
        demandCount: Int, supplyCount: Int, offsets: [Int], facilities: [Int32], costs: [Double]
    ) {
        self.demandCount = demandCount
        self.supplyCount = supplyCount
        self.offsets = offsets
        self.facilities = facilities
        self.costs = costs
    }

    /// Straight-line distances in metres from each demand point to every facility within
    /// `radius` metres, found through a grid index so that only nearby facilities are visited.
    /// Longitudes are assumed not to cross ±180° (true of China).
    public static func straightLine(
        from demand: [Coordinate], to supply: [Coordinate], within radius: Double
    ) throws -> CostMatrix {
        guard radius.isFinite, radius > 0 else {
            throw GeographyError.invalidParameter(
                "radius is \(radius) m; it must be a finite number greater than 0")
        }
        try validate(demand, argument: "demand")
        try validate(supply, argument: "supply")
        // Cells half the radius across keep the visited area close to the circle's.
        let index = GridIndex(supply, cellDegrees: radius / GreatCircle.earthRadius * 90 / .pi)
        var offsets = [0]
        offsets.reserveCapacity(demand.count + 1)
        var facilities: [Int32] = []
        var costs: [Double] = []
        for point in demand {
            // Rows come in the grid's cell order, the same on every run, which fixes the order
            // the measures add in.
            index.forEach(
                within: radius, ofLatitude: GreatCircle.radians(point.latitude),
                longitude: GreatCircle.radians(point.longitude)
            ) { j, h in
                facilities.append(Int32(j))
                costs.append(GreatCircle.distance(haversine: h))
            }
            offsets.append(facilities.count)
        }
        return CostMatrix(
            demandCount: demand.count, supplyCount: supply.count, offsets: offsets,
            facilities: facilities, costs: costs)
    }

    /// How many pairs the matrix holds.
    public var entryCount: Int { costs.count }

    /// The cost from demand point `demand` to facility `supply`, or nil when the pair is absent.
    public func cost(demand: Int, supply: Int) -> Double? {
        guard (0..<demandCount).contains(demand) else { return nil }
        return (offsets[demand]..<offsets[demand + 1])
            .first { facilities[$0] == Int32(supply) }.map { costs[$0] }
    }
}

/// How a facility's pull fades with cost inside the catchment.
public enum DistanceDecay: Sendable, Equatable {
    /// Weight 1 everywhere within the cutoff: the original step 2SFCA.
    case step
    /// Weight (max(cost, minimumCost) / scale)^(−exponent), as `access`'s `gravity(scale, −β,
    /// min_dist)`; exponent 1 and scale 1 give 1/cost. A minimum cost keeps zero-cost pairs
    /// (a facility at the point itself) finite.
    case gravity(exponent: Double, scale: Double = 1, minimumCost: Double = 0)

    @inline(__always)
    func weight(_ cost: Double) -> Double {
        switch self {
        case .step: 1
        case .gravity(let exponent, let scale, let minimumCost):
            exponent == 1
                ? scale / max(cost, minimumCost) : pow(max(cost, minimumCost) / scale, -exponent)
        }
    }
}

/// Floating catchment area measures: supply-to-demand ratios that count facilities and people
/// within reach of each other (Luo & Wang 2003; Wan, Zou & Sternberg 2012 for 3SFCA), computed as
/// PySAL `access` computes them.
public enum FloatingCatchment {
    /// Two-step FCA: each facility's supply divided by the (decay-weighted) population within
    /// `cutoff` of it, then summed (decay-weighted) at each demand point over the facilities within
    /// `cutoff`. Demand points with no facility in reach get 0.
    public static func twoStep(
        costs: CostMatrix, demand: [Double], supply: [Double], cutoff: Double,
        decay: DistanceDecay = .step
    ) throws -> [Double] {
        try check(costs, demand: demand, supply: supply, cutoff: cutoff)
        return ratios(costs, demand: demand, supply: supply, cutoff: cutoff) { _, cost in
            decay.weight(cost)
        }
    }

    /// Three-step FCA: as ``twoStep(costs:demand:supply:cutoff:decay:)`` with each pair's weight
    /// also multiplied by the demand point's selection probability G = w / Σw over the facilities
    /// its row of `costs` holds. As in `access`, that sum runs over every pair of the matrix, not
    /// only those within `cutoff`; a matrix built with the catchment radius makes it Wan et al.'s.
    public static func threeStep(
        costs: CostMatrix, demand: [Double], supply: [Double], cutoff: Double,
        decay: DistanceDecay
    ) throws -> [Double] {
        try check(costs, demand: demand, supply: supply, cutoff: cutoff)
        var rowSums = Array(repeating: 0.0, count: costs.demandCount)
        for i in 0..<costs.demandCount {
            for e in costs.offsets[i]..<costs.offsets[i + 1] {
                rowSums[i] += decay.weight(costs.costs[e])
            }
        }
        return ratios(costs, demand: demand, supply: supply, cutoff: cutoff) { i, cost in
            let w = decay.weight(cost)
            return w * w / rowSums[i]
        }
    }

    private static func check(
        _ costs: CostMatrix, demand: [Double], supply: [Double], cutoff: Double
    ) throws {
        try requireCount(demand, costs.demandCount, argument: "demand")
        try requireCount(supply, costs.supplyCount, argument: "supply")
        try requireNonNegative(demand, argument: "demand")
        try requireNonNegative(supply, argument: "supply")
        guard !cutoff.isNaN, cutoff >= 0 else {
            throw GeographyError.invalidParameter("cutoff is \(cutoff); it must not be negative")
        }
    }

    /// Both steps over the sparse rows with the pair weight `weight(demandIndex, cost)`.
    private static func ratios(
        _ costs: CostMatrix, demand: [Double], supply: [Double], cutoff: Double,
        weight: (Int, Double) -> Double
    ) -> [Double] {
        var reached = Array(repeating: 0.0, count: costs.supplyCount)
        for i in 0..<costs.demandCount where demand[i] > 0 {
            for e in costs.offsets[i]..<costs.offsets[i + 1] where costs.costs[e] <= cutoff {
                reached[Int(costs.facilities[e])] += demand[i] * weight(i, costs.costs[e])
            }
        }
        // A facility nobody reaches contributes to no demand point, so its ratio is never read.
        let ratio = zip(supply, reached).map { $1 > 0 ? $0 / $1 : 0 }
        return (0..<costs.demandCount).map { i in
            var sum = 0.0
            for e in costs.offsets[i]..<costs.offsets[i + 1] where costs.costs[e] <= cutoff {
                sum += ratio[Int(costs.facilities[e])] * weight(i, costs.costs[e])
            }
            return sum
        }
    }
}

/// Distance-to-facility measures over population points, and their population-weighted summary
/// per area (county).
public enum Proximity {
    /// The straight-line distance in metres from each point to its nearest facility; infinity
    /// for every point when there are no facilities.
    public static func nearestDistances(from points: [Coordinate], to facilities: [Coordinate])
        throws -> [Double]
    {
        try validate(points, argument: "points")
        try validate(facilities, argument: "facilities")
        guard !facilities.isEmpty else { return points.map { _ in .infinity } }
        let latitudes = facilities.map(\.latitude)
        let longitudes = facilities.map(\.longitude)
        let span = max(
            latitudes.max()! - latitudes.min()!, longitudes.max()! - longitudes.min()!, 1e-6)
        // About one facility per cell when they spread evenly.
        let cell = span / max(Double(facilities.count).squareRoot(), 1)
        let index = GridIndex(facilities, cellDegrees: cell)
        let start = cell * .pi / 180 * GreatCircle.earthRadius
        return points.map { point in
            let (latitude, longitude) = (
                GreatCircle.radians(point.latitude), GreatCircle.radians(point.longitude)
            )
            // Widen the circle until it holds a facility; the nearest within it is the nearest.
            var radius = start
            while true {
                var best = Double.infinity
                index.forEach(within: radius, ofLatitude: latitude, longitude: longitude) { _, h in
                    best = min(best, h)
                }
                if best.isFinite { return GreatCircle.distance(haversine: best) }
                if radius >= .pi * GreatCircle.earthRadius { return .infinity }
                radius *= 2
            }
        }
    }

    /// The population-weighted mean of `values` per area code, over points with population > 0;
    /// areas whose points have no population are left out.
    public static func weightedMeans(
        of values: [Double], population: [Double], areas: [String]
    ) throws -> [String: Double] {
        try requireCount(population, values.count, argument: "population")
        try requireCount(areas, values.count, argument: "areas")
        try requireNonNegative(population, argument: "population")
        var sums: [String: (weighted: Double, population: Double)] = [:]
        for i in values.indices where population[i] > 0 {
            sums[areas[i], default: (0, 0)].weighted += values[i] * population[i]
            sums[areas[i], default: (0, 0)].population += population[i]
        }
        return sums.mapValues { $0.weighted / $0.population }
    }

    /// The share (0–1) of each area's population living within `radius` of a facility, given
    /// each point's nearest distance.
    public static func shareWithin(
        _ radius: Double, nearestDistances: [Double], population: [Double], areas: [String]
    ) throws -> [String: Double] {
        try weightedMeans(
            of: nearestDistances.map { $0 <= radius ? 1 : 0 }, population: population,
            areas: areas)
    }
}

/// Throws for the first position that is not a finite longitude within ±180 and latitude within
/// ±90, which the grid index cannot place.
private func validate(_ points: [Coordinate], argument: String) throws {
    if let bad = points.firstIndex(where: {
        !(abs($0.longitude) <= 180 && abs($0.latitude) <= 90)
    }) {
        throw GeographyError.invalidParameter(
            "\(argument) at index \(bad) is \(points[bad]), not a valid longitude/latitude")
    }
}

private func requireCount<T>(_ values: [T], _ expected: Int, argument: String) throws {
    guard values.count == expected else {
        throw GeographyError.lengthMismatch(argument: argument, expected: expected, actual: values.count)
    }
}

private func requireNonNegative(_ values: [Double], argument: String) throws {
    if let bad = values.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
        throw GeographyError.invalidParameter(
            "\(argument) at index \(bad) is \(values[bad]); it must be finite and not negative")
    }
}
