import Foundation

/// The levels of detail boundaries are simplified for, on the Web Mercator scale of zoom levels
/// (256-pixel tiles): a province fits a page near 7, a city near 10, a county near 12.
public enum MapZoom {
    /// The levels stored for every boundary set, coarsest first.
    public static let levels = [6, 8, 10, 12]

    /// The coarsest stored level that still draws `regions` within half a pixel on a map
    /// `width` pixels wide: the zoom at which their longitude span fills the width, rounded up to
    /// a stored level (the finest when none is fine enough).
    public static func level(for regions: [RegionBoundary], width: Int) -> Int {
        let longitudes = regions.flatMap { $0.allCoordinates.map(\.longitude) }
        guard let west = longitudes.min(), let east = longitudes.max(), east > west, width > 0 else {
            return levels.last!
        }
        let zoom = log2(Double(width) * 360 / (256 * (east - west)))
        return levels.first { Double($0) >= zoom } ?? levels.last!
    }

    /// The mean latitude of the regions' vertices: where a level's tolerance is taken
    /// (``Topology/tolerance(zoom:latitude:pixels:)``).
    public static func meanLatitude(of regions: [RegionBoundary]) -> Double {
        let latitudes = regions.flatMap { $0.allCoordinates.map(\.latitude) }
        return latitudes.isEmpty ? 0 : latitudes.reduce(0, +) / Double(latitudes.count)
    }
}

extension RegionBoundary {
    /// This boundary with every coordinate rounded to `places` decimal places (6: about 0.1 m),
    /// repeated vertices dropped. Rounding is the same for a vertex wherever it appears, so borders
    /// shared vertex for vertex stay shared.
    public func rounded(places: Int) -> RegionBoundary {
        let scale = pow(10, Double(places))
        func round(_ value: Double) -> Double { (value * scale).rounded() / scale }
        var copy = self
        copy.polygons = polygons.map { polygon in
            let rings = polygon.rings.map { ring in
                ring.map { Coordinate(longitude: round($0.longitude), latitude: round($0.latitude)) }
                    .reduce(into: [Coordinate]()) { kept, point in if kept.last != point { kept.append(point) } }
            }
            return Polygon(exterior: rings[0], holes: Array(rings.dropFirst()))
        }
        return copy
    }

    /// How many positions its rings hold.
    public var pointCount: Int { polygons.reduce(0) { $0 + $1.rings.reduce(0) { $0 + $1.count } } }
}
