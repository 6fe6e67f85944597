import JunhengCore
import JunhengTestSupport
import Testing

@testable import Equalization

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
