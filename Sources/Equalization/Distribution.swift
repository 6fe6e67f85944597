/// Values of one indicator across regions, with optional weights (usually population), checked
/// and sorted once so that every measure and decomposition reads the same prepared data.
///
/// Values must be finite and weights finite and greater than 0: missing data are filtered out
/// (and reported) before a distribution is built; ``EqualizationReport`` does that.
///
/// ```swift
/// let counties = try Distribution(values: perCapitaSpending, weights: population)
/// let weighted = try counties.measures()                    // weighting == .weighted
/// let unweighted = try counties.ignoringWeights.measures()  // weighting == .unweighted
/// ```
public struct Distribution: Sendable {
    /// `.weighted` when built with weights and not ``ignoringWeights``.
    public let weighting: Weighting
    let values: [Double]
    /// The supplied weights, or 1 for every region when unweighted, so that one kernel serves
    /// both weightings.
    let weights: [Double]
    /// ln x in caller order, 0 where x = 0; empty when any value is negative, because then
    /// no logarithmic measure is defined.
    let logs: [Double]
    let sortedValues: [Double]
    /// The weights in `sortedValues` order.
    let sortedWeights: [Double]

    /// Throws ``EqualizationError`` for no values, a NaN or infinite value, or (when weights are
    /// given) a weight list of another length or a weight that is not finite and > 0.
    public init(values: [Double], weights: [Double]? = nil) throws(EqualizationError) {
        guard !values.isEmpty else { throw .emptySample }
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw .nonFiniteValue(index: index)
        }
        if let weights {
            guard weights.count == values.count else {
                throw .lengthMismatch(
                    argument: "weights", expected: values.count, actual: weights.count)
            }
            if let index = weights.firstIndex(where: { !($0.isFinite && $0 > 0) }) {
                throw .invalidWeight(index: index, weight: weights[index])
            }
        }
        self.init(validValues: values, weights: weights)
    }

    /// For values and weights already known to meet the public initialiser's conditions.
    init(validValues values: [Double], weights: [Double]?) {
        let sorted = radixSortedByValue(values, weights: weights)
        self.values = values
        sortedValues = sorted.values
        logs = sortedValues[0] < 0 ? [] : values.map(naturalLogOrZero)
        if let weights, let sortedWeights = sorted.weights {
            weighting = .weighted
            self.weights = weights
            self.sortedWeights = sortedWeights
        } else {
            weighting = .unweighted
            self.weights = [Double](repeating: 1, count: values.count)
            sortedWeights = self.weights
        }
    }

    private init(unweightedViewOf other: Distribution) {
        weighting = .unweighted
        values = other.values
        weights = [Double](repeating: 1, count: other.count)
        logs = other.logs
        sortedValues = other.sortedValues
        sortedWeights = weights
    }

    /// The same regions counted once each. Shares the sorted values, so it costs one pass.
    public var ignoringWeights: Distribution {
        weighting == .unweighted ? self : Distribution(unweightedViewOf: self)
    }

    /// Number of regions.
    public var count: Int { values.count }
    /// The smallest value.
    public var minimum: Double { sortedValues[0] }
    /// The largest value.
    public var maximum: Double { sortedValues[sortedValues.count - 1] }

    /// Runs `body` on raw views of the data.
    func withColumns<Result>(_ body: (Columns) -> Result) -> Result {
        values.withUnsafeBufferPointer { values in
            logs.withUnsafeBufferPointer { logs in
                weights.withUnsafeBufferPointer { weights in
                    sortedValues.withUnsafeBufferPointer { sortedValues in
                        sortedWeights.withUnsafeBufferPointer { sortedWeights in
                            body(
                                Columns(
                                    weighting: weighting, values: values, logs: logs,
                                    weights: weights, sortedValues: sortedValues,
                                    sortedWeights: sortedWeights))
                        }
                    }
                }
            }
        }
    }
}

/// Where a measure is defined; checked before computing so that undefined measures come back
/// as a reason, never as infinity or NaN.
enum ValueDomain {
    /// μ > 0 (the measure divides by the mean).
    case positiveMean
    /// All values ≥ 0 and μ > 0.
    case nonNegative
    /// All values > 0 (logarithms, negative powers, division by the minimum).
    case positive
}

/// Raw views of a distribution under one weighting, and the kernels that read them.
/// Totals are summed in sorted order so that the Lorenz curve ends exactly at (1, 1).
struct Columns {
    let weighting: Weighting
    let values: UnsafeBufferPointer<Double>
    let logs: UnsafeBufferPointer<Double>
    let weights: UnsafeBufferPointer<Double>
    let sortedValues: UnsafeBufferPointer<Double>
    let sortedWeights: UnsafeBufferPointer<Double>
    /// W = Σw.
    let totalWeight: Double
    /// S = Σwx.
    let weightedSum: Double
    /// μ = S/W, or exactly the common value when all values are equal.
    let mean: Double

    init(
        weighting: Weighting, values: UnsafeBufferPointer<Double>,
        logs: UnsafeBufferPointer<Double>,
        weights: UnsafeBufferPointer<Double>, sortedValues: UnsafeBufferPointer<Double>,
        sortedWeights: UnsafeBufferPointer<Double>
    ) {
        self.weighting = weighting
        self.values = values
        self.logs = logs
        self.weights = weights
        self.sortedValues = sortedValues
        self.sortedWeights = sortedWeights
        var totalWeight = 0.0
        var weightedSum = 0.0
        for index in sortedValues.indices {
            totalWeight += sortedWeights[index]
            weightedSum += sortedWeights[index] * sortedValues[index]
        }
        self.totalWeight = totalWeight
        self.weightedSum = weightedSum
        let isConstant = sortedValues[0] == sortedValues[sortedValues.count - 1]
        mean = isConstant ? sortedValues[0] : weightedSum / totalWeight
    }

    var count: Int { values.count }
    var minimum: Double { sortedValues[0] }
    var maximum: Double { sortedValues[count - 1] }
    /// All values equal: every inequality measure is exactly 0 rather than rounding noise.
    var isConstant: Bool { minimum == maximum }

    /// Why values of this distribution fall outside `domain`, or nil when they do not.
    func reasonUndefined(on domain: ValueDomain) -> UndefinedReason? {
        switch domain {
        case .positiveMean:
            return mean > 0 ? nil : .nonPositiveMean
        case .nonNegative:
            if minimum < 0 { return .negativeValues }
            return mean > 0 ? nil : .nonPositiveMean
        case .positive:
            if minimum < 0 { return .negativeValues }
            return minimum > 0 ? nil : .zeroValues
        }
    }

    /// Population standard deviation, two-pass for accuracy.
    func standardDeviation() -> Double {
        var sumOfSquares = 0.0
        for index in values.indices {
            let deviation = values[index] - mean
            sumOfSquares += weights[index] * deviation * deviation
        }
        return (sumOfSquares / totalWeight).squareRoot()
    }

    /// GE(α) of the whole distribution. Requires the form's ``EntropyForm/domain``.
    func generalizedEntropy(_ form: EntropyForm) -> Double {
        if isConstant { return 0 }
        let logMean = naturalLog(mean)
        let termSum = form.withTerm { term in
            var sum = 0.0
            for index in values.indices {
                sum += weights[index] * term(values[index], logs[index], mean, logMean)
            }
            return sum
        }
        return form.value(termSum: termSum, totalWeight: totalWeight, mean: mean)
    }

    /// Gini in O(n) over the sorted values: with W⁻ᵢ the weight below xᵢ,
    /// ΣᵢΣⱼ wᵢwⱼ|xᵢ−xⱼ| = 2Σᵢ wᵢxᵢ(2W⁻ᵢ + wᵢ − W), so G = Σᵢ wᵢxᵢ(2W⁻ᵢ + wᵢ − W) / (W·S).
    /// Ties contribute nothing whichever order they sort in. Requires ``ValueDomain/nonNegative``.
    func gini() -> Double {
        if isConstant { return 0 }
        var weightBelow = 0.0
        var sum = 0.0
        for index in sortedValues.indices {
            let weight = sortedWeights[index]
            sum += weight * sortedValues[index] * (2 * weightBelow + weight - totalWeight)
            weightBelow += weight
        }
        return sum / (totalWeight * weightedSum)
    }

    /// Percentiles by the inverted empirical CDF (Hyndman & Fan type 1, numpy's
    /// `method="inverted_cdf"`, weighted or not): the smallest sorted value whose cumulative
    /// weight reaches percent/100 · W. One pass for all percents.
    func percentiles(_ percents: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: percents.count)
        var index = 0
        var cumulativeWeight = sortedWeights[0]
        for position in percents.indices.sorted(by: { percents[$0] < percents[$1] }) {
            let target = percents[position] / 100 * totalWeight
            while cumulativeWeight < target && index < count - 1 {
                index += 1
                cumulativeWeight += sortedWeights[index]
            }
            result[position] = sortedValues[index]
        }
        return result
    }

    /// (0, 0) followed by the cumulative weight share and cumulative value share after each
    /// sorted region. Requires ``ValueDomain/nonNegative``.
    func lorenzCurve() -> [LorenzPoint] {
        var points = [LorenzPoint]()
        points.reserveCapacity(count + 1)
        points.append(LorenzPoint(populationShare: 0, valueShare: 0))
        var cumulativeWeight = 0.0
        var cumulativeValue = 0.0
        for index in sortedValues.indices {
            cumulativeWeight += sortedWeights[index]
            cumulativeValue += sortedWeights[index] * sortedValues[index]
            points.append(
                LorenzPoint(
                    populationShare: cumulativeWeight / totalWeight,
                    valueShare: cumulativeValue / weightedSum))
        }
        return points
    }
}
