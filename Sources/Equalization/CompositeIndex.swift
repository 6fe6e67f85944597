/// One column of a composite index.
public struct CompositeIndicator: Codable, Sendable, Equatable {
    public var name: String
    public var direction: IndicatorDirection

    public init(name: String, direction: IndicatorDirection) {
        self.name = name
        self.direction = direction
    }
}

/// How indicators are weighted in a composite index.
public enum IndicatorWeights: Sendable, Equatable {
    /// The entropy weight method (熵权法): indicators that vary more across regions weigh more.
    case entropy
    /// Weights chosen by the planner, ≥ 0, one per indicator; scaled to sum to 1.
    case given([Double])
}

/// A composite index over several indicators (regions × indicators) by TOPSIS, with every step
/// kept so that a reader can follow (and recompute) the result. Matrices are indexed
/// [region][indicator].
///
/// 1. ``normalized``: direction-aware min–max, yᵢⱼ = (xᵢⱼ − minⱼ)/(maxⱼ − minⱼ) when higher is
///    better and (maxⱼ − xᵢⱼ)/(maxⱼ − minⱼ) when lower is better, so 1 is always the best
///    observed level; a column whose values are all equal is 1 throughout.
/// 2. ``weights``: given, or by entropy: pᵢⱼ = yᵢⱼ/Σᵢyᵢⱼ, eⱼ = −Σᵢpᵢⱼ ln pᵢⱼ / ln m (0·ln 0 = 0),
///    wⱼ = (1 − eⱼ)/Σₖ(1 − eₖ); equal weights when no indicator varies (or m = 1).
/// 3. ``weightedNormalized``: vᵢⱼ = wⱼyᵢⱼ.
/// 4. ``ideal`` and ``antiIdeal``: the best (maxᵢ vᵢⱼ) and worst (minᵢ vᵢⱼ) in each column.
/// 5. ``distanceToIdeal`` D⁺ᵢ and ``distanceToAntiIdeal`` D⁻ᵢ: Euclidean distances.
/// 6. ``closeness`` Cᵢ = D⁻ᵢ/(D⁺ᵢ + D⁻ᵢ) in 0…1, higher is better; `nil` when both are 0.
///
/// The index's spread across regions (e.g. the Gini of ``closeness``) then measures how equal
/// the regions are on the indicators taken together.
public struct CompositeIndex: Codable, Sendable, Equatable {
    public var regions: [String]
    public var indicators: [CompositeIndicator]
    public var normalized: [[Double]]
    /// eⱼ per indicator; `nil` when the weights were given.
    @EncodedAsNull public var entropy: [Double]?
    public var weights: [Double]
    public var weightedNormalized: [[Double]]
    public var ideal: [Double]
    public var antiIdeal: [Double]
    public var distanceToIdeal: [Double]
    public var distanceToAntiIdeal: [Double]
    public var closeness: [Double?]

    /// - Parameter values: one row per region, one finite number per indicator.
    /// - Throws: ``EqualizationError`` when there are no regions or indicators, a row's length
    ///   differs from the indicators', a value is not finite, or given weights are the wrong
    ///   number, negative, non-finite or all 0.
    public init(
        regions: [String], indicators: [CompositeIndicator], values: [[Double]],
        weights weighting: IndicatorWeights = .entropy
    ) throws(EqualizationError) {
        guard !regions.isEmpty, !indicators.isEmpty else { throw .emptySample }
        guard values.count == regions.count else {
            throw .lengthMismatch(argument: "values", expected: regions.count, actual: values.count)
        }
        for (row, region) in zip(values, regions) {
            guard row.count == indicators.count else {
                throw .lengthMismatch(
                    argument: "values for \(region)", expected: indicators.count, actual: row.count)
            }
            if let column = row.firstIndex(where: { !$0.isFinite }) {
                throw .invalidParameter(
                    "value for \(region), \(indicators[column].name) is not a finite number")
            }
        }
        self.regions = regions
        self.indicators = indicators
        normalized = Self.normalize(values, indicators)
        switch weighting {
        case .entropy:
            let entropy = Self.entropy(of: normalized, indicatorCount: indicators.count)
            self.entropy = entropy
            self.weights = Self.scaledToOne(entropy.map { 1 - $0 })
        case .given(let given):
            guard given.count == indicators.count else {
                throw .lengthMismatch(
                    argument: "weights", expected: indicators.count, actual: given.count)
            }
            guard given.allSatisfy({ $0.isFinite && $0 >= 0 }), given.contains(where: { $0 > 0 })
            else { throw .invalidParameter("weights must be finite, ≥ 0 and not all 0") }
            entropy = nil
            self.weights = Self.scaledToOne(given)
        }
        let weights = self.weights
        let weighted = normalized.map { row in zip(row, weights).map { $0 * $1 } }
        let ideal = indicators.indices.map { column in weighted.map { $0[column] }.max()! }
        let antiIdeal = indicators.indices.map { column in weighted.map { $0[column] }.min()! }
        let toIdeal = weighted.map { Self.distance($0, ideal) }
        let toAntiIdeal = weighted.map { Self.distance($0, antiIdeal) }
        weightedNormalized = weighted
        self.ideal = ideal
        self.antiIdeal = antiIdeal
        distanceToIdeal = toIdeal
        distanceToAntiIdeal = toAntiIdeal
        closeness = zip(toIdeal, toAntiIdeal).map { plus, minus in
            plus + minus == 0 ? nil : minus / (plus + minus)
        }
    }

    private static func normalize(
        _ values: [[Double]], _ indicators: [CompositeIndicator]
    ) -> [[Double]] {
        let ranges = indicators.indices.map { column in
            let columnValues = values.map { $0[column] }
            return (min: columnValues.min()!, max: columnValues.max()!)
        }
        return values.map { row in
            indicators.indices.map { column in
                let (low, high) = ranges[column]
                guard high > low else { return 1 }
                return switch indicators[column].direction {
                case .higherIsBetter: (row[column] - low) / (high - low)
                case .lowerIsBetter: (high - row[column]) / (high - low)
                }
            }
        }
    }

    /// eⱼ = −Σᵢ pᵢⱼ ln pᵢⱼ / ln m; 1 (no information) for a single region.
    private static func entropy(of normalized: [[Double]], indicatorCount: Int) -> [Double] {
        let regionCount = normalized.count
        guard regionCount > 1 else { return [Double](repeating: 1, count: indicatorCount) }
        return (0..<indicatorCount).map { column in
            let columnTotal = normalized.reduce(0) { $0 + $1[column] }
            let sum = normalized.reduce(0) { sum, row in
                let share = row[column] / columnTotal
                return sum + share * naturalLogOrZero(share)
            }
            return -sum / naturalLog(Double(regionCount))
        }
    }

    /// Divides by the sum; equal weights when the sum is 0 (no indicator varies).
    private static func scaledToOne(_ raw: [Double]) -> [Double] {
        let total = raw.reduce(0, +)
        guard total > 0 else { return raw.map { _ in 1 / Double(raw.count) } }
        return raw.map { $0 / total }
    }

    private static func distance(_ row: [Double], _ point: [Double]) -> Double {
        zip(row, point).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    }
}
