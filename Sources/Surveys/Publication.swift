/// When an estimate may be shown: the survey's rule for small cells and imprecise estimates.
public struct PublicationRule: Sendable, Equatable {
    /// Fewer respondents than this and the cell is suppressed: no number is shown at all.
    public var minimumRespondents: Int
    /// A coefficient of variation above this marks the estimate as imprecise.
    public var maximumCoefficientOfVariation: Double

    /// The default of the plans' satisfaction surveys: 30 respondents, a CV of 30 %.
    public init(minimumRespondents: Int = 30, maximumCoefficientOfVariation: Double = 0.30) {
        self.minimumRespondents = minimumRespondents
        self.maximumCoefficientOfVariation = maximumCoefficientOfVariation
    }

    /// The estimate as it may be published. A suppressed cell carries only its respondent count,
    /// so no page, export or API built on ``PublishedEstimate`` can show its number by mistake.
    public func publish(_ estimate: Estimate) -> PublishedEstimate {
        guard estimate.respondents >= minimumRespondents else { return .suppressed(respondents: estimate.respondents) }
        let imprecise = estimate.coefficientOfVariation.map { $0 > maximumCoefficientOfVariation } ?? false
        return .shown(estimate, imprecise: imprecise)
    }
}

/// An estimate after the publication rule.
public enum PublishedEstimate: Sendable, Equatable {
    /// Too few respondents: only how many.
    case suppressed(respondents: Int)
    /// Shown, and flagged when its coefficient of variation is above the rule's limit.
    case shown(Estimate, imprecise: Bool)

    /// The unweighted number of respondents, shown beside every cell.
    public var respondents: Int {
        switch self {
        case .suppressed(let respondents): respondents
        case .shown(let estimate, _): estimate.respondents
        }
    }
}
