import Testing

@testable import Equalization

/// Checks that `actual` is defined and within `tolerance` of `expected`.
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

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny seeded generator so random tests repeat exactly.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) from the top 53 bits.
    mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Uniform in `range`.
    mutating func next(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + nextUnit() * (range.upperBound - range.lowerBound)
    }
}

/// A skewed positive sample of `count` values with weights and a group per region.
func randomRegions(
    count: Int, groups: Int, seed: UInt64
) -> (values: [Double], weights: [Double], groups: [String]) {
    var random = SplitMix64(state: seed)
    var values: [Double] = []
    var weights: [Double] = []
    var labels: [String] = []
    for _ in 0..<count {
        let uniform = random.next(in: 0.05...1)
        values.append(10 / uniform)  // heavy right tail, like spending per head
        weights.append(random.next(in: 1...200))
        labels.append("g\(Int(random.nextUnit() * Double(groups)))")
    }
    return (values, weights, labels)
}
