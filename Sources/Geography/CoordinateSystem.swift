import Foundation

/// The datum a boundary file's coordinates are in. Chinese web maps publish GCJ-02, an
/// obfuscated offset of WGS84 of a few hundred metres; GPS and most open data use WGS84.
public enum CoordinateSystem: String, Sendable, CaseIterable, Codable {
    case wgs84
    case gcj02

    /// `coordinate`, given in this system, expressed in `target`.
    public func convert(_ coordinate: Coordinate, to target: CoordinateSystem) -> Coordinate {
        switch (self, target) {
        case (.wgs84, .gcj02): GCJ02.fromWGS84(coordinate)
        case (.gcj02, .wgs84): GCJ02.toWGS84(coordinate)
        default: coordinate
        }
    }

    /// `region`, given in this system, with every position expressed in `target`.
    public func convert(_ region: RegionBoundary, to target: CoordinateSystem) -> RegionBoundary {
        guard target != self else { return region }
        var converted = region
        converted.polygons = region.polygons.map { polygon in
            Polygon(
                exterior: polygon.exterior.map { convert($0, to: target) },
                holes: polygon.holes.map { $0.map { convert($0, to: target) } })
        }
        return converted
    }
}

/// The widely published GCJ-02 transform (as in eviltransform): Krasovsky 1940 ellipsoid
/// constants and the trigonometric offset series; no shift outside a rectangle around China.
enum GCJ02 {
    private static let a = 6_378_245.0
    private static let ee = 0.006_693_421_622_965_943_23

    static func isOutsideChina(_ c: Coordinate) -> Bool {
        c.longitude < 72.004 || c.longitude > 137.8347 || c.latitude < 0.8293
            || c.latitude > 55.8271
    }

    static func fromWGS84(_ c: Coordinate) -> Coordinate {
        guard !isOutsideChina(c) else { return c }
        let (dLongitude, dLatitude) = offset(c)
        return Coordinate(longitude: c.longitude + dLongitude, latitude: c.latitude + dLatitude)
    }

    /// The inverse has no closed form: iterate w ← w − (gcj(w) − g) from w = g until the step is
    /// under 1e-9°, far inside the 1e-7° the maps need (a few iterations; the offset varies
    /// slowly).
    static func toWGS84(_ g: Coordinate) -> Coordinate {
        guard !isOutsideChina(g) else { return g }
        var w = g
        for _ in 0..<30 {
            let forward = fromWGS84(w)
            let (dx, dy) = (forward.longitude - g.longitude, forward.latitude - g.latitude)
            w = Coordinate(longitude: w.longitude - dx, latitude: w.latitude - dy)
            if abs(dx) < 1e-9 && abs(dy) < 1e-9 { break }
        }
        return w
    }

    private static func offset(_ c: Coordinate) -> (longitude: Double, latitude: Double) {
        let (x, y) = (c.longitude - 105, c.latitude - 35)
        var dLatitude = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x))
        dLatitude += (20 * sin(6 * x * .pi) + 20 * sin(2 * x * .pi)) * 2 / 3
        dLatitude += (20 * sin(y * .pi) + 40 * sin(y / 3 * .pi)) * 2 / 3
        dLatitude += (160 * sin(y / 12 * .pi) + 320 * sin(y * .pi / 30)) * 2 / 3
        var dLongitude = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x))
        dLongitude += (20 * sin(6 * x * .pi) + 20 * sin(2 * x * .pi)) * 2 / 3
        dLongitude += (20 * sin(x * .pi) + 40 * sin(x / 3 * .pi)) * 2 / 3
        dLongitude += (150 * sin(x / 12 * .pi) + 300 * sin(x / 30 * .pi)) * 2 / 3
        let radians = c.latitude / 180 * .pi
        let magic = 1 - ee * sin(radians) * sin(radians)
        let root = sqrt(magic)
        dLatitude = dLatitude * 180 / ((a * (1 - ee)) / (magic * root) * .pi)
        dLongitude = dLongitude * 180 / (a / root * cos(radians) * .pi)
        return (dLongitude, dLatitude)
    }
}
