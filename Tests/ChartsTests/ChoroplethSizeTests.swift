import Foundation
import JunhengCore
import Testing

@testable import Charts
import Geography

/// A border from `a` to `b` wiggled by midpoint displacement: 2^depth segments whose sideways
/// offsets halve at each level, the fractal look of a county boundary digitised at about 1:50,000.
private func border(
    from a: Coordinate, to b: Coordinate, depth: Int, using generator: inout SplitMix64
) -> [Coordinate] {
    let count = 1 << depth
    var offsets = Array(repeating: 0.0, count: count + 1)
    var step = count
    var amplitude = 0.12
    while step > 1 {
        for start in stride(from: 0, to: count, by: step) {
            let middle = start + step / 2
            offsets[middle] = (offsets[start] + offsets[start + step]) / 2
                + Double.random(in: -amplitude...amplitude, using: &generator)
        }
        step /= 2
        amplitude *= 0.55
    }
    let (dx, dy) = (b.longitude - a.longitude, b.latitude - a.latitude)
    let length = (dx * dx + dy * dy).squareRoot()
    return (0...count).map { k in
        let t = Double(k) / Double(count)
        let side = offsets[k] * length
        return Coordinate(longitude: a.longitude + t * dx - side * dy / length, latitude: a.latitude + t * dy + side * dx / length)
    }
}

/// 19 counties on a 5 × 4 grid over Xingtai's extent (one corner cell left out), every border
/// shared vertex for vertex by its two neighbours, each with 512 segments.
private func syntheticCity() -> [RegionBoundary] {
    var generator = SplitMix64(state: 130_500)
    let node = { (c: Int, r: Int) in Coordinate(longitude: 113.9 + 0.4 * Double(c), latitude: 36.8 + 0.25 * Double(r)) }
    let across = (0...4).map { r in (0..<5).map { c in border(from: node(c, r), to: node(c + 1, r), depth: 9, using: &generator) } }
    let up = (0..<4).map { r in (0...5).map { c in border(from: node(c, r), to: node(c, r + 1), depth: 9, using: &generator) } }
    var regions: [RegionBoundary] = []
    for r in 0..<4 {
        for c in 0..<5 where !(r == 3 && c == 4) {
            var exterior = across[r][c]
            exterior += up[r][c + 1].dropFirst()
            exterior += across[r + 1][c].reversed().dropFirst()
            exterior += up[r][c].reversed().dropFirst()
            regions.append(RegionBoundary(code: "1305\(10 + regions.count)", name: "县\(regions.count + 1)", polygons: [Polygon(exterior: exterior)]))
        }
    }
    return regions
}

private func map(_ regions: [RegionBoundary]) -> ChoroplethMap {
    ChoroplethMap(
        title: "各县（市、区）每千人口执业（助理）医师数", unit: "人",
        regions: regions.enumerated().map { i, region in
            ChoroplethRegion(code: region.code, name: region.name!, polygons: region.polygons,
                             value: i == 7 ? nil : 1.5 + Double(i * 37 % 19) / 7)
        },
        method: .naturalBreaks, classes: 5, note: "示例数据")
}

@Test func nineteenCountyMapStaysUnder100KilobytesOnceSimplified() throws {
    let city = syntheticCity()
    let vertices = city.reduce(0) { $0 + $1.polygons[0].exterior.count }
    #expect(vertices == 19 * 2048 + 19)
    let full = try map(city).svg(width: 720)
    #expect(full.utf8.count > 250_000)

    let topology = Topology(regions: city)
    // The 47 grid edges in use, each once, less the five corners where the outline runs on
    // around a single county without a junction.
    #expect(topology.arcCount == 42)
    // Zoom 9 is this map's own scale (2° of longitude over 688 units); zoom 10 doubles the detail.
    for (zoom, vertexRange) in [(9, 19 * 100...19 * 300), (10, 19 * 200...19 * 600)] {
        let simplified = topology.simplified(tolerance: Topology.tolerance(zoom: zoom, latitude: 37.3))
        let kept = simplified.reduce(0) { $0 + $1.polygons[0].exterior.count }
        #expect(vertexRange.contains(kept), "zoom \(zoom): \(kept) vertices")
        let svg = try map(simplified).svg(width: 720)
        #expect(svg.utf8.count < 100_000, "zoom \(zoom): \(svg.utf8.count) bytes")
        #expect(svg.components(separatedBy: "<path ").count == 20)
    }
}
