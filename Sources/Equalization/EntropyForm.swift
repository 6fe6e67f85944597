/// How GE(α) is evaluated for one α: as a weighted sum of per-value terms against a reference
/// mean m, then a finishing step. The same form serves the whole distribution, each group (against
/// the group mean) and the between-group part (group means against the overall mean).
///
/// α = 0, 1 and 2 use their closed forms (no 0/0 at α(α−1) = 0, and GE(2) through the variance
/// to avoid cancellation); α = −1 and ½ avoid `pow`, which dominates the cost otherwise.
enum EntropyForm {
    /// α = 0, Theil L: term ln m − ln x; GE = Σw·term / W.
    case meanLogDeviation
    /// α = 1, Theil T: term x(ln x − ln m); GE = Σw·term / (W·m).
    case theil
    /// α = 2: term (x − m)²; GE = Σw·term / (2W·m²) = CV²/2.
    case halfSquaredCV
    /// α = −1: term m/x.
    case reciprocal
    /// α = ½: term √(x/m).
    case squareRoot
    /// Any other α: term (x/m)^α; GE = (Σw·term / W − 1) / (α(α − 1)).
    case general(Double)

    init(alpha: Double) {
        switch alpha {
        case 0: self = .meanLogDeviation
        case 1: self = .theil
        case 2: self = .halfSquaredCV
        case -1: self = .reciprocal
        case 0.5: self = .squareRoot
        default: self = .general(alpha)
        }
    }

    var alpha: Double {
        switch self {
        case .meanLogDeviation: 0
        case .theil: 1
        case .halfSquaredCV: 2
        case .reciprocal: -1
        case .squareRoot: 0.5
        case .general(let alpha): alpha
        }
    }

    /// GE(α) needs logarithms or negative powers of the values for α ≤ 0; for α > 0 zeros are
    /// fine (x^α → 0, x ln x → 0).
    var domain: ValueDomain { alpha > 0 ? .nonNegative : .positive }

    /// Calls `body` with this form's term: one value x against the reference mean m, before
    /// weighting, as term(x, ln x, m, ln m) (ln 0 taken as 0). Handing loops the term function,
    /// rather than switching on the form per value, compiles each loop once per form.
    @inline(__always)
    func withTerm<Result>(
        _ body: ((Double, Double, Double, Double) -> Double) -> Result
    ) -> Result {
        switch self {
        case .meanLogDeviation: body { _, log, _, logMean in logMean - log }
        case .theil: body { x, log, _, logMean in x * (log - logMean) }
        case .halfSquaredCV: body { x, _, mean, _ in (x - mean) * (x - mean) }
        case .reciprocal: body { x, _, mean, _ in mean / x }
        case .squareRoot: body { x, _, mean, _ in (x / mean).squareRoot() }
        case .general(let alpha): body { x, _, mean, _ in power(x / mean, alpha) }
        }
    }

    /// GE(α) from Σw·term, the total weight W and the reference mean m.
    func value(termSum: Double, totalWeight: Double, mean: Double) -> Double {
        switch self {
        case .meanLogDeviation: termSum / totalWeight
        case .theil: termSum / (totalWeight * mean)
        case .halfSquaredCV: termSum / (2 * totalWeight * mean * mean)
        case .reciprocal, .squareRoot, .general:
            (termSum / totalWeight - 1) / (alpha * (alpha - 1))
        }
    }

    /// r^α for a group's relative mean r = μ_g/μ: with the population share p_g it weights the
    /// group's GE in the within-group part, Σ p_g·r_g^α·GE_g(α).
    func relativeMeanWeight(_ relativeMean: Double) -> Double {
        switch self {
        case .meanLogDeviation: 1
        case .theil: relativeMean
        case .halfSquaredCV: relativeMean * relativeMean
        case .reciprocal: 1 / relativeMean
        case .squareRoot: relativeMean.squareRoot()
        case .general(let alpha): power(relativeMean, alpha)
        }
    }
}
