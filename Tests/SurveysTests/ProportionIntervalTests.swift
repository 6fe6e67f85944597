import Testing

@testable import Surveys

@Test func wilsonIntervalsMatchStatsmodels() throws {
    let reference: [(Int, Int, Double, Double)] = [
        (7, 20, 0.18119182410108203, 0.5671457233147638),
        (0, 12, 0.0, 0.24249400665524096),
        (981, 1000, 0.9705155440876868, 0.9878031142492091),
        (450, 1200, 0.3480483747583142, 0.40274937539236944),
    ]
    for (successes, trials, lower, upper) in reference {
        let interval = try ProportionInterval.wilson(successes: successes, trials: trials)
        #expect(abs(interval.lowerBound - lower) < 1e-12, "\(successes)/\(trials)")
        #expect(abs(interval.upperBound - upper) < 1e-12, "\(successes)/\(trials)")
    }
}

@Test func wilsonRefusesImpossibleCounts() {
    #expect(throws: SurveyError.noRespondents) { try ProportionInterval.wilson(successes: 0, trials: 0) }
    #expect(throws: SurveyError.invalidParameter("5 successes out of 4 trials")) {
        try ProportionInterval.wilson(successes: 5, trials: 4)
    }
}
