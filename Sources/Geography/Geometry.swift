/// A position on the Earth in degrees, longitude first as GeoJSON writes it.
public struct Coordinate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var longitude: Double
    public var latitude: Double

    public init(longitude: Double, latitude: Double) {
        self.longitude = longitude
        self.latitude = latitude
    }

    /// Longitude, then latitude: an arbitrary but fixed order, so that shared arcs get one
    /// canonical direction.
    public static func < (a: Coordinate, b: Coordinate) -> Bool {
        (a.longitude, a.latitude) < (b.longitude, b.latitude)
    }

    public var description: String { "(\(longitude), \(latitude))" }
}

/// A polygon: an exterior ring and any holes. Rings are closed (first position repeated last)
/// and have at least four positions, as GeoJSON requires.
public struct Polygon: Hashable, Sendable {
    public var exterior: [Coordinate]
    public var holes: [[Coordinate]]

    public init(exterior: [Coordinate], holes: [[Coordinate]] = []) {
        self.exterior = exterior
        self.holes = holes
    }

    /// The exterior ring followed by the holes.
    public var rings: [[Coordinate]] { [exterior] + holes }
}

/// One region's boundary (a county, a township): its code, its name if the source gives one, and
/// its polygons (one for a Polygon, several for a MultiPolygon).
public struct RegionBoundary: Hashable, Sendable {
    public var code: String
    public var name: String?
    public var polygons: [Polygon]

    public init(code: String, name: String? = nil, polygons: [Polygon]) {
        self.code = code
        self.name = name
        self.polygons = polygons
    }

    /// Every position of every ring, for bounding boxes and projections.
    var allCoordinates: some Sequence<Coordinate> {
        polygons.lazy.flatMap { $0.rings.joined() }
    }
}
