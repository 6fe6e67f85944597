import Foundation

/// The accessibility measures a planner can turn into an indicator, each summarised per area
/// (county) as a population-weighted mean over the area's population points.
public enum AccessibilityMeasure: String, Sendable, CaseIterable, Codable {
    /// The share of the population (%) living within the radius of a facility: the plans'
    /// 15分钟服务圈 coverage.
    case shareWithin = "share"
    /// The mean straight-line distance (km) to the nearest facility.
    case nearestDistance = "nearest"
    /// Step two-step floating catchment: supply per 1,000 people reachable within the radius.
    case stepTwoStep = "2sfca"
    /// Gravity two-step floating catchment (weight 1/distance within the radius).
    case gravityTwoStep = "2sfca-gravity"
    /// Gravity three-step floating catchment (Wan et al.: competition between facilities).
    case gravityThreeStep = "3sfca"

    /// Whether more is better (coverage, supply) or less is (distance).
    public var higherIsBetter: Bool { self != .nearestDistance }
}

/// Where people live, for ``AreaAccessibility``: a position, its population and the area it is
/// summarised in.
public struct DemandPoint: Sendable, Equatable {
    public var coordinate: Coordinate
    public var population: Double
    public var area: String

    public init(coordinate: Coordinate, population: Double, area: String) {
        self.coordinate = coordinate
        self.population = population
        self.area = area
    }
}

/// A facility, for ``AreaAccessibility``: a position and its capacity (doctors, places, beds; 1
/// when only the facility counts).
public struct SupplyPoint: Sendable, Equatable {
    public var coordinate: Coordinate
    public var capacity: Double

    public init(coordinate: Coordinate, capacity: Double) {
        self.coordinate = coordinate
        self.capacity = capacity
    }
}

/// A measure summarised per area and over all the points together.
public struct AreaAccessibility: Sendable, Equatable {
    /// Area → value; an area whose points have no population is absent, and for the nearest
    /// distance so is one with no facility anywhere.
    public var byArea: [String: Double]
    /// The population-weighted value over every point; nil as an absent area would be.
    public var overall: Double?

    /// Computes `measure` with straight-line distances: coverage and catchments use `radius`
    /// metres; the gravity weight is 1/distance with distances under ``minimumDistance``
    /// counted as that (a facility in the village itself is not infinitely close).
    public static func compute(_ measure: AccessibilityMeasure, demand: [DemandPoint], supply: [SupplyPoint],
                               radius: Double) throws -> AreaAccessibility {
        guard radius.isFinite, radius > 0 else {
            throw GeographyError.invalidParameter("radius is \(radius) m; it must be a finite number greater than 0")
        }
        let points = demand.map(\.coordinate)
        let population = demand.map(\.population)
        let values: [Double]
        switch measure {
        case .shareWithin, .nearestDistance:
            let nearest = try Proximity.nearestDistances(from: points, to: supply.map(\.coordinate))
            values = measure == .shareWithin ? nearest.map { $0 <= radius ? 100 : 0 } : nearest.map { $0 / 1000 }
        case .stepTwoStep, .gravityTwoStep, .gravityThreeStep:
            let costs = try CostMatrix.straightLine(from: points, to: supply.map(\.coordinate), within: radius)
            let decay: DistanceDecay = measure == .stepTwoStep ? .step : .gravity(exponent: 1, minimumCost: minimumDistance)
            let capacity = supply.map(\.capacity)
            let ratios = measure == .gravityThreeStep
                ? try FloatingCatchment.threeStep(costs: costs, demand: population, supply: capacity, cutoff: radius, decay: decay)
                : try FloatingCatchment.twoStep(costs: costs, demand: population, supply: capacity, cutoff: radius, decay: decay)
            values = ratios.map { $0 * 1000 }
        }
        func finite(_ means: [String: Double]) -> [String: Double] { means.filter { $0.value.isFinite } }
        let byArea = finite(try Proximity.weightedMeans(of: values, population: population, areas: demand.map(\.area)))
        let overall = finite(try Proximity.weightedMeans(of: values, population: population,
                                                         areas: Array(repeating: "", count: values.count)))[""]
        return AreaAccessibility(byArea: byArea, overall: overall)
    }

    /// The distance (m) under which the gravity weight stops growing.
    public static let minimumDistance = 100.0
}

/// Reading a distance as planners write it.
public enum DistanceText {
    /// Metres from "1km", "1.5 km", "800m", "800", "2公里", "500米"; nil for anything else or
    /// a distance that is not positive.
    public static func metres(_ text: String) -> Double? {
        let text = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("km", 1000), ("公里", 1000), ("千米", 1000), ("m", 1), ("米", 1)]
        var number = text
        var factor = 1.0
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            number = String(text.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
            factor = scale
            break
        }
        guard let value = Double(number), value.isFinite, value > 0 else { return nil }
        return value * factor
    }
}
