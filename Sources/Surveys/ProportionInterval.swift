import Foundation

/// A proportion from a simple count (work orders resolved of those closed, say) with its Wilson
/// score interval, which stays inside [0, 1] and keeps its coverage for small counts and for
/// proportions near 0 or 1, where the textbook p ± z·√(p(1−p)/n) fails.
public struct ProportionInterval: Sendable, Equatable {
    public let successes: Int
    public let trials: Int
    public let confidenceLevel: Double
    public let lowerBound: Double
    public let upperBound: Double

    /// successes / trials.
    public var proportion: Double { Double(successes) / Double(trials) }

    /// The Wilson score interval (Wilson 1927), as `statsmodels`' `proportion_confint(method="wilson")`.
    public static func wilson(
        successes: Int, trials: Int, confidenceLevel: Double = 0.95
    ) throws(SurveyError) -> ProportionInterval {
        guard trials > 0 else { throw .noRespondents }
        guard successes >= 0, successes <= trials else {
            throw .invalidParameter("\(successes) successes out of \(trials) trials")
        }
        guard confidenceLevel > 0, confidenceLevel < 1 else {
            throw .invalidParameter("confidence level \(confidenceLevel) is not between 0 and 1")
        }
        let z = StandardNormal.quantile((1 + confidenceLevel) / 2)
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let halfWidth = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return ProportionInterval(
            successes: successes, trials: trials, confidenceLevel: confidenceLevel,
            lowerBound: max(0, centre - halfWidth), upperBound: min(1, centre + halfWidth))
    }
}

/// The standard normal distribution's quantile, for intervals on large counts.
public enum StandardNormal {
    /// The z with Φ(z) = `probability`, by bisection on Φ(z) = erfc(−z/√2)/2.
    public static func quantile(_ probability: Double) -> Double {
        precondition(probability > 0 && probability < 1, "probability must be in (0, 1)")
        var low = -40.0
        var high = 40.0
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if middle == low || middle == high { break }
            if erfc(-middle / 2.0.squareRoot()) / 2 < probability { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }
}
