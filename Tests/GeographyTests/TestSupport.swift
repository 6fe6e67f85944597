import Foundation
import JunhengCore
import Testing

@testable import Geography

func expectClose(
    _ actual: Double?, _ expected: Double, within tolerance: Double = 1e-9,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let actual else {
        Issue.record("expected \(expected), got nil", sourceLocation: sourceLocation)
        return
    }
    #expect(
        abs(actual - expected) <= tolerance, "\(actual) is not within \(tolerance) of \(expected)",
        sourceLocation: sourceLocation)
}

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
