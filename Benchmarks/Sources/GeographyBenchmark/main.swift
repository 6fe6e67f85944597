import Foundation
import Geography
import JunhengCore

// Issue 14's benchmark: accessibility for 2,000 facilities × 50,000 population points, seeded
// random in a 300 × 300 km box around Xingtai, 30 km catchment. Beside it, in the same run, the
// baseline a dense approach pays: one haversine for every one of the 100 million pairs.
//
//     swift build -c release --product GeographyBenchmark && .build/release/GeographyBenchmark [passes]

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let passes = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 3
// JunhengCore's SplitMix64, so that every run draws the same points.
var generator = SplitMix64(state: 14)
// 300 km: 2.698° of latitude, and of longitude 300 km / (111.195 km × cos 37.3°).
let (south, west) = (35.95, 112.9)
let (latitudeSpan, longitudeSpan) = (2.698, 3.392)
func point(_ generator: inout SplitMix64) -> Coordinate {
    Coordinate(
        longitude: west + Double.random(in: 0..<longitudeSpan, using: &generator),
        latitude: south + Double.random(in: 0..<latitudeSpan, using: &generator))
}
let facilities = (0..<2_000).map { _ in point(&generator) }
let people = (0..<50_000).map { _ in point(&generator) }
let population = people.map { _ in Double.random(in: 50...5_000, using: &generator) }
let capacity = facilities.map { _ in Double.random(in: 1...60, using: &generator) }
let counties = people.map { "1305\(Int(($0.longitude - west) / longitudeSpan * 4.999) * 5 + Int(($0.latitude - south) / latitudeSpan * 3.999) + 10)" }
let radius = 30_000.0

var rows: [(String, [Double])] = []
for _ in 0..<passes {
    var matrix: CostMatrix?
    var results: [String: Double] = [:]
    let build = try seconds { matrix = try CostMatrix.straightLine(from: people, to: facilities, within: radius) }
    let costs = matrix!
    let step = try seconds {
        let r = try FloatingCatchment.twoStep(costs: costs, demand: population, supply: capacity, cutoff: radius)
        results["step"] = r.reduce(0, +)
    }
    let gravity = try seconds {
        let r = try FloatingCatchment.twoStep(
            costs: costs, demand: population, supply: capacity, cutoff: radius,
            decay: .gravity(exponent: 1, scale: 1_000, minimumCost: 100))
        results["gravity"] = r.reduce(0, +)
    }
    let three = try seconds {
        let r = try FloatingCatchment.threeStep(
            costs: costs, demand: population, supply: capacity, cutoff: radius,
            decay: .gravity(exponent: 1, scale: 1_000, minimumCost: 100))
        results["3sfca"] = r.reduce(0, +)
    }
    let nearest = try seconds {
        let d = try Proximity.nearestDistances(from: people, to: facilities)
        let means = try Proximity.weightedMeans(of: d, population: population, areas: counties)
        let shares = try Proximity.shareWithin(5_000, nearestDistances: d, population: population, areas: counties)
        results["nearest"] = means.values.reduce(0, +) + shares.values.reduce(0, +)
    }
    var pairs = 0
    let dense = seconds {
        for person in people {
            for facility in facilities where GreatCircle.distance(person, facility) <= radius { pairs += 1 }
        }
    }
    guard pairs == costs.entryCount else {
        fatalError("grid found \(costs.entryCount) pairs within the radius, all-pairs scan \(pairs)")
    }
    let total = build + step + gravity + three + nearest
    rows.append(("pass", [build, step, gravity, three, nearest, total, dense]))
    print(String(format: "pairs %d  matrix %.3f s  step 2SFCA %.3f s  gravity 2SFCA %.3f s  3SFCA %.3f s  nearest+per-county %.3f s  total %.3f s  | baseline all-pairs haversine %.3f s  (checksums %@)",
                 pairs, build, step, gravity, three, nearest, total, dense,
                 results.sorted { $0.key < $1.key }.map { "\($0.key)=\(String(format: "%.6g", $0.value))" }.joined(separator: " ")))
}
let totals = rows.map { $0.1[5] }.sorted()
let baselines = rows.map { $0.1[6] }.sorted()
print(String(format: "best total %.3f s, median %.3f s; baseline best %.3f s, median %.3f s",
             totals[0], totals[totals.count / 2], baselines[0], baselines[baselines.count / 2]))
