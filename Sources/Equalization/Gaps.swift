/// Whether more or less of an indicator is better (enrolment rate vs. pupils per class).
public enum IndicatorDirection: String, Codable, Sendable {
    case higherIsBetter
    case lowerIsBetter
}

/// A value set against a reference value: poverty counties against the average, urban against
/// rural.
public struct Gap: Codable, Sendable, Equatable {
    public var value: Double
    public var reference: Double
    /// value − reference.
    public var difference: Double
    /// value / reference; `nil` when the reference is 0.
    @EncodedAsNull public var ratio: Double?
    /// (value − reference) / reference; `nil` when the reference is 0.
    @EncodedAsNull public var relativeDifference: Double?

    public init(value: Double, reference: Double) {
        self.value = value
        self.reference = reference
        difference = value - reference
        ratio = reference == 0 ? nil : value / reference
        relativeDifference = reference == 0 ? nil : (value - reference) / reference
    }

    /// Urban against rural: `ratio` is the urban/rural ratio (城乡比), `difference` urban − rural.
    public static func urbanRural(urban: Double, rural: Double) -> Gap {
        Gap(value: urban, reference: rural)
    }
}

/// Means of a flagged set of regions (poverty counties, urban districts) against the rest and
/// against all regions, under one weighting.
public struct FlaggedGroupComparison: Codable, Sendable, Equatable {
    public var weighting: Weighting
    public var flaggedCount: Int
    public var othersCount: Int
    /// Mean of the flagged regions; `nil` when none is flagged.
    @EncodedAsNull public var flaggedMean: Double?
    /// Mean of the other regions; `nil` when all are flagged.
    @EncodedAsNull public var othersMean: Double?
    /// Mean of all regions.
    public var overallMean: Double
    /// Flagged mean against the overall mean ("poor counties at 85% of the average").
    @EncodedAsNull public var flaggedVersusOverall: Gap?
    /// Flagged mean against the others' mean (with urban flagged: the urban/rural gap).
    @EncodedAsNull public var flaggedVersusOthers: Gap?
}

extension Distribution {
    /// Compares the regions flagged `true` with the others and with all, under this
    /// distribution's weighting. Throws when `flags` does not have one entry per region.
    public func compareFlagged(_ flags: [Bool]) throws(EqualizationError) -> FlaggedGroupComparison
    {
        guard flags.count == count else {
            throw .lengthMismatch(argument: "flags", expected: count, actual: flags.count)
        }
        return withColumns { columns in
            var flaggedWeight = 0.0
            var flaggedSum = 0.0
            var flaggedCount = 0
            for index in columns.values.indices where flags[index] {
                flaggedWeight += columns.weights[index]
                flaggedSum += columns.weights[index] * columns.values[index]
                flaggedCount += 1
            }
            let othersWeight = columns.totalWeight - flaggedWeight
            let flaggedMean = flaggedCount == 0 ? nil : flaggedSum / flaggedWeight
            let othersMean =
                flaggedCount == count
                ? nil : (columns.weightedSum - flaggedSum) / othersWeight
            return FlaggedGroupComparison(
                weighting: weighting, flaggedCount: flaggedCount,
                othersCount: count - flaggedCount,
                flaggedMean: flaggedMean, othersMean: othersMean, overallMean: columns.mean,
                flaggedVersusOverall: flaggedMean.map { Gap(value: $0, reference: columns.mean) },
                flaggedVersusOthers: flaggedMean.flatMap { flagged in
                    othersMean.map { Gap(value: flagged, reference: $0) }
                })
        }
    }
}

/// One indicator of a region set against the benchmark region's value.
public struct BenchmarkIndicator: Codable, Sendable, Equatable {
    public var indicator: String
    public var direction: IndicatorDirection
    /// The region's value; nil when missing.
    public var value: Double?
    /// The benchmark region's value; nil when missing.
    public var benchmark: Double?

    public init(
        indicator: String, direction: IndicatorDirection, value: Double?, benchmark: Double?
    ) {
        self.indicator = indicator
        self.direction = direction
        self.value = value
        self.benchmark = benchmark
    }
}

/// How one indicator compares with the benchmark.
public struct IndicatorAttainment: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case reached
        case notReached
        /// Value or benchmark missing or not finite, or benchmark ≤ 0: left out of the share.
        case notComparable
    }

    public var indicator: String
    public var direction: IndicatorDirection
    public var status: Status
    /// value/benchmark when higher is better, benchmark/value when lower is better (so ≥ the
    /// threshold means reached); `nil` when not comparable or when a lower-is-better value is ≤ 0.
    @EncodedAsNull public var achievement: Double?
}

/// Share of indicators on which a region reaches at least a threshold (default 90%) of a
/// benchmark region's level, e.g. "20 indicators reach 90% of the Beijing–Tianjin level".
public struct BenchmarkAttainment: Codable, Sendable, Equatable {
    /// The fraction p (0.9 = 90%).
    public var threshold: Double
    public var indicators: [IndicatorAttainment]
    public var reachedCount: Int
    /// Indicators that could be compared; the denominator of ``share``.
    public var comparableCount: Int
    /// reached / comparable; `nil` when nothing could be compared.
    @EncodedAsNull public var share: Double?

    /// Compares each indicator with its benchmark value b at threshold p:
    /// higher is better → reached when value ≥ p·b; lower is better → reached when
    /// value ≤ b/p (a region may exceed the benchmark's level of a "bad" by a factor 1/p).
    /// Indicators with a missing or non-finite value or benchmark, or a benchmark ≤ 0 (a
    /// percentage of nothing), are `notComparable` and left out of the share.
    ///
    /// Throws ``EqualizationError/invalidParameter(_:)`` unless 0 < threshold and finite.
    public init(
        _ indicators: [BenchmarkIndicator], threshold: Double = 0.9
    ) throws(EqualizationError) {
        guard threshold > 0, threshold.isFinite else {
            throw .invalidParameter("threshold \(threshold) must be finite and greater than 0")
        }
        self.threshold = threshold
        self.indicators = indicators.map { Self.attainment(of: $0, threshold: threshold) }
        reachedCount = self.indicators.count { $0.status == .reached }
        comparableCount = self.indicators.count { $0.status != .notComparable }
        share = comparableCount == 0 ? nil : Double(reachedCount) / Double(comparableCount)
    }

    private static func attainment(
        of item: BenchmarkIndicator, threshold: Double
    ) -> IndicatorAttainment {
        guard let value = item.value, let benchmark = item.benchmark, value.isFinite,
            benchmark.isFinite, benchmark > 0
        else {
            return IndicatorAttainment(
                indicator: item.indicator, direction: item.direction, status: .notComparable,
                achievement: nil)
        }
        let reached: Bool
        let achievement: Double?
        switch item.direction {
        case .higherIsBetter:
            reached = value >= threshold * benchmark
            achievement = value / benchmark
        case .lowerIsBetter:
            reached = value <= benchmark / threshold
            achievement = value > 0 ? benchmark / value : nil
        }
        return IndicatorAttainment(
            indicator: item.indicator, direction: item.direction,
            status: reached ? .reached : .notReached, achievement: achievement)
    }
}
