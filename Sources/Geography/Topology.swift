import Foundation

/// Neighbouring regions broken into arcs, the border pieces between junctions, so that a shared
/// border is simplified once and both neighbours get the same simplified line: no gaps or
/// slivers appear between counties at any level of detail (the idea of TopoJSON and mapshaper).
///
/// Borders must be shared vertex for vertex, as in boundary sets cut from one coverage (a border
/// that one neighbour draws with vertices the other lacks is two arcs, simplified apart).
///
/// ```swift
/// let topology = Topology(regions: counties)
/// let forZoom9 = topology.simplified(tolerance: Topology.tolerance(zoom: 9, latitude: 37))
/// ```
public struct Topology: Sendable {
    /// A ring as arcs in order; `reversed` walks the arc backwards.
    private struct ArcUse: Sendable {
        var arc: Int
        var reversed: Bool
    }

    private let regions: [RegionBoundary]
    /// For each region, polygon and ring, the arcs that make it up.
    private let rings: [[[[ArcUse]]]]
    private let arcs: [[Coordinate]]
    /// Each ring's first vertex in the source, where its simplified ring starts again if kept.
    private let starts: [[[Coordinate]]]
    /// Per arc and vertex, the Douglas–Peucker tolerance up to which the vertex is kept;
    /// infinite for arc ends (junctions) and for the two anchors of a closed arc.
    private let importance: [[Double]]

    /// Builds the arcs of `regions`.
    public init(regions: [RegionBoundary]) {
        self.regions = regions
        // Open rings without repeated consecutive vertices, which would confuse the neighbours
        // that junctions are found by.
        let open = regions.map { region in
            region.polygons.map { polygon in
                polygon.rings.map { ring in
                    ring.dropLast().reduce(into: [Coordinate]()) { kept, point in
                        if kept.last != point { kept.append(point) }
                    }
                }
            }
        }
        let junctions = Self.junctions(open.flatMap { $0.flatMap { $0 } })
        var arcs: [[Coordinate]] = []
        var arcIndex: [[Coordinate]: Int] = [:]
        rings = open.map { polygons in
            polygons.map { rings in
                rings.map { ring in
                    Self.split(ring, at: junctions).map { piece in
                        let reversed = Array(piece.reversed())
                        let forwards = !reversed.lexicographicallyPrecedes(piece)
                        let key = forwards ? piece : reversed
                        if let known = arcIndex[key] { return ArcUse(arc: known, reversed: !forwards) }
                        arcIndex[key] = arcs.count
                        arcs.append(key)
                        return ArcUse(arc: arcs.count - 1, reversed: !forwards)
                    }
                }
            }
        }
        self.arcs = arcs
        starts = open.map { $0.map { $0.map { $0.first ?? Coordinate(longitude: 0, latitude: 0) } } }
        // Distances in degrees of latitude: longitudes shrink by the cosine of the mean latitude.
        let latitudes = regions.flatMap { $0.allCoordinates.map(\.latitude) }
        let meanLatitude = latitudes.isEmpty ? 0 : latitudes.reduce(0, +) / Double(latitudes.count)
        let xScale = cos(meanLatitude * .pi / 180)
        importance = arcs.map { Self.importance(of: $0, xScale: xScale) }
    }

    /// How many distinct arcs the regions share out: a border between two neighbours is one.
    public var arcCount: Int { arcs.count }

    /// The tolerance (degrees of latitude) at which a vertex moves less than `pixels` on a Web
    /// Mercator map at `zoom` (256-pixel tiles) around `latitude`.
    public static func tolerance(zoom: Int, latitude: Double, pixels: Double = 0.5) -> Double {
        pixels * 360 / (256 * pow(2, Double(zoom))) * cos(latitude * .pi / 180)
    }

    /// The regions with every arc simplified once by Douglas–Peucker at `tolerance` (degrees of
    /// latitude; at 0 only exactly collinear vertices go): junctions stay, shared borders stay identical in both neighbours, every ring
    /// keeps at least three distinct vertices (four positions), and no simplified border crosses
    /// another (arcs that would get vertices back until they do not).
    public func simplified(tolerance: Double) -> [RegionBoundary] {
        // Extra vertices an arc must keep beyond those above the tolerance, raised for arcs of
        // rings that would otherwise collapse.
        var extra = Array(repeating: 0, count: arcs.count)
        var kept = importance.map { $0.filter { $0 > tolerance }.count }
        var changed = true
        while changed {
            changed = false
            for ring in rings.joined().joined() {
                // A closed arc's two ends are one vertex.
                var distinct = ring.reduce(0) { $0 + kept[$1.arc] - 1 }
                while distinct < 3 {
                    // Refine the arc with most vertices still dropped, if any is (a source ring
                    // with fewer than three distinct vertices stays as degenerate as it was).
                    let dropped = { (use: ArcUse) in arcs[use.arc].count - kept[use.arc] }
                    guard let use = ring.max(by: { dropped($0) < dropped($1) }), dropped(use) > 0
                    else { break }
                    extra[use.arc] += 1
                    kept[use.arc] += 1
                    distinct += 1
                    changed = true
                }
            }
        }
        let simplify = { (a: Int) -> [Coordinate] in
            let threshold = Self.threshold(importance[a], tolerance: tolerance, extra: extra[a])
            return arcs[a].indices.filter { importance[a][$0] >= threshold }.map { arcs[a][$0] }
        }
        var simplifiedArcs = arcs.indices.map(simplify)
        // Dropping vertices can make a border cut across another (a neighbour's, an island's or
        // itself further on): give crossing arcs their vertices back, doubling, until none cross.
        while true {
            let crossing = Self.crossingArcs(simplifiedArcs).filter {
                simplifiedArcs[$0].count < arcs[$0].count
            }
            guard !crossing.isEmpty else { break }
            for a in crossing {
                let dropped = importance[a].filter { $0 <= tolerance }.count
                extra[a] = min(max(extra[a] * 2, extra[a] + 1), dropped)
                simplifiedArcs[a] = simplify(a)
            }
        }
        return regions.indices.map { r in
            var result = regions[r]
            result.polygons = rings[r].indices.map { p in
                let closed = zip(rings[r][p], starts[r][p]).map { uses, start -> [Coordinate] in
                    var ring: [Coordinate] = []
                    for use in uses {
                        let arc = simplifiedArcs[use.arc]
                        ring += (use.reversed ? arc.reversed() : arc).dropFirst(ring.isEmpty ? 0 : 1)
                    }
                    ring.removeLast()  // the closing vertex
                    let first = ring.firstIndex(of: start) ?? 0
                    return Array(ring[first...] + ring[..<first]) + [ring[first]]
                }
                return Polygon(exterior: closed[0], holes: Array(closed.dropFirst()))
            }
            return result
        }
    }

    /// The importance a vertex needs to stay: above `tolerance`, or among the `extra` most
    /// important below it.
    private static func threshold(_ importance: [Double], tolerance: Double, extra: Int) -> Double {
        guard extra > 0 else { return tolerance.nextUp }
        let below = importance.filter { $0 <= tolerance }.sorted(by: >)
        return below[min(extra, below.count) - 1]
    }

    /// The arcs with a segment that properly crosses another segment (touching at a vertex does
    /// not count), found by sweeping the segments' x ranges.
    private static func crossingArcs(_ arcs: [[Coordinate]]) -> Set<Int> {
        typealias Segment = (arc: Int, a: Coordinate, b: Coordinate)
        let segments: [Segment] = arcs.enumerated().flatMap { index, arc in
            zip(arc, arc.dropFirst()).map { (index, $0, $1) }
        }
        let order = segments.indices.sorted {
            min(segments[$0].a.longitude, segments[$0].b.longitude)
                < min(segments[$1].a.longitude, segments[$1].b.longitude)
        }
        var crossing = Set<Int>()
        var active: [Int] = []
        for i in order {
            let s = segments[i]
            let west = min(s.a.longitude, s.b.longitude)
            active.removeAll { max(segments[$0].a.longitude, segments[$0].b.longitude) < west }
            for j in active {
                let t = segments[j]
                guard max(s.a.latitude, s.b.latitude) >= min(t.a.latitude, t.b.latitude),
                    max(t.a.latitude, t.b.latitude) >= min(s.a.latitude, s.b.latitude),
                    crosses(s.a, s.b, t.a, t.b)
                else { continue }
                crossing.insert(s.arc)
                crossing.insert(t.arc)
            }
            active.append(i)
        }
        return crossing
    }

    /// Whether segments p–q and r–s cross at a point inside both.
    private static func crosses(_ p: Coordinate, _ q: Coordinate, _ r: Coordinate, _ s: Coordinate)
        -> Bool
    {
        func turn(_ a: Coordinate, _ b: Coordinate, _ c: Coordinate) -> Double {
            (b.longitude - a.longitude) * (c.latitude - a.latitude)
                - (b.latitude - a.latitude) * (c.longitude - a.longitude)
        }
        let (d1, d2) = (turn(p, q, r), turn(p, q, s))
        let (d3, d4) = (turn(r, s, p), turn(r, s, q))
        return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))
    }

    /// Vertices where rings meet or part: a vertex seen with more than one pair of neighbours.
    private static func junctions(_ rings: [[Coordinate]]) -> Set<Coordinate> {
        var neighbours: [Coordinate: (Coordinate, Coordinate)] = [:]
        var junctions = Set<Coordinate>()
        for ring in rings where ring.count >= 3 {
            for (k, point) in ring.enumerated() {
                let before = ring[(k + ring.count - 1) % ring.count]
                let after = ring[(k + 1) % ring.count]
                let pair = before < after ? (before, after) : (after, before)
                if let seen = neighbours[point] {
                    if seen != pair { junctions.insert(point) }
                } else {
                    neighbours[point] = pair
                }
            }
        }
        return junctions
    }

    /// `ring` (open: no repeated last vertex) cut into pieces that run from junction to
    /// junction; a ring without junctions is one closed piece starting at its least vertex, so
    /// that the same ring met twice (an island filling a hole) gives the same piece.
    private static func split(_ ring: [Coordinate], at junctions: Set<Coordinate>) -> [[Coordinate]] {
        let cuts = ring.indices.filter { junctions.contains(ring[$0]) }
        guard let first = cuts.first else {
            let start = ring.indices.min { ring[$0] < ring[$1] }!
            let rotated = Array(ring[start...] + ring[..<start])
            return [rotated + [rotated[0]]]
        }
        let rotated = Array(ring[first...] + ring[..<first]) + [ring[first]]
        var pieces: [[Coordinate]] = []
        var current: [Coordinate] = [rotated[0]]
        for point in rotated.dropFirst() {
            current.append(point)
            if junctions.contains(point) {
                pieces.append(current)
                current = [point]
            }
        }
        return pieces
    }

    /// Douglas–Peucker importances: each vertex gets the distance at which the recursion picks
    /// it, capped by its parent's so that the vertices above any tolerance are exactly what
    /// Douglas–Peucker at that tolerance keeps.
    private static func importance(of arc: [Coordinate], xScale: Double) -> [Double] {
        let points = arc.map { (x: $0.longitude * xScale, y: $0.latitude) }
        var importance = Array(repeating: 0.0, count: points.count)
        importance[0] = .infinity
        importance[points.count - 1] = .infinity
        var stack: [(first: Int, last: Int, cap: Double)] = []
        if arc.first == arc.last && points.count > 2 {
            // A closed arc: anchor its farthest vertex from the start as well.
            let far = (1..<points.count - 1).max { distance(points[$0], points[0]) < distance(points[$1], points[0]) }!
            importance[far] = .infinity
            stack = [(0, far, .infinity), (far, points.count - 1, .infinity)]
        } else {
            stack = [(0, points.count - 1, .infinity)]
        }
        while let (first, last, cap) = stack.popLast() {
            guard last - first > 1 else { continue }
            var (farthest, greatest) = (first + 1, -1.0)
            for k in (first + 1)..<last {
                let d = segmentDistance(points[k], points[first], points[last])
                if d > greatest { (farthest, greatest) = (k, d) }
            }
            let value = min(greatest, cap)
            importance[farthest] = value
            stack.append((first, farthest, value))
            stack.append((farthest, last, value))
        }
        return importance
    }

    private static func distance(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double)) -> Double {
        ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
    }

    /// Distance from `p` to the segment `a`–`b`.
    private static func segmentDistance(
        _ p: (x: Double, y: Double), _ a: (x: Double, y: Double), _ b: (x: Double, y: Double)
    ) -> Double {
        let (dx, dy) = (b.x - a.x, b.y - a.y)
        let length = dx * dx + dy * dy
        guard length > 0 else { return distance(p, a) }
        let t = min(max(((p.x - a.x) * dx + (p.y - a.y) * dy) / length, 0), 1)
        return distance(p, (a.x + t * dx, a.y + t * dy))
    }
}
