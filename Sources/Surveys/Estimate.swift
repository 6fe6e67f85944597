import Foundation

/// A design-based estimate with what a reader needs to judge it.
public struct Estimate: Sendable, Equatable {
    /// The weighted estimate (a mean or a proportion).
    public let value: Double
    /// The standard error by Taylor linearisation over strata and clusters.
    public let standardError: Double
    /// Clusters minus strata of the whole design (a domain keeps the design's degrees of freedom).
    public let degreesOfFreedom: Int
    /// The confidence level of `lowerBound`…`upperBound`, such as 0.95.
    public let confidenceLevel: Double
    /// The t-based confidence interval.
    public let lowerBound: Double
    public let upperBound: Double
    /// How many respondents answered (unweighted): what the suppression rule counts.
    public let respondents: Int
    /// The sum of their weights: the population they stand for.
    public let weightedCount: Double

    /// Standard error over the estimate; nil when the estimate is 0.
    public var coefficientOfVariation: Double? { value == 0 ? nil : standardError / abs(value) }
}

extension SampleDesign {
    /// The weighted mean of `values` over the respondents of `domain` (all when nil) who answered
    /// (non-nil), with its Taylor-linearised standard error and a t interval.
    ///
    /// A respondent outside the domain or without an answer (such as "未使用该服务") still belongs
    /// to its cluster with a zero linearised value, which is how a subpopulation's variance is
    /// estimated without pretending its size was fixed by design (Cochran §2.13; Lumley §2.5).
    /// No finite population correction: the sampling fractions of a population survey are tiny.
    public func mean(
        of values: [Double?], in domain: [Bool]? = nil, confidenceLevel: Double = 0.95
    ) throws(SurveyError) -> Estimate {
        guard values.count == count else {
            throw .lengthMismatch(argument: "values", expected: count, actual: values.count)
        }
        if let domain, domain.count != count {
            throw .lengthMismatch(argument: "domain", expected: count, actual: domain.count)
        }
        guard confidenceLevel > 0, confidenceLevel < 1 else {
            throw .invalidParameter("confidence level \(confidenceLevel) is not between 0 and 1")
        }
        var weightTotal = 0.0
        var weightedSum = 0.0
        var respondents = 0
        for respondent in 0..<count where domain?[respondent] ?? true {
            guard let value = values[respondent] else { continue }
            guard value.isFinite else { throw .nonFiniteValue(respondent: respondent) }
            weightTotal += weights[respondent]
            weightedSum += weights[respondent] * value
            respondents += 1
        }
        guard respondents > 0 else { throw .noRespondents }
        let mean = weightedSum / weightTotal
        var clusterTotals = [Double](repeating: 0, count: stratumOfCluster.count)
        for respondent in 0..<count where domain?[respondent] ?? true {
            guard let value = values[respondent] else { continue }
            clusterTotals[clusterOfRespondent[respondent]] += weights[respondent] * (value - mean) / weightTotal
        }
        let variance = betweenClusterVariance(of: clusterTotals)
        let degreesOfFreedom = self.degreesOfFreedom
        guard degreesOfFreedom > 0 else { throw .noDegreesOfFreedom }
        let standardError = variance.squareRoot()
        let critical = StudentT.quantile((1 + confidenceLevel) / 2, degreesOfFreedom: Double(degreesOfFreedom))
        return Estimate(
            value: mean, standardError: standardError, degreesOfFreedom: degreesOfFreedom,
            confidenceLevel: confidenceLevel, lowerBound: mean - critical * standardError,
            upperBound: mean + critical * standardError, respondents: respondents, weightedCount: weightTotal)
    }

    /// Σ over strata of n_h/(n_h − 1) Σ_c (z_hc − z̄_h)²: the with-replacement variance of a
    /// total from its clusters' totals. A lonely cluster, when allowed, deviates from the grand
    /// mean of all clusters instead, with the factor taken as 1.
    func betweenClusterVariance(of clusterTotals: [Double]) -> Double {
        var sums = [Double](repeating: 0, count: strata.count)
        var counts = [Int](repeating: 0, count: strata.count)
        for (cluster, total) in clusterTotals.enumerated() {
            sums[stratumOfCluster[cluster]] += total
            counts[stratumOfCluster[cluster]] += 1
        }
        let grandMean = clusterTotals.reduce(0, +) / Double(clusterTotals.count)
        var squares = [Double](repeating: 0, count: strata.count)
        for (cluster, total) in clusterTotals.enumerated() {
            let stratum = stratumOfCluster[cluster]
            let centre = counts[stratum] > 1 ? sums[stratum] / Double(counts[stratum]) : grandMean
            squares[stratum] += (total - centre) * (total - centre)
        }
        var variance = 0.0
        for stratum in 0..<strata.count {
            let n = Double(counts[stratum])
            variance += counts[stratum] > 1 ? n / (n - 1) * squares[stratum] : squares[stratum]
        }
        return variance
    }
}
