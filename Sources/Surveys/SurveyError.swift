/// Input the survey estimators cannot take, or a computation that has no honest answer. Each case
/// names what a planner would fix; the application layer turns them into messages for people.
public enum SurveyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two parallel arrays differ in length.
    case lengthMismatch(argument: String, expected: Int, actual: Int)
    /// A design weight (0-based `respondent`) is not a finite number greater than 0.
    case invalidWeight(respondent: Int, weight: Double)
    /// A value (0-based `respondent`) is NaN or infinite.
    case nonFiniteValue(respondent: Int)
    /// A stratum holds a single cluster, so its variance cannot be estimated from within it:
    /// collapse it with a similar stratum, or choose ``LonelyClusterPolicy/centreOnGrandMean``.
    case singleClusterStratum(String)
    /// No respondent of the domain answered: nothing to estimate.
    case noRespondents
    /// The design has as many strata as clusters: no degrees of freedom to build an interval on.
    case noDegreesOfFreedom
    /// Raking margins describe populations of different sizes.
    case marginTotalsDisagree(first: String, firstTotal: Double, second: String, secondTotal: Double)
    /// A margin's category has a population but no respondent to carry it.
    case categoryWithoutRespondents(margin: String, category: String)
    /// A respondent (0-based) is in a category the margin gives no population for.
    case categoryWithoutPopulation(margin: String, category: String, respondent: Int)
    /// A margin's population total is negative or not finite.
    case invalidPopulation(margin: String, category: String, value: Double)
    /// Raking stopped after `iterations` full cycles with a margin still `largestRelativeGap` away
    /// from its population: the margins cannot all hold at once for this sample.
    case rakingDidNotConverge(iterations: Int, largestRelativeGap: Double)
    /// An option is outside its documented range.
    case invalidParameter(String)

    public var description: String {
        switch self {
        case .lengthMismatch(let argument, let expected, let actual):
            "\(argument) has \(actual) entries, expected \(expected)"
        case .invalidWeight(let respondent, let weight):
            "weight of respondent \(respondent) is \(weight); weights must be finite and greater than 0"
        case .nonFiniteValue(let respondent):
            "value of respondent \(respondent) is not a finite number"
        case .singleClusterStratum(let stratum):
            "stratum '\(stratum)' has a single cluster, so its variance cannot be estimated"
        case .noRespondents:
            "no respondent answered"
        case .noDegreesOfFreedom:
            "the design has no degrees of freedom (as many strata as clusters)"
        case .marginTotalsDisagree(let first, let firstTotal, let second, let secondTotal):
            "margin '\(first)' totals \(firstTotal) but margin '\(second)' totals \(secondTotal)"
        case .categoryWithoutRespondents(let margin, let category):
            "category '\(category)' of margin '\(margin)' has a population but no respondents"
        case .categoryWithoutPopulation(let margin, let category, let respondent):
            "respondent \(respondent) is in category '\(category)' of margin '\(margin)', which has no population"
        case .invalidPopulation(let margin, let category, let value):
            "population of '\(category)' in margin '\(margin)' is \(value)"
        case .rakingDidNotConverge(let iterations, let gap):
            "raking did not converge after \(iterations) cycles (a margin is still off by \(gap))"
        case .invalidParameter(let message):
            message
        }
    }
}
