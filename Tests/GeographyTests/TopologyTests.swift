import Foundation
import JunhengTestSupport
import Testing

@testable import Geography

/// A jagged border from (1, 0) up to (1, 1): 49 interior vertices swinging ±0.01 in x.
private let jaggedBorder: [(Double, Double)] = (0...50).map(jag)

private func jag(_ k: Int) -> (Double, Double) {
    let y = Double(k) / 50
    guard k != 0 && k != 50 else { return (1, y) }
    let swing: Double = k % 2 == 0 ? 0.01 : -0.01
    return (1 + swing * Double(k % 7) / 6, y)
}

/// West: (0,0)–(1,0) then up the jagged border to (1,1) and back along the top.
private let west = RegionBoundary(code: "W", polygons: [Polygon(exterior: ring(
    [(0, 0)] + jaggedBorder + [(0, 1)]))])
/// East walks the same border downwards.
private let east = RegionBoundary(code: "E", polygons: [Polygon(exterior: ring(
    [(1, 0), (2, 0), (2, 1)] + jaggedBorder.reversed().dropLast()))])
/// North lies across both, touching them along y = 1 with a wavy edge of its own.
private let wavyTop: [(Double, Double)] = (0...40).map(wave)

private func wave(_ k: Int) -> (Double, Double) {
    let x = 2 - Double(k) / 20
    guard k % 20 != 0 else { return (x, 1) }
    return (x, 1 + 0.004 * sin(Double(k)))
}

/// The vertices of closed `ring` from `start` forwards to `end`, inclusive; empty when the ring
/// lacks either.
private func walk(_ ring: [Coordinate], from start: Coordinate, to end: Coordinate) -> [Coordinate] {
    let open = Array(ring.dropLast())
    guard var k = open.firstIndex(of: start), open.contains(end) else { return [] }
    var path = [open[k]]
    while open[k] != end {
        k = (k + 1) % open.count
        path.append(open[k])
    }
    return path
}

private func expectValid(_ region: RegionBoundary, sourceLocation: SourceLocation = #_sourceLocation) {
    for ring in region.polygons.flatMap(\.rings) {
        #expect(ring.first == ring.last, sourceLocation: sourceLocation)
        #expect(Set(ring).count >= 3, "ring of \(region.code) has \(ring.count) positions", sourceLocation: sourceLocation)
        #expect(ring.count >= 4, sourceLocation: sourceLocation)
    }
}

@Test func sharedJaggedBorderStaysIdenticalInBothNeighbours() {
    let topology = Topology(regions: [west, east])
    // The border, west's outer part and east's outer part.
    #expect(topology.arcCount == 3)
    for tolerance in [0.0, 0.005, 0.02, 1] {
        let simplified = topology.simplified(tolerance: tolerance)
        let fromWest = walk(simplified[0].polygons[0].exterior, from: coordinate(1, 0), to: coordinate(1, 1))
        let fromEast = walk(simplified[1].polygons[0].exterior, from: coordinate(1, 1), to: coordinate(1, 0))
        #expect(fromWest.count >= 2 && fromWest == Array(fromEast.reversed()), "tolerance \(tolerance)")
        simplified.forEach { expectValid($0) }
    }
    // Nothing is dropped (and rings keep their first vertex) at tolerance 0; the whole jag goes
    // at 0.02, as its swing is at most 0.01.
    #expect(topology.simplified(tolerance: 0) == [west, east])
    let coarse = topology.simplified(tolerance: 0.02)
    #expect(walk(coarse[0].polygons[0].exterior, from: coordinate(1, 0), to: coordinate(1, 1))
        == [coordinate(1, 0), coordinate(1, 1)])
    let medium = topology.simplified(tolerance: 0.005)
    let kept = walk(medium[0].polygons[0].exterior, from: coordinate(1, 0), to: coordinate(1, 1)).count
    #expect(kept > 2 && kept < 51)
}

@Test func threeNeighboursKeepTheirJunctionsAndShareEveryBorder() {
    let north = RegionBoundary(code: "N", polygons: [Polygon(exterior: ring(wavyTop + [(0, 2), (2, 2)]))])
    // West and east now run along the wavy edge too.
    let topEdge = wavyTop.map { coordinate($0.0, $0.1) }
    let westTop = topEdge.filter { $0.longitude <= 1 }  // (1,1) … (0,1)
    let eastTop = topEdge.filter { $0.longitude >= 1 }  // (2,1) … (1,1)
    let westRing = [coordinate(0, 0)] + jaggedBorder.dropLast().map { coordinate($0.0, $0.1) } + westTop
    let eastRing = [coordinate(1, 0), coordinate(2, 0)] + eastTop
        + jaggedBorder.reversed().dropFirst().dropLast().map { coordinate($0.0, $0.1) }
    let regions = [
        RegionBoundary(code: "W", polygons: [Polygon(exterior: westRing + [westRing[0]])]),
        RegionBoundary(code: "E", polygons: [Polygon(exterior: eastRing + [eastRing[0]])]),
        north,
    ]
    let topology = Topology(regions: regions)
    // Borders W|E, W|N, E|N and the three outer parts.
    #expect(topology.arcCount == 6)
    let simplified = topology.simplified(tolerance: 0.003)
    simplified.forEach { expectValid($0) }
    let (w, e, n) = (simplified[0].polygons[0].exterior, simplified[1].polygons[0].exterior, simplified[2].polygons[0].exterior)
    let junction = coordinate(1, 1)
    for ring in [w, e, n] { #expect(ring.contains(junction)) }
    // North runs clockwise, so it walks its borders with west and east the same way they do.
    #expect(walk(w, from: junction, to: coordinate(0, 1)) == walk(n, from: junction, to: coordinate(0, 1)))
    #expect(walk(e, from: coordinate(2, 1), to: junction) == walk(n, from: coordinate(2, 1), to: junction))
    #expect(walk(n, from: coordinate(2, 1), to: coordinate(0, 1)).count < wavyTop.count)
    #expect(walk(w, from: coordinate(1, 0), to: junction) == walk(e, from: junction, to: coordinate(1, 0)).reversed())
}

@Test func holeSurvivesAndAnIslandFillingItSharesItsRing() {
    let holeRing = ring((0..<30).map { (k: Int) -> (Double, Double) in
        let angle = Double(k) / 30 * 2 * Double.pi
        let radius = 2 + 0.05 * Double(k % 3)
        return (5 + radius * cos(angle), 5 + radius * sin(angle))
    })
    let outer = RegionBoundary(code: "O", polygons: [Polygon(
        exterior: ring([(0, 0), (10, 0), (10, 10), (0, 10)]), holes: [holeRing])])
    let island = RegionBoundary(code: "I", polygons: [Polygon(exterior: Array(holeRing.reversed()))])
    let topology = Topology(regions: [outer, island])
    #expect(topology.arcCount == 2)
    for tolerance in [0.1, 0.5, 100] {
        let simplified = topology.simplified(tolerance: tolerance)
        simplified.forEach { expectValid($0) }
        let hole = simplified[0].polygons[0].holes
        #expect(hole.count == 1)
        #expect(Set(hole[0]) == Set(simplified[1].polygons[0].exterior))
        #expect(Set(hole[0]).isSubset(of: Set(holeRing)))
    }
    // Even a tolerance larger than the map keeps a triangle of the hole and the square's corners.
    let coarse = topology.simplified(tolerance: 100)
    #expect(coarse[0].polygons[0].holes[0].count == 4)
    #expect(coarse[0].polygons[0].exterior.count >= 4)
}

@Test func toleranceForZoomHalvesPerLevel() {
    expectClose(Topology.tolerance(zoom: 0, latitude: 0, pixels: 1), 360.0 / 256)
    expectClose(Topology.tolerance(zoom: 9, latitude: 60), 0.5 * 360 / 256 / 512 * 0.5, within: 1e-15)
}

@Test func repeatedVerticesAndDegenerateRingsDoNotConfuseTheArcs() {
    // West again, with its corner (0, 0) written twice; and a sliver with two distinct vertices.
    var doubled = west
    doubled.polygons[0].exterior.insert(coordinate(0, 0), at: 1)
    let sliver = RegionBoundary(code: "S", polygons: [Polygon(exterior: ring([(5, 5), (6, 6), (6, 6)]))])
    let topology = Topology(regions: [doubled, east, sliver])
    #expect(topology.arcCount == 4)
    let simplified = topology.simplified(tolerance: 1)
    let westRing = simplified[0].polygons[0].exterior
    #expect(Set(westRing).count == westRing.count - 1)  // only the closing vertex repeats
    #expect(walk(simplified[0].polygons[0].exterior, from: coordinate(1, 0), to: coordinate(1, 1))
        == Array(walk(simplified[1].polygons[0].exterior, from: coordinate(1, 1), to: coordinate(1, 0)).reversed()))
    #expect(simplified[2].polygons[0].exterior == [coordinate(5, 5), coordinate(6, 6), coordinate(5, 5)])
}

/// Whether any segment of `first` properly crosses one of `second`: a brute-force check.
private func anyCrossing(_ first: [Coordinate], _ second: [Coordinate]) -> Bool {
    func turn(_ a: Coordinate, _ b: Coordinate, _ c: Coordinate) -> Double {
        (b.longitude - a.longitude) * (c.latitude - a.latitude) - (b.latitude - a.latitude) * (c.longitude - a.longitude)
    }
    for (p, q) in zip(first, first.dropFirst()) {
        for (r, s) in zip(second, second.dropFirst()) {
            let sides = (turn(p, q, r) * turn(p, q, s), turn(r, s, p) * turn(r, s, q))
            if sides.0 < 0 && sides.1 < 0 { return true }
        }
    }
    return false
}

@Test func simplifiedBordersDoNotCutAcrossAnIslandInAnInlet() {
    // A square with a 2-wide, 3-deep inlet in its south side, and an island that sits in the
    // inlet and reaches out beyond the coast. Douglas–Peucker at 3.5 would close the inlet
    // straight through the island; the repair gives back vertices until the coast no longer
    // crosses it (here it passes north of the island: containment is not checked).
    let land = RegionBoundary(code: "L", polygons: [Polygon(exterior: ring(
        [(0, 0), (4, 0), (4, 3), (6, 3), (6, 0), (10, 0), (10, 10), (0, 10)]))])
    let island = RegionBoundary(code: "I", polygons: [Polygon(exterior: ring(
        [(4.5, -1), (5.5, -1), (5.5, 1.5), (4.5, 1.5)]))])
    let simplified = Topology(regions: [land, island]).simplified(tolerance: 3.5)
    simplified.forEach { expectValid($0) }
    let (coast, shore) = (simplified[0].polygons[0].exterior, simplified[1].polygons[0].exterior)
    #expect(!anyCrossing(coast, shore))
    // Alone, the land's simplified coast would cut through the island.
    let alone = Topology(regions: [land]).simplified(tolerance: 3.5)[0].polygons[0].exterior
    #expect(anyCrossing(alone, island.polygons[0].exterior))
    #expect(coast != alone)
}
