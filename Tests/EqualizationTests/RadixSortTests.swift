import JunhengCore
import Testing

@testable import Equalization

@Test func radixSortOrdersLikeTheStandardLibraryAndKeepsWeightsWithValues() {
    var random = SplitMix64(state: 77)
    // Mixed signs and magnitudes, exact ties, zeros of both signs and subnormals.
    var values = (0..<3000).map { _ in
        (random.next(in: -1...1)) * power(10, random.next(in: -300...300))
    }
    values += [
        0, -0.0, 5e-324, -5e-324, 1, 1, 1, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
    ]
    let weights = values.indices.map(Double.init)
    let sorted = radixSortedByValue(values, weights: weights)
    // The stable standard sort: ties keep input order, as the radix sort promises.
    let expected = values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
    let valuesInOrder = sorted.values == expected.map { values[$0] }
    let weightsFollowValues = sorted.weights == expected.map { weights[$0] }
    #expect(valuesInOrder && weightsFollowValues)
}

@Test func radixSortHandlesOneValueAndNoWeights() {
    #expect(radixSortedByValue([3], weights: nil).values == [3])
    #expect(radixSortedByValue([3], weights: nil).weights == nil)
    #expect(radixSortedByValue([2, 1, 2], weights: nil).values == [1, 2, 2])
}
