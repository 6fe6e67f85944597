/// Whether a result weights each region by its weight (usually population) or counts every
/// region once. Every result says which, because the two answer different questions: how equal
/// are people's services, versus how equal are the regions.
public enum Weighting: String, Codable, Sendable {
    /// pᵢ = wᵢ/Σw with the supplied weights.
    case weighted
    /// pᵢ = 1/n.
    case unweighted
}

/// Why a measure has no value. Undefined measures are `nil` (JSON `null`) and listed with one of
/// these reasons, never returned as infinity or NaN.
public enum UndefinedReason: String, Codable, Sendable {
    /// No region is left to measure (every value or weight was missing).
    case noData
    /// Weighted results were asked for but no weights were supplied.
    case noWeights
    /// The measure divides by the mean, which is 0 or negative.
    case nonPositiveMean
    /// The measure needs values ≥ 0 (shares of a total, logarithms, powers).
    case negativeValues
    /// The measure takes the logarithm or a negative power of the values, or divides by the
    /// minimum or a lower percentile, and at least one of those is 0.
    case zeroValues
}

/// One measure that could not be computed, with the reason.
public struct UndefinedMeasure: Codable, Sendable, Equatable {
    /// The measure's key as it appears in the results, e.g. `theilL`, `atkinson(2)`, `p90/p10`.
    public var measure: String
    public var reason: UndefinedReason

    public init(measure: String, reason: UndefinedReason) {
        self.measure = measure
        self.reason = reason
    }
}

/// A pair of percentiles whose ratio is reported, e.g. P90/P10.
public struct PercentilePair: Codable, Sendable, Equatable {
    /// Percent, 0…100, of the numerator.
    public var upper: Double
    /// Percent, 0…100, of the denominator.
    public var lower: Double

    public init(upper: Double, lower: Double) {
        self.upper = upper
        self.lower = lower
    }
}

/// Which parameterised measures to compute besides the fixed ones (mean, CV, Gini, Theil T and L,
/// max/min, min/mean).
public struct MeasureOptions: Sendable, Equatable {
    /// α values for GE(α). Any finite α; GE(0) is Theil L, GE(1) Theil T, GE(2) half the squared CV.
    public let generalizedEntropyAlphas: [Double]
    /// ε values (≥ 0) for Atkinson(ε); ε = 1 uses the geometric mean.
    public let atkinsonEpsilons: [Double]
    /// Percents (0…100) to report as percentiles.
    public let percentiles: [Double]
    /// Percentile ratios to report.
    public let percentileRatios: [PercentilePair]
    /// Whether to return the Lorenz curve points (n + 1 of them).
    public let includesLorenzCurve: Bool

    /// GE(−1, 0, 0.5, 1, 2), Atkinson(0.5, 1, 2), P10…P90 with the ratios P90/P10, P80/P20 and
    /// P75/P25, and the Lorenz curve.
    public static let standard = MeasureOptions(
        checkedAlphas: [-1, 0, 0.5, 1, 2],
        atkinsonEpsilons: [0.5, 1, 2],
        percentiles: [10, 20, 25, 50, 75, 80, 90],
        percentileRatios: [
            PercentilePair(upper: 90, lower: 10),
            PercentilePair(upper: 80, lower: 20),
            PercentilePair(upper: 75, lower: 25),
        ],
        includesLorenzCurve: true
    )

    /// Throws ``EqualizationError/invalidParameter(_:)`` for a non-finite α, a negative or
    /// non-finite ε, or a percent outside 0…100.
    public init(
        generalizedEntropyAlphas: [Double] = MeasureOptions.standard.generalizedEntropyAlphas,
        atkinsonEpsilons: [Double] = MeasureOptions.standard.atkinsonEpsilons,
        percentiles: [Double] = MeasureOptions.standard.percentiles,
        percentileRatios: [PercentilePair] = MeasureOptions.standard.percentileRatios,
        includesLorenzCurve: Bool = true
    ) throws(EqualizationError) {
        if let alpha = generalizedEntropyAlphas.first(where: { !$0.isFinite }) {
            throw .invalidParameter("GE alpha \(alpha) is not finite")
        }
        if let epsilon = atkinsonEpsilons.first(where: { !($0.isFinite && $0 >= 0) }) {
            throw .invalidParameter("Atkinson epsilon \(epsilon) must be finite and ≥ 0")
        }
        let allPercents = percentiles + percentileRatios.flatMap { [$0.upper, $0.lower] }
        if let percent = allPercents.first(where: { !(0...100).contains($0) }) {
            throw .invalidParameter("percent \(percent) is outside 0…100")
        }
        self.init(
            checkedAlphas: generalizedEntropyAlphas, atkinsonEpsilons: atkinsonEpsilons,
            percentiles: percentiles, percentileRatios: percentileRatios,
            includesLorenzCurve: includesLorenzCurve)
    }

    private init(
        checkedAlphas: [Double], atkinsonEpsilons: [Double], percentiles: [Double],
        percentileRatios: [PercentilePair], includesLorenzCurve: Bool
    ) {
        self.generalizedEntropyAlphas = checkedAlphas
        self.atkinsonEpsilons = atkinsonEpsilons
        self.percentiles = percentiles
        self.percentileRatios = percentileRatios
        self.includesLorenzCurve = includesLorenzCurve
    }
}

/// GE(α) for one α.
public struct GeneralizedEntropyValue: Codable, Sendable, Equatable {
    public var alpha: Double
    @EncodedAsNull public var value: Double?
}

/// Atkinson(ε) for one ε.
public struct AtkinsonValue: Codable, Sendable, Equatable {
    public var epsilon: Double
    @EncodedAsNull public var value: Double?
}

/// The value at a percentile (inverted empirical CDF: see ``Distribution/percentile(_:)``).
public struct Percentile: Codable, Sendable, Equatable {
    public var percent: Double
    public var value: Double
}

/// The ratio of two percentiles, e.g. P90/P10.
public struct PercentileRatio: Codable, Sendable, Equatable {
    public var upper: Double
    public var lower: Double
    @EncodedAsNull public var value: Double?
}

/// One point of the Lorenz curve: the poorest `populationShare` of the weight (of the regions,
/// when unweighted) holds `valueShare` of the total Σwx.
public struct LorenzPoint: Codable, Sendable, Equatable {
    public var populationShare: Double
    public var valueShare: Double
}

/// Every measure of one distribution under one weighting. Measures that are undefined for the
/// data are `nil` and listed in ``undefined`` with the reason.
public struct InequalityMeasures: Codable, Sendable, Equatable {
    public var weighting: Weighting
    /// Regions measured.
    public var regionCount: Int
    /// Σw (the region count when unweighted).
    public var totalWeight: Double
    /// μ = Σpᵢxᵢ.
    public var mean: Double
    /// Population standard deviation √(Σpᵢ(xᵢ−μ)²).
    public var standardDeviation: Double
    public var minimum: Double
    public var maximum: Double
    /// Coefficient of variation: standard deviation / μ.
    @EncodedAsNull public var cv: Double?
    /// Gini = ΣᵢΣⱼ pᵢpⱼ|xᵢ−xⱼ| / (2μ), without small-sample correction.
    @EncodedAsNull public var gini: Double?
    /// Theil T = GE(1) = Σpᵢ(xᵢ/μ)ln(xᵢ/μ).
    @EncodedAsNull public var theilT: Double?
    /// Theil L = mean log deviation = GE(0) = Σpᵢln(μ/xᵢ).
    @EncodedAsNull public var theilL: Double?
    /// GE(α) for each requested α.
    public var generalizedEntropy: [GeneralizedEntropyValue]
    /// Atkinson(ε) for each requested ε.
    public var atkinson: [AtkinsonValue]
    /// maximum / minimum.
    @EncodedAsNull public var maxMinRatio: Double?
    /// minimum / μ.
    @EncodedAsNull public var minMeanRatio: Double?
    public var percentiles: [Percentile]
    public var percentileRatios: [PercentileRatio]
    /// n + 1 points from (0, 0) to (1, 1); `nil` when not requested or undefined.
    @EncodedAsNull public var lorenzCurve: [LorenzPoint]?
    /// Theil T and Theil L split into within- and between-group parts; `nil` without a grouping.
    @EncodedAsNull public var decomposition: GroupDecomposition?
    /// The measures above that are `nil` because the data do not allow them, with reasons.
    public var undefined: [UndefinedMeasure]

    /// GE(α) if it was requested and is defined.
    public func generalizedEntropy(alpha: Double) -> Double? {
        generalizedEntropy.first { $0.alpha == alpha }?.value
    }

    /// Atkinson(ε) if it was requested and is defined.
    public func atkinson(epsilon: Double) -> Double? {
        atkinson.first { $0.epsilon == epsilon }?.value
    }

    /// The percentile if it was requested.
    public func percentile(_ percent: Double) -> Double? {
        percentiles.first { $0.percent == percent }?.value
    }

    /// The percentile ratio if it was requested and is defined.
    public func percentileRatio(upper: Double, lower: Double) -> Double? {
        percentileRatios.first { $0.upper == upper && $0.lower == lower }?.value
    }
}
