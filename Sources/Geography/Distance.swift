import Foundation

/// Straight-line (great-circle) distances on a sphere of the Earth's mean radius: what a planner
/// means by 服务半径 when no road network is at hand.
public enum GreatCircle {
    /// The IUGG mean Earth radius R₁ in metres.
    public static let earthRadius = 6_371_008.8

    /// The haversine distance in metres between `a` and `b`.
    public static func distance(_ a: Coordinate, _ b: Coordinate) -> Double {
        let (latitude1, latitude2) = (radians(a.latitude), radians(b.latitude))
        let s1 = sin((latitude2 - latitude1) / 2)
        let s2 = sin(radians(b.longitude - a.longitude) / 2)
        return distance(haversine: min(s1 * s1 + cos(latitude1) * cos(latitude2) * s2 * s2, 1))
    }

    /// hav(d/R) for a distance: comparing a pair's haversine with it rejects far points
    /// without an `asin`.
    static func haversine(ofDistance metres: Double) -> Double {
        let s = sin(min(metres / earthRadius, .pi) / 2)
        return s * s
    }

    static func distance(haversine h: Double) -> Double {
        2 * earthRadius * asin(sqrt(h))
    }

    static func radians(_ degrees: Double) -> Double { degrees * .pi / 180 }
}

/// A travel speed, to turn the plans' minutes (15分钟服务圈) into a straight-line radius and back.
public struct TravelSpeed: Sendable, Equatable {
    public var kilometresPerHour: Double

    public init(kilometresPerHour: Double) throws {
        guard kilometresPerHour.isFinite, kilometresPerHour > 0 else {
            throw GeographyError.invalidParameter(
                "speed is \(kilometresPerHour) km/h; it must be a finite number greater than 0")
        }
        self.kilometresPerHour = kilometresPerHour
    }

    /// The metres covered in `minutes`.
    public func metres(inMinutes minutes: Double) -> Double {
        kilometresPerHour * 1000 * minutes / 60
    }

    /// The minutes needed for `metres`.
    public func minutes(forMetres metres: Double) -> Double {
        metres / (kilometresPerHour * 1000) * 60
    }
}

/// How people travel to a facility, with the straight-line speed that turns the plans' minutes
/// into a radius: a walk of 15 minutes at 5 km/h is 1.25 km.
public enum TravelMode: String, Sendable, CaseIterable, Codable {
    case walk, bicycle, drive

    /// The assumed speed; straight-line, so below road speeds, which detours eat into.
    public var speed: TravelSpeed {
        switch self {
        case .walk: TravelSpeed(unchecked: 5)
        case .bicycle: TravelSpeed(unchecked: 12)
        case .drive: TravelSpeed(unchecked: 30)
        }
    }
}

extension TravelSpeed {
    fileprivate init(unchecked kilometresPerHour: Double) { self.kilometresPerHour = kilometresPerHour }
}

/// Points bucketed into cells of a latitude–longitude grid, so that a search around a point
/// visits only the cells its circle can touch rather than every point.
struct GridIndex {
    private let originLatitude: Double
    private let originLongitude: Double
    private let cellDegrees: Double
    private let rows: Int
    private let columns: Int
    /// Points of cell `c` are `members[cellStart[c]..<cellStart[c + 1]]`.
    private let cellStart: [Int32]
    private let members: [Int32]
    /// Per point: cos φ and the sines and cosines of φ/2 and λ/2, from which the haversine of
    /// any pair follows by products alone (sin(a − b) = sin a cos b − cos a sin b), with no
    /// trigonometry per pair; it agrees with ``GreatCircle/distance(_:_:)`` to about 1e-9 m.
    private let cosLatitudes: [Double]
    private let halfLatitudes: [(sin: Double, cos: Double)]
    private let halfLongitudes: [(sin: Double, cos: Double)]

    init(_ points: [Coordinate], cellDegrees requested: Double) {
        cosLatitudes = points.map { cos(GreatCircle.radians($0.latitude)) }
        halfLatitudes = points.map { Self.half(GreatCircle.radians($0.latitude)) }
        halfLongitudes = points.map { Self.half(GreatCircle.radians($0.longitude)) }
        let lowLatitude = points.map(\.latitude).min() ?? 0
        let lowLongitude = points.map(\.longitude).min() ?? 0
        let latitudeSpan = (points.map(\.latitude).max() ?? 0) - lowLatitude
        let longitudeSpan = (points.map(\.longitude).max() ?? 0) - lowLongitude
        // Cap the grid at about a million cells whatever the radius.
        let cell = max(requested, latitudeSpan / 1000, longitudeSpan / 1000, 1e-9)
        (originLatitude, originLongitude, cellDegrees) = (lowLatitude, lowLongitude, cell)
        let (rows, columns) = (Int(latitudeSpan / cell) + 1, Int(longitudeSpan / cell) + 1)
        (self.rows, self.columns) = (rows, columns)
        var counts = Array(repeating: Int32(0), count: rows * columns + 1)
        let cells = points.map { point in
            Int((point.latitude - lowLatitude) / cell) * columns
                + Int((point.longitude - lowLongitude) / cell)
        }
        for c in cells { counts[c + 1] += 1 }
        for c in 1..<counts.count { counts[c] += counts[c - 1] }
        var next = counts
        var members = Array(repeating: Int32(0), count: points.count)
        for (index, c) in cells.enumerated() {
            members[Int(next[c])] = Int32(index)
            next[c] += 1
        }
        cellStart = counts
        self.members = members
    }

    private static func half(_ angle: Double) -> (sin: Double, cos: Double) {
        (sin(angle / 2), cos(angle / 2))
    }

    /// Calls `visit(index, haversine)` for every indexed point within `radius` metres of the
    /// point at `latitude`/`longitude` (radians).
    @inline(__always)
    func forEach(
        within radius: Double, ofLatitude latitude: Double, longitude: Double,
        _ visit: (Int, Double) -> Void
    ) {
        let angle = radius / GreatCircle.earthRadius
        let cosLatitude = cos(latitude)
        // The circle's exact bounding box; it spans all longitudes when it reaches a pole.
        let latitudeReach = angle * 180 / .pi
        let longitudeReach =
            cosLatitude > sin(angle) ? asin(sin(angle) / cosLatitude) * 180 / .pi : 360
        let (degreesLatitude, degreesLongitude) = (latitude * 180 / .pi, longitude * 180 / .pi)
        let rowRange = cellRange(
            degreesLatitude - latitudeReach, degreesLatitude + latitudeReach, originLatitude, rows)
        let columnRange = cellRange(
            degreesLongitude - longitudeReach, degreesLongitude + longitudeReach, originLongitude,
            columns)
        guard let rowRange, let columnRange else { return }
        let limit = GreatCircle.haversine(ofDistance: radius)
        let (halfLatitude, halfLongitude) = (Self.half(latitude), Self.half(longitude))
        for row in rowRange {
            let first = row * columns
            for m in Int(cellStart[first + columnRange.lowerBound])..<Int(
                cellStart[first + columnRange.upperBound + 1])
            {
                let j = Int(members[m])
                let (a, b) = (halfLatitudes[j], halfLongitudes[j])
                let s1 = a.sin * halfLatitude.cos - a.cos * halfLatitude.sin
                let s2 = b.sin * halfLongitude.cos - b.cos * halfLongitude.sin
                let h = min(s1 * s1 + cosLatitude * cosLatitudes[j] * s2 * s2, 1)
                if h <= limit { visit(j, h) }
            }
        }
    }

    private func cellRange(_ low: Double, _ high: Double, _ origin: Double, _ count: Int)
        -> ClosedRange<Int>?
    {
        let first = max(Int(((low - origin) / cellDegrees).rounded(.down)), 0)
        let last = min(Int(((high - origin) / cellDegrees).rounded(.down)), count - 1)
        return first <= last ? first...last : nil
    }
}
