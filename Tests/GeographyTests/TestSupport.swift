import Foundation
import JunhengCore
import JunhengTestSupport
import Testing

@testable import Geography

/// The bytes of `Fixtures/<name>`.
func fixture(_ name: String) throws -> Data {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent(name)
    return try Data(contentsOf: url)
}

func coordinate(_ longitude: Double, _ latitude: Double) -> Coordinate {
    Coordinate(longitude: longitude, latitude: latitude)
}

/// A closed ring through `points`.
func ring(_ points: [(Double, Double)]) -> [Coordinate] {
    let open = points.map { coordinate($0.0, $0.1) }
    return open + [open[0]]
}
