/// One population margin to rake to: each respondent's category and each category's population.
public struct RakingMargin: Sendable, Equatable {
    /// The margin's name, as errors quote it ("县", "性别", "年龄段").
    public let name: String
    /// The category of each respondent.
    public let categories: [String]
    /// The population of each category.
    public let populations: [String: Double]

    public init(name: String, categories: [String], populations: [String: Double]) {
        self.name = name
        self.categories = categories
        self.populations = populations
    }
}

/// Weights adjusted so that the weighted sample matches every margin at once.
public struct RakingResult: Sendable, Equatable {
    /// The raked weight of each respondent.
    public let weights: [Double]
    /// Full cycles over the margins until every category was within tolerance.
    public let iterations: Int
    /// The largest |weighted − population| / population over all categories at the end.
    public let largestRelativeGap: Double
}

/// Raking (iterative proportional fitting, Deming and Stephan 1940): scales the weights to each
/// margin in turn until all hold within `tolerance`, or says that they cannot.
public enum Raking {
    /// Rakes `weights` to `margins`. Refuses margins of different population totals (they cannot
    /// all hold), a populated category without respondents, and a respondent in a category without
    /// a population; throws ``SurveyError/rakingDidNotConverge(iterations:largestRelativeGap:)``
    /// when the sample's structure keeps the margins from holding together (a respondent pattern
    /// that forces one margin off whenever another is met).
    public static func rake(
        weights: [Double], margins: [RakingMargin], tolerance: Double = 1e-9, maximumIterations: Int = 1000
    ) throws(SurveyError) -> RakingResult {
        guard tolerance > 0, maximumIterations > 0 else {
            throw .invalidParameter("tolerance and maximum iterations must be positive")
        }
        for (respondent, weight) in weights.enumerated() where !(weight.isFinite && weight > 0) {
            throw .invalidWeight(respondent: respondent, weight: weight)
        }
        let prepared = try margins.map { margin throws(SurveyError) in try PreparedMargin(margin, respondents: weights.count) }
        if let first = prepared.first {
            for other in prepared.dropFirst() where abs(other.total - first.total) > tolerance * first.total {
                throw .marginTotalsDisagree(
                    first: first.name, firstTotal: first.total, second: other.name, secondTotal: other.total)
            }
        }
        var raked = weights
        for iteration in 1...maximumIterations {
            for margin in prepared { margin.scale(&raked) }
            let gap = prepared.map { $0.largestRelativeGap(raked) }.max() ?? 0
            if gap <= tolerance {
                return RakingResult(weights: raked, iterations: iteration, largestRelativeGap: gap)
            }
            if iteration == maximumIterations {
                throw .rakingDidNotConverge(iterations: iteration, largestRelativeGap: gap)
            }
        }
        return RakingResult(weights: raked, iterations: 0, largestRelativeGap: 0)
    }

    /// A margin with categories numbered: each respondent's category index and each population.
    private struct PreparedMargin {
        let name: String
        let categoryOfRespondent: [Int]
        let populations: [Double]
        let total: Double

        init(_ margin: RakingMargin, respondents: Int) throws(SurveyError) {
            guard margin.categories.count == respondents else {
                throw .lengthMismatch(argument: margin.name, expected: respondents, actual: margin.categories.count)
            }
            let names = margin.populations.keys.sorted()
            var index: [String: Int] = [:]
            for (position, category) in names.enumerated() {
                let population = margin.populations[category]!
                guard population.isFinite, population >= 0 else {
                    throw .invalidPopulation(margin: margin.name, category: category, value: population)
                }
                index[category] = position
            }
            var present = [Bool](repeating: false, count: names.count)
            var categoryOfRespondent: [Int] = []
            categoryOfRespondent.reserveCapacity(respondents)
            for (respondent, category) in margin.categories.enumerated() {
                guard let position = index[category], margin.populations[category]! > 0 else {
                    throw .categoryWithoutPopulation(margin: margin.name, category: category, respondent: respondent)
                }
                present[position] = true
                categoryOfRespondent.append(position)
            }
            for (position, category) in names.enumerated() where !present[position] && margin.populations[category]! > 0 {
                throw .categoryWithoutRespondents(margin: margin.name, category: category)
            }
            self.name = margin.name
            self.categoryOfRespondent = categoryOfRespondent
            self.populations = names.map { margin.populations[$0]! }
            self.total = populations.reduce(0, +)
        }

        func weightedCounts(_ weights: [Double]) -> [Double] {
            var sums = [Double](repeating: 0, count: populations.count)
            for (respondent, category) in categoryOfRespondent.enumerated() { sums[category] += weights[respondent] }
            return sums
        }

        func scale(_ weights: inout [Double]) {
            let sums = weightedCounts(weights)
            let factors = zip(populations, sums).map { population, sum in sum > 0 ? population / sum : 1 }
            for (respondent, category) in categoryOfRespondent.enumerated() { weights[respondent] *= factors[category] }
        }

        func largestRelativeGap(_ weights: [Double]) -> Double {
            zip(weightedCounts(weights), populations).map { sum, population in
                population > 0 ? abs(sum - population) / population : 0
            }.max() ?? 0
        }
    }
}
